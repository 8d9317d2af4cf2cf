// domjobinfo and domjobabort.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import type { TypedParamValue } from "../../api/typed-params.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { CliError } from "../errors.js";
import { jobOperationName, jobTypeName } from "../format/enums.js";
import { paramValueRaw, prettyBytes } from "../format/values.js";

type Stats = Record<string, TypedParamValue>;

const line = (label: string, value: string): string => `${label.padEnd(17)} ${value}\n`;

/** virsh's human report of job statistics. */
function jobReport(type: number, s: Stats, completedAsked: boolean, anystats: boolean): string {
  const big = (k: string): bigint | undefined => {
    const v = s[k];
    return typeof v === "bigint" ? v : typeof v === "number" ? BigInt(v) : undefined;
  };
  const z = (k: string): bigint => big(k) ?? 0n;
  let t = line("Job type:", jobTypeName(type).padEnd(12));
  if (type === 0) return t;
  const op = typeof s[C.JOB_OPERATION] === "number" ? (s[C.JOB_OPERATION] as number) : 0;
  t += line("Operation:", jobOperationName(op).padEnd(12));
  const running = type === 1 || type === 2;
  if (!anystats && !running && !(completedAsked && type === 3)) return t;
  const ms = (label: string, v: bigint): void => void (t += line(label, `${String(v).padEnd(12)} ms`));
  const count = (label: string, v: bigint, w = 12): void => void (t += line(label, String(v).padEnd(w)));
  const bytes = (label: string, v: bigint, suffix = ""): void => void (t += line(label, `${prettyBytes(v)}${suffix}`));
  ms("Time elapsed:", z(C.JOB_TIME_ELAPSED));
  if (big(C.JOB_TIME_ELAPSED_NET) !== undefined) ms("Time elapsed w/o network:", z(C.JOB_TIME_ELAPSED_NET));
  if (type === 1) ms("Time remaining:", z(C.JOB_TIME_REMAINING));
  if (z(C.JOB_DATA_TOTAL) || z(C.JOB_DATA_REMAINING) || z(C.JOB_DATA_PROCESSED)) {
    bytes("Data processed:", z(C.JOB_DATA_PROCESSED));
    bytes("Data remaining:", z(C.JOB_DATA_REMAINING));
    bytes("Data total:", z(C.JOB_DATA_TOTAL));
  }
  if (z(C.JOB_MEMORY_TOTAL) || z(C.JOB_MEMORY_REMAINING) || z(C.JOB_MEMORY_PROCESSED)) {
    bytes("Memory processed:", z(C.JOB_MEMORY_PROCESSED));
    bytes("Memory remaining:", z(C.JOB_MEMORY_REMAINING));
    bytes("Memory total:", z(C.JOB_MEMORY_TOTAL));
    if (z(C.JOB_MEMORY_BPS)) bytes("Memory bandwidth:", z(C.JOB_MEMORY_BPS), "/s");
    if (big(C.JOB_MEMORY_DIRTY_RATE) !== undefined) t += line("Dirty rate:", `${String(z(C.JOB_MEMORY_DIRTY_RATE)).padEnd(12)} pages/s`);
    if (big(C.JOB_MEMORY_PAGE_SIZE) !== undefined) t += line("Page size:", `${String(z(C.JOB_MEMORY_PAGE_SIZE)).padEnd(12)} bytes`);
    if (big(C.JOB_MEMORY_ITERATION) !== undefined) count("Iteration:", z(C.JOB_MEMORY_ITERATION));
    if (big(C.JOB_MEMORY_POSTCOPY_REQS) !== undefined) count("Postcopy requests:", z(C.JOB_MEMORY_POSTCOPY_REQS));
  }
  if (z(C.JOB_DISK_TOTAL) || z(C.JOB_DISK_REMAINING) || z(C.JOB_DISK_PROCESSED)) {
    bytes("File processed:", z(C.JOB_DISK_PROCESSED));
    bytes("File remaining:", z(C.JOB_DISK_REMAINING));
    bytes("File total:", z(C.JOB_DISK_TOTAL));
    if (z(C.JOB_DISK_BPS)) bytes("File bandwidth:", z(C.JOB_DISK_BPS), "/s");
  }
  if (big(C.JOB_MEMORY_CONSTANT) !== undefined) count("Constant pages:", z(C.JOB_MEMORY_CONSTANT));
  if (big(C.JOB_MEMORY_NORMAL) !== undefined) count("Normal pages:", z(C.JOB_MEMORY_NORMAL));
  if (big(C.JOB_MEMORY_NORMAL_BYTES) !== undefined) bytes("Normal data:", z(C.JOB_MEMORY_NORMAL_BYTES));
  if (big(C.JOB_DOWNTIME) !== undefined) ms(type === 3 ? "Total downtime:" : "Expected downtime:", z(C.JOB_DOWNTIME));
  if (big(C.JOB_DOWNTIME_NET) !== undefined) ms("Downtime w/o network:", z(C.JOB_DOWNTIME_NET));
  if (big(C.JOB_SETUP_TIME) !== undefined) ms("Setup time:", z(C.JOB_SETUP_TIME));
  if (big(C.JOB_COMPRESSION_CACHE) !== undefined) bytes("Compression cache:", z(C.JOB_COMPRESSION_CACHE));
  if (big(C.JOB_COMPRESSION_BYTES) !== undefined) bytes("Compressed data:", z(C.JOB_COMPRESSION_BYTES));
  if (big(C.JOB_COMPRESSION_PAGES) !== undefined) count("Compressed pages:", z(C.JOB_COMPRESSION_PAGES), 13);
  if (big(C.JOB_COMPRESSION_CACHE_MISSES) !== undefined) count("Compression cache misses:", z(C.JOB_COMPRESSION_CACHE_MISSES), 13);
  if (big(C.JOB_COMPRESSION_OVERFLOW) !== undefined) count("Compression overflows:", z(C.JOB_COMPRESSION_OVERFLOW), 13);
  if (big(C.JOB_AUTO_CONVERGE_THROTTLE) !== undefined) count("Auto converge throttle:", z(C.JOB_AUTO_CONVERGE_THROTTLE), 13);
  if (big(C.JOB_DISK_TEMP_USED) !== undefined) bytes("Temporary disk space use:", z(C.JOB_DISK_TEMP_USED));
  if (big(C.JOB_DISK_TEMP_TOTAL) !== undefined) bytes("Temporary disk space total:", z(C.JOB_DISK_TEMP_TOTAL));
  if (typeof s[C.JOB_ERRMSG] === "string") t += line("Error message:", s[C.JOB_ERRMSG] as string);
  return t;
}

export const domjobinfo: CommandDef = {
  name: "domjobinfo",
  group: "domain",
  help: "domain job information",
  desc: "Returns information about jobs running on a domain.",
  options: [
    DOMAIN,
    { name: "completed", type: "bool", help: "return statistics of a recently completed job" },
    { name: "keep-completed", type: "bool", help: "don't destroy statistics of a recently completed job when reading" },
    { name: "anystats", type: "bool", help: "print statistics for any kind of job (even failed ones)" },
    { name: "rawstats", type: "bool", help: "print the raw data returned by libvirt" },
  ],
  async run(ctx, a) {
    a.requires("keep-completed", "completed");
    const d = await dom(ctx, a);
    let flags = 0;
    if (a.bool("completed")) flags |= C.JOB_STATS_COMPLETED;
    if (a.bool("keep-completed")) flags |= C.JOB_STATS_KEEP_COMPLETED;
    const raw = a.bool("rawstats");
    let type: number;
    let stats: Stats;
    try {
      const r = await d.getJobStats(flags, ctx.call);
      const { type: t, ...rest } = r;
      type = t;
      stats = rest;
    } catch (err) {
      if (!(err instanceof VirtError && err.code === VirtError.ERR_NO_SUPPORT)) throw err;
      if (flags !== 0 || raw) throw new CliError("Optional flags or --rawstats are not supported by the daemon");
      const i = await d.getJobInfo(ctx.call);
      type = i.type;
      stats = {
        [C.JOB_TIME_ELAPSED]: i.timeElapsed,
        [C.JOB_TIME_REMAINING]: i.timeRemaining,
        [C.JOB_DATA_TOTAL]: i.dataTotal,
        [C.JOB_DATA_PROCESSED]: i.dataProcessed,
        [C.JOB_DATA_REMAINING]: i.dataRemaining,
        [C.JOB_MEMORY_TOTAL]: i.memTotal,
        [C.JOB_MEMORY_PROCESSED]: i.memProcessed,
        [C.JOB_MEMORY_REMAINING]: i.memRemaining,
        [C.JOB_DISK_TOTAL]: i.fileTotal,
        [C.JOB_DISK_PROCESSED]: i.fileProcessed,
        [C.JOB_DISK_REMAINING]: i.fileRemaining,
      };
    }
    const json = { type: jobTypeName(type), typeCode: type, stats };
    if (raw) {
      let t = `Job type: ${type}\n\n`;
      for (const [k, v] of Object.entries(stats)) t += `${k}: ${paramValueRaw(v)}\n`;
      return out(json, t);
    }
    return out(json, jobReport(type, stats, a.bool("completed"), a.bool("anystats")));
  },
};

export const domjobabort: CommandDef = {
  name: "domjobabort",
  group: "domain",
  help: "abort active domain job",
  desc: "Aborts the currently running domain job",
  options: [DOMAIN, { name: "postcopy", type: "bool", help: "interrupt post-copy migration" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    await d.abortJob(a.bool("postcopy") ? C.DOMAIN_ABORT_JOB_POSTCOPY : 0, ctx.call);
    return out({ name: d.getName(), aborted: true }, "");
  },
};
