// blockjob, blockcopy, blockcommit, blockpull.
import type { CommandDef, Output } from "../command.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
import type { Args } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import type { TypedParamValue } from "../../api/typed-params.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { CliError, withContext } from "../errors.js";
import { ULLONG_MAX } from "../limits.js";
import { blockJobName } from "../format/enums.js";
import { prettyBytes } from "../format/values.js";
import { BlockJobWaiter, virshProgressLine } from "../progress.js";
import { scaledOption } from "../scaled.js";
import { xmlEscape } from "./specs.js";

const PATH = { name: "path", type: "string", required: true, help: "fully-qualified path of disk" } as const;
// Options blockpull, blockcommit and blockcopy share.
const BANDWIDTH = { name: "bandwidth", type: "int", help: "bandwidth limit in MiB/s" } as const;
const BYTES = { name: "bytes", type: "bool", help: "the bandwidth limit is in bytes/s rather than MiB/s" } as const;
const KEEP_RELATIVE = { name: "keep-relative", type: "bool", help: "keep the backing chain relatively referenced" } as const;

/** vshBlockJobOptionBandwidth: a plain number as given, or a scaled size (bytes, or MiB/s without --bytes). */
function bandwidth(a: Args, bytes: boolean): bigint {
  const text = a.str("bandwidth");
  if (text === undefined) return 0n;
  if (/^\d+$/.test(text)) return BigInt(text);
  const v = scaledOption("--bandwidth", text, 1n, ULLONG_MAX);
  return bytes ? v : v >> 20n;
}

/** vshCommandOptTimeoutToMs. */
function timeoutMs(a: Args): number {
  const t = a.int("timeout");
  if (t === undefined) return 0;
  if (t < 1 || t > 0x7fffffff / 1000) throw new CliError("invalid timeout");
  return t * 1000;
}

interface WaitPlan {
  ctx: Ctx;
  d: Domain;
  path: string;
  label: string;
  verbose: boolean;
  timeout: number;
  async: boolean;
}

function waitPlan(ctx: Ctx, a: Args, d: Domain, path: string, label: string, timeout: number): WaitPlan {
  return { ctx, d, path, label, verbose: a.bool("verbose"), timeout, async: a.bool("async") };
}

/** --verbose and --async only mean something for a job waited on; `waits` names what makes one. */
function requireBlocking(a: Args, blocking: boolean, waits: string): void {
  if (blocking) return;
  if (a.bool("verbose")) throw new CliError(`--verbose requires at least one of ${waits}`);
  if (a.bool("async")) throw new CliError(`--async requires at least one of ${waits}`);
}

interface JobEnd {
  pivot: boolean;
  finish: boolean;
  /** Status and message after --finish (or --keep-overlay). */
  finished: readonly [string, string];
  /** Message when left running in its ready phase. */
  ready: string;
}

/** A copy or active commit that reached its ready phase: pivot, finish, or leave it so. */
async function concludeJob(ctx: Ctx, a: Args, d: Domain, path: string, json: Record<string, unknown>, e: JobEnd): Promise<Output> {
  const abortFlags = a.bool("async") ? C.BLOCK_JOB_ABORT_ASYNC : 0;
  if (e.pivot) {
    await withContext(`failed to pivot job for disk ${path}`, d.abortBlockJob(path, abortFlags | C.BLOCK_JOB_ABORT_PIVOT, ctx.call));
    return out({ ...json, status: "pivoted" }, ctx.extra("\nSuccessfully pivoted"));
  }
  if (e.finish) {
    await withContext(`failed to finish job for disk ${path}`, d.abortBlockJob(path, abortFlags, ctx.call));
    return out({ ...json, status: e.finished[0] }, ctx.extra(e.finished[1]));
  }
  return out({ ...json, status: "ready" }, ctx.extra(e.ready));
}

/** Start a job with `start`, then (when blocking) wait for it as virsh does. */
async function runBlockJob(plan: WaitPlan, blocking: boolean, start: () => Promise<void>): Promise<number | null> {
  const waiter = blocking ? await BlockJobWaiter.create(plan.ctx, plan.d, plan.path) : null;
  try {
    await start();
    if (!waiter) return null;
    return await waiter.wait({ label: plan.label, verbose: plan.verbose, timeoutMs: plan.timeout, asyncAbort: plan.async });
  } finally {
    await waiter?.dispose();
  }
}

/**
 * What virsh says of a job not waited on (`started`), or of a wait that did
 * not reach ready/completed (failure); null when it did.
 */
function unfinished(ctx: Ctx, status: number | null, started: string, what: string, json: Record<string, unknown>): Output | null {
  if (status === null) return out({ ...json, status: "started" }, ctx.extra(started));
  if (status === C.BLOCK_JOB_CANCELED) return { json: { ...json, status: "canceled" }, text: ctx.extra(`\n${what} aborted`), ok: false };
  if (status === C.BLOCK_JOB_FAILED) return { json: { ...json, status: "failed" }, text: ctx.extra(`\n${what} failed`), ok: false };
  return null;
}

export const blockjob: CommandDef = {
  name: "blockjob",
  group: "domain",
  help: "Manage active block operations",
  desc: "Query, adjust speed, or cancel active block operations.",
  options: [
    DOMAIN,
    PATH,
    { name: "abort", type: "bool", help: "abort the active job on the specified disk" },
    { name: "async", type: "bool", help: "implies --abort; request but don't wait for job end" },
    { name: "pivot", type: "bool", help: "implies --abort; conclude and pivot a copy or commit job" },
    { name: "info", type: "bool", help: "get active job information for the specified disk" },
    { name: "bytes", type: "bool", help: "get/set bandwidth in bytes rather than MiB/s" },
    { name: "raw", type: "bool", help: "implies --info; output details rather than human summary" },
    { name: "bandwidth", type: "int", help: "set the bandwidth limit in MiB/s" },
  ],
  async run(ctx, a) {
    for (const [x, y] of [
      ["raw", "abort"], ["raw", "pivot"], ["raw", "async"], ["raw", "bandwidth"],
      ["info", "abort"], ["info", "pivot"], ["info", "async"], ["info", "bandwidth"],
      ["bytes", "abort"], ["bytes", "pivot"], ["bytes", "async"],
    ] as const) a.exclusive(x, y);
    const d = await dom(ctx, a);
    const path = a.req("path");
    const bytes = a.bool("bytes");
    const raw = a.bool("raw");
    if (a.has("bandwidth")) {
      const bw = bandwidth(a, bytes);
      await d.setBlockJobSpeed(path, bw, bytes ? C.BLOCK_JOB_SPEED_BANDWIDTH_BYTES : 0, ctx.call);
      return out({ path, bandwidth: bw, bytes }, "");
    }
    if (a.bool("abort") || a.bool("pivot") || a.bool("async")) {
      let flags = 0;
      if (a.bool("async")) flags |= C.BLOCK_JOB_ABORT_ASYNC;
      if (a.bool("pivot")) flags |= C.BLOCK_JOB_ABORT_PIVOT;
      await d.abortBlockJob(path, flags, ctx.call);
      return out({ path, aborted: true, pivot: a.bool("pivot") }, "");
    }
    // Query bytes/s first (unless --raw asks for the native unit); older servers only know MiB/s.
    let info: Awaited<ReturnType<Domain["getBlockJobInfo"]>> | undefined;
    let speed = 0n;
    if (bytes || !raw) {
      try {
        info = await d.getBlockJobInfo(path, C.BLOCK_JOB_INFO_BANDWIDTH_BYTES, ctx.call);
        speed = info.bandwidth;
      } catch (err) {
        if (bytes || !(err instanceof VirtError && (err.code === VirtError.ERR_INVALID_ARG || err.code === VirtError.ERR_OVERFLOW))) throw err;
      }
    }
    if (!info) {
      info = await d.getBlockJobInfo(path, 0, ctx.call);
      speed = raw ? info.bandwidth : info.bandwidth << 20n;
    }
    const json = { path, type: info.type === 0 ? null : blockJobName(info.type), typeCode: info.type, bandwidth: info.bandwidth, speedBytesPerSecond: speed, cur: info.cur, end: info.end };
    if (info.type === 0) return out({ ...json, active: false }, raw ? "" : ctx.extra(`No current block job for ${path}`));
    if (raw) return out(json, ` type=${blockJobName(info.type)}\n bandwidth=${info.bandwidth}\n cur=${info.cur}\n end=${info.end}\n`);
    // The progress part goes to stderr, as virsh prints it.
    if (!ctx.json) ctx.printErr(virshProgressLine(blockJobName(info.type), info.end - info.cur, info.end));
    let t = "";
    if (speed) t += `    Bandwidth limit: ${speed} bytes/s (${prettyBytes(speed)}/s)`;
    return out(json, `${t}\n`);
  },
};

const WAIT_OPTS = (what: string) =>
  [
    { name: "wait", type: "bool", help: `wait for job to ${what}` },
    { name: "verbose", type: "bool", help: "with --wait, display the progress" },
  ] as const;

/** The waiting options of a job that can pivot or finish (blockcommit, blockcopy). */
const MIRROR_OPTS = (wait: string, implies: string, phase: string, finish: string) =>
  [
    ...WAIT_OPTS(wait),
    { name: "timeout", type: "int", help: "implies --wait, abort if copy exceeds timeout (in seconds)" },
    { name: "pivot", type: "bool", help: `implies ${implies}, pivot when ${phase}` },
    { name: finish, type: "bool", help: `implies ${implies}, quit when ${phase}` },
    { name: "async", type: "bool", help: "with --wait, don't wait for cancel to finish" },
  ] as const;

export const blockpull: CommandDef = {
  name: "blockpull",
  group: "domain",
  help: "Populate a disk from its backing image.",
  desc: "Populate a disk from its backing image.",
  options: [
    DOMAIN,
    PATH,
    BANDWIDTH,
    { name: "base", type: "string", help: "path of backing file in chain for a partial pull" },
    ...WAIT_OPTS("finish"),
    { name: "timeout", type: "int", help: "with --wait, abort if pull exceeds timeout (in seconds)" },
    { name: "async", type: "bool", help: "with --wait, don't wait for cancel to finish" },
    KEEP_RELATIVE,
    BYTES,
  ],
  async run(ctx, a) {
    a.requires("verbose", "wait");
    a.requires("async", "wait");
    const path = a.req("path");
    const base = a.str("base");
    const bytes = a.bool("bytes");
    const bw = bandwidth(a, bytes);
    const timeout = timeoutMs(a);
    let flags = a.bool("keep-relative") ? C.BLOCK_REBASE_RELATIVE : 0;
    const d = await dom(ctx, a);
    const blocking = a.bool("wait");
    const status = await runBlockJob(waitPlan(ctx, a, d, path, "Block Pull", timeout), blocking, async () => {
      if (base !== undefined || flags) {
        if (bytes) flags |= C.BLOCK_REBASE_BANDWIDTH_BYTES;
        await d.blockRebase(path, base ?? null, bw, flags, ctx.call);
      } else {
        await d.blockPull(path, bw, bytes ? C.BLOCK_PULL_BANDWIDTH_BYTES : 0, ctx.call);
      }
    });
    const json = { path, base: base ?? null };
    return unfinished(ctx, status, "Block Pull started", "Pull", json) ?? out({ ...json, status: "completed" }, ctx.extra("\nPull complete"));
  },
};

export const blockcommit: CommandDef = {
  name: "blockcommit",
  group: "domain",
  help: "Start a block commit operation.",
  desc: "Commit changes from a snapshot down to its backing image.",
  options: [
    DOMAIN,
    PATH,
    BANDWIDTH,
    { name: "base", type: "string", help: "path of base file to commit into (default bottom of chain)" },
    { name: "shallow", type: "bool", help: "use backing file of top as base" },
    { name: "top", type: "string", help: "path of top file to commit from (default top of chain)" },
    { name: "active", type: "bool", help: "trigger two-stage active commit of top file" },
    { name: "delete", type: "bool", help: "delete files that were successfully committed" },
    ...MIRROR_OPTS("complete (with --active, wait for job to sync)", "--active --wait", "commit is synced", "keep-overlay"),
    KEEP_RELATIVE,
    BYTES,
  ],
  async run(ctx, a) {
    a.exclusive("pivot", "keep-overlay");
    const pivot = a.bool("pivot");
    const finish = a.bool("keep-overlay");
    const active = a.bool("active") || pivot || finish;
    const path = a.req("path");
    const base = a.str("base") ?? null;
    const top = a.str("top") ?? null;
    const bytes = a.bool("bytes");
    const bw = bandwidth(a, bytes);
    let flags = 0;
    if (bytes) flags |= C.BLOCK_COMMIT_BANDWIDTH_BYTES;
    if (a.bool("shallow")) flags |= C.BLOCK_COMMIT_SHALLOW;
    if (a.bool("delete")) flags |= C.BLOCK_COMMIT_DELETE;
    if (active) flags |= C.BLOCK_COMMIT_ACTIVE;
    if (a.bool("keep-relative")) flags |= C.BLOCK_COMMIT_RELATIVE;
    const timeout = timeoutMs(a);
    const blocking = a.bool("wait") || pivot || finish || timeout > 0;
    requireBlocking(a, blocking, "--timeout, --wait, --pivot, or --keep-overlay");
    const d = await dom(ctx, a);
    const status = await runBlockJob(waitPlan(ctx, a, d, path, "Block commit", timeout), blocking, () => d.blockCommit(path, base, top, bw, flags, ctx.call));
    const json = { path, base, top, active };
    const bad = unfinished(ctx, status, active ? "Active Block Commit started" : "Block Commit started", "Commit", json);
    if (bad) return bad;
    if (!active) return out({ ...json, status: "completed" }, ctx.extra("\nCommit complete"));
    return concludeJob(ctx, a, d, path, json, { pivot, finish, finished: ["completed", "\nCommit complete, overlay image kept"], ready: "\nNow in synchronized phase" });
  },
};

export const blockcopy: CommandDef = {
  name: "blockcopy",
  group: "domain",
  help: "Start a block copy operation.",
  desc: "Copy a disk backing image chain to dest.",
  options: [
    DOMAIN,
    { ...PATH, help: "fully-qualified path of source disk" },
    { name: "dest", type: "string", help: "path of the copy to create" },
    BANDWIDTH,
    { name: "shallow", type: "bool", help: "make the copy share a backing chain" },
    { name: "reuse-external", type: "bool", help: "reuse existing destination" },
    { name: "raw", type: "bool", help: "same as --format=raw" },
    { name: "blockdev", type: "bool", help: "copy destination is block device instead of regular file" },
    ...MIRROR_OPTS("reach mirroring phase", "--wait", "mirroring starts", "finish"),
    { name: "xml", type: "string", help: "filename containing XML description of the copy destination" },
    { name: "format", type: "string", help: "format of the destination file" },
    { name: "granularity", type: "int", help: "power-of-two granularity to use during the copy" },
    { name: "buf-size", type: "int", help: "maximum amount of in-flight data during the copy" },
    BYTES,
    { name: "transient-job", type: "bool", help: "the copy job is not persisted if VM is turned off" },
    { name: "synchronous-writes", type: "bool", help: "the copy job forces guest writes to be synchronously written to the destination" },
    { name: "print-xml", type: "bool", help: "print the XML used to start the copy job instead of starting the job" },
  ],
  async run(ctx, a) {
    const path = a.req("path");
    const dest = a.str("dest");
    const xmlFile = a.str("xml");
    a.exclusive("raw", "format");
    const format = a.bool("raw") ? "raw" : a.str("format");
    const bytes = a.bool("bytes");
    let bw = bandwidth(a, bytes);
    const granularity = a.uint("granularity") ?? 0;
    const bufSize = a.ull("buf-size") ?? 0n;
    let flags = 0;
    if (a.bool("shallow")) flags |= C.BLOCK_REBASE_SHALLOW;
    if (a.bool("reuse-external")) flags |= C.BLOCK_REBASE_REUSE_EXT;
    if (a.bool("transient-job")) flags |= C.BLOCK_COPY_TRANSIENT_JOB;
    if (a.bool("synchronous-writes")) flags |= C.BLOCK_COPY_SYNCHRONOUS_WRITES;
    const timeout = timeoutMs(a);
    const pivot = a.bool("pivot");
    const finish = a.bool("finish");
    const blocking = a.bool("wait") || pivot || finish || timeout > 0;
    a.exclusive("dest", "xml");
    a.exclusive("format", "xml");
    a.exclusive("blockdev", "xml");
    a.exclusive("pivot", "finish");
    if (dest === undefined && xmlFile === undefined) throw new CliError("need either --dest or --xml");
    requireBlocking(a, blocking, "--timeout, --wait, --pivot, or --finish");
    const d = await dom(ctx, a);
    let xml = xmlFile === undefined ? null : await readTextFile(xmlFile);
    const newApi = granularity || bufSize || (format && format !== "raw") || xml !== null || a.bool("transient-job") || a.bool("synchronous-writes") || a.bool("print-xml");
    let start: () => Promise<void>;
    if (newApi) {
      const params: Record<string, TypedParamValue> = {};
      if (bw) {
        // The typed parameter is bytes/s.
        if (!bytes) {
          if (bw > ULLONG_MAX >> 20n) throw new CliError(`bandwidth must be less than ${ULLONG_MAX >> 20n}`);
          bw <<= 20n;
        }
        params[C.BLOCK_COPY_BANDWIDTH] = bw;
      }
      if (granularity) params[C.BLOCK_COPY_GRANULARITY] = granularity;
      if (bufSize) params[C.BLOCK_COPY_BUF_SIZE] = bufSize;
      if (xml === null) {
        const blockdev = a.bool("blockdev");
        xml = `<disk type='${blockdev ? "block" : "file"}'>\n  <source ${blockdev ? "dev" : "file"}='${xmlEscape(dest as string)}'/>\n`;
        if (format !== undefined) xml += `  <driver type='${xmlEscape(format)}'/>\n`;
        xml += "</disk>\n";
      }
      if (a.bool("print-xml")) return out({ xml }, xml);
      const destXml = xml;
      start = () => d.blockCopy(path, destXml, params, flags, ctx.call);
    } else {
      flags |= C.BLOCK_REBASE_COPY;
      if (a.bool("blockdev")) flags |= C.BLOCK_REBASE_COPY_DEV;
      if (format === "raw") flags |= C.BLOCK_REBASE_COPY_RAW;
      if (bytes) flags |= C.BLOCK_REBASE_BANDWIDTH_BYTES;
      start = () => d.blockRebase(path, dest as string, bw, flags, ctx.call);
    }
    const status = await runBlockJob(waitPlan(ctx, a, d, path, "Block Copy", timeout), blocking, start);
    const json = { path, dest: dest ?? null };
    const bad = unfinished(ctx, status, "Block Copy started", "Copy", json);
    if (bad) return bad;
    return concludeJob(ctx, a, d, path, json, { pivot, finish, finished: ["copied", "\nSuccessfully copied"], ready: "\nNow in mirroring phase" });
  },
};
