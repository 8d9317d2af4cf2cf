// Progress of long operations. With --verbose, virsh's own line on stderr
// ("\rSave: [ 42.17 %]"); otherwise a bar on stderr when it is a terminal;
// nothing when output is piped. Job operations (save, restore, managedsave,
// dump, migrate) poll the domain's job stats; block jobs poll the block job
// and listen for its completion event. Ctrl+C aborts the job on the server.
import type { Domain } from "../api/domain/handle.js";
import type { DomainEvent } from "../api/event-types.js";
import { Domain as C } from "../protocol/generated/constants.js";
import { VirtError } from "../rpc/errors.js";
import type { Ctx } from "./context.js";
import { Interrupted } from "./errors.js";
import { prettyBytes } from "./format/values.js";

const POLL_MS = 500;
const BAR_WIDTH = 30;

/** virshPrintJobProgress: percent done, never 100 until finished, truncated to 2 decimals. */
export function percentDone(remaining: bigint, total: bigint): number {
  if (remaining === 0n) return 100;
  let p = 100 - (Number(remaining) * 100) / Number(total);
  if (p >= 100) p = 99.99;
  return Math.trunc(p * 100) / 100;
}

export function virshProgressLine(label: string, remaining: bigint, total: bigint): string {
  return `\r${label}: [${percentDone(remaining, total).toFixed(2).padStart(5)} %]`;
}

export function barLine(label: string, processed: bigint, total: bigint): string {
  const pct = percentDone(total - processed, total);
  const filled = Math.round((pct / 100) * BAR_WIDTH);
  const bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
  return `\r\x1b[2K${label}: [${bar}] ${pct.toFixed(1).padStart(5)}%  ${prettyBytes(processed)} / ${prettyBytes(total)}`;
}

type Mode = "verbose" | "bar" | "none";

/** Draws progress on stderr in the mode the invocation calls for. */
export class ProgressView {
  readonly mode: Mode;
  private drawn = false;
  private spin = 0;
  private readonly started = Date.now();

  constructor(
    private readonly ctx: Ctx,
    private readonly label: string,
    verbose: boolean,
  ) {
    if (verbose) this.mode = "verbose";
    else if (ctx.io.stderr.isTTY && !ctx.json && !ctx.quiet) this.mode = "bar";
    else this.mode = "none";
  }

  update(processedOrNull: { remaining: bigint; total: bigint } | null): void {
    if (this.mode === "verbose") {
      if (processedOrNull && processedOrNull.total > 0n) {
        this.ctx.printErr(virshProgressLine(this.label, processedOrNull.remaining, processedOrNull.total));
      }
      return;
    }
    if (this.mode !== "bar") return;
    if (processedOrNull && processedOrNull.total > 0n) {
      const { remaining, total } = processedOrNull;
      this.ctx.printErr(barLine(this.label, total - remaining, total));
    } else {
      const frames = "|/-\\";
      const secs = Math.floor((Date.now() - this.started) / 1000);
      this.ctx.printErr(`\r\x1b[2K${this.label}: ${frames[this.spin++ % frames.length]} ${secs}s`);
    }
    this.drawn = true;
  }

  /** virsh prints the final 100 % with --verbose; the bar is wiped. */
  done(success: boolean): void {
    if (this.mode === "verbose" && success) this.ctx.printErr(virshProgressLine(this.label, 0n, 1n));
    if (this.mode === "bar" && this.drawn) this.ctx.printErr("\r\x1b[2K");
  }
}

/** Sleep that wakes early when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Remaining/total bytes of the domain's current job, or null when unknown. */
async function jobProgress(d: Domain): Promise<{ remaining: bigint; total: bigint } | null> {
  const opts = { timeout: 2000 };
  try {
    const s = await d.getJobStats(0, opts);
    const total = s[C.JOB_DATA_TOTAL];
    const remaining = s[C.JOB_DATA_REMAINING];
    if (typeof total === "bigint" && typeof remaining === "bigint") return { remaining, total };
    return null;
  } catch (err) {
    if (!(err instanceof VirtError && err.code === VirtError.ERR_NO_SUPPORT)) return null;
  }
  try {
    const i = await d.getJobInfo(opts);
    return { remaining: i.dataRemaining, total: i.dataTotal };
  } catch {
    return null;
  }
}

export interface JobWatchOptions {
  label: string;
  verbose: boolean;
  /** The domain running the job; a function when it only appears later (restore). */
  domain: Domain | (() => Promise<Domain | null>);
}

/**
 * Await `work` (a call that runs a domain job) while showing its progress.
 * On Ctrl+C the call is abandoned by its signal; the job itself is aborted
 * on the server too, as virsh does.
 */
export async function watchJob<T>(ctx: Ctx, work: Promise<T>, o: JobWatchOptions): Promise<T> {
  const view = new ProgressView(ctx, o.label, o.verbose);
  let settled = false;
  let dom: Domain | null = typeof o.domain === "function" ? null : o.domain;
  const stop = new AbortController();
  const poller = (async () => {
    if (view.mode === "none") return;
    while (!settled) {
      await pause(POLL_MS, stop.signal);
      if (settled) break;
      if (!dom && typeof o.domain === "function") dom = await o.domain().catch(() => null);
      view.update(dom ? await jobProgress(dom) : null);
    }
  })();
  try {
    const r = await work;
    settled = true;
    stop.abort();
    await poller;
    view.done(true);
    return r;
  } catch (err) {
    settled = true;
    stop.abort();
    await poller;
    view.done(false);
    if (ctx.signal.aborted) {
      if (!dom && typeof o.domain === "function") dom = await o.domain().catch(() => null);
      if (dom) await dom.abortJob(0, { timeout: 3000 }).catch(() => undefined);
      throw new Interrupted();
    }
    throw err;
  }
}

export interface BlockJobWaitOptions {
  label: string;
  verbose: boolean;
  /** Milliseconds before aborting the job (0: no limit). */
  timeoutMs: number;
  /** Abort without waiting for the job to end (BLOCK_JOB_ABORT_ASYNC). */
  asyncAbort: boolean;
}

/**
 * virshBlockJobWait. Created before the job is started so its completion
 * event cannot be missed; wait() returns a Domain.BLOCK_JOB_* status once the
 * job completes, fails, is cancelled or becomes ready (mirroring). Events tell
 * the outcome; polling draws progress and covers servers without the events.
 */
export class BlockJobWaiter {
  private status = -1;
  private readonly ids: number[] = [];

  private constructor(
    private readonly ctx: Ctx,
    private readonly d: Domain,
    private readonly path: string,
  ) {}

  static async create(ctx: Ctx, d: Domain, path: string): Promise<BlockJobWaiter> {
    const w = new BlockJobWaiter(ctx, d, path);
    const onEvent = (_dom: Domain, ev: DomainEvent): void => {
      if (ev.eventId === 8 && ev.path === path) w.status = ev.status;
      if (ev.eventId === 16 && ev.disk === path) w.status = ev.status;
    };
    for (const id of [8, 16] as const) {
      try {
        w.ids.push(await d.conn.domainEventRegisterAny(d, id, onEvent, ctx.call));
      } catch (err) {
        if (ctx.signal.aborted) {
          await w.dispose();
          throw new Interrupted();
        }
        if (!(err instanceof VirtError)) throw err;
      }
    }
    return w;
  }

  async wait(o: BlockJobWaitOptions): Promise<number> {
    const { ctx, d, path, ids } = this;
    const view = new ProgressView(ctx, o.label, o.verbose);
    const started = Date.now();
    let retries = 5;
    let last = { cur: -1n, end: -1n };
    let result = -1;
    try {
      while (true) {
        const info = await d.getBlockJobInfo(path, 0, { timeout: 10_000 });
        if (ids.length > 0 && this.status !== -1) {
          result = this.status;
          break;
        }
        if (ids.length < 2) {
          if (info.type === 0) {
            result = C.BLOCK_JOB_COMPLETED;
            break;
          }
          if (info.end === info.cur && (ids.length === 0 || --retries === 0)) {
            result = C.BLOCK_JOB_READY;
            break;
          }
        }
        if (info.type !== 0 && (info.cur !== last.cur || info.end !== last.end)) {
          view.update({ remaining: info.end - info.cur, total: info.end });
        }
        last = { cur: info.cur, end: info.end };
        if (ctx.signal.aborted || (o.timeoutMs > 0 && Date.now() - started > o.timeoutMs)) {
          await d.abortBlockJob(path, o.asyncAbort ? C.BLOCK_JOB_ABORT_ASYNC : 0, { timeout: 10_000 });
          result = C.BLOCK_JOB_CANCELED;
          break;
        }
        await pause(POLL_MS, ctx.signal);
      }
    } finally {
      view.done(result === C.BLOCK_JOB_COMPLETED || result === C.BLOCK_JOB_READY);
    }
    return result;
  }

  async dispose(): Promise<void> {
    for (const id of this.ids.splice(0)) await this.d.conn.domainEventDeregisterAny(id, { timeout: 2000 }).catch(() => undefined);
  }
}
