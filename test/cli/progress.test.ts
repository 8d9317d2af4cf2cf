// Job progress in-process with a scripted domain: the bar on a terminal,
// virsh's lines with --verbose, nothing when piped, and Ctrl+C aborting the
// job on the server. The scripted job advances only when polled, so the
// checks depend on the order of events, not on timing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough, Writable } from "node:stream";
import { Ctx, type GlobalOptions } from "../../src/cli/context.js";
import { watchJob } from "../../src/cli/progress.js";
import { Interrupted } from "../../src/cli/errors.js";
import type { Domain } from "../../src/api/domain/handle.js";

class Capture extends Writable {
  text = "";
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

function makeCtx(tty: boolean, signal = new AbortController().signal): { ctx: Ctx; err: Capture } {
  const opts: GlobalOptions = { readonly: false, quiet: false, json: false, escape: "^]" };
  const err = new Capture(tty);
  const ctx = new Ctx(opts, { stdin: new PassThrough(), stdout: new Capture(false), stderr: err }, signal);
  return { ctx, err };
}

/** A domain whose job is `steps` of remaining bytes out of 100; `polled` resolves after every step was read. */
function scriptedDomain(steps: bigint[]): { dom: Domain; polled: Promise<void>; aborted: () => number } {
  let i = 0;
  let aborts = 0;
  let done!: () => void;
  const polled = new Promise<void>((r) => (done = r));
  const dom = {
    async getJobStats() {
      const remaining = steps[Math.min(i, steps.length - 1)] as bigint;
      i++;
      if (i >= steps.length) done();
      return { type: 1, data_total: 100n, data_remaining: remaining };
    },
    async abortJob() {
      aborts++;
    },
  } as unknown as Domain;
  return { dom, polled, aborted: () => aborts };
}

test("on a terminal: a bar per poll, wiped when the job ends", async () => {
  const { ctx, err } = makeCtx(true);
  const { dom, polled } = scriptedDomain([75n, 50n]);
  const r = await watchJob(ctx, polled.then(() => "ok"), { label: "Save", verbose: false, domain: dom });
  assert.equal(r, "ok");
  const frames = err.text.split("\r\x1b[2K").filter(Boolean);
  assert.deepEqual(frames.slice(0, 2), [
    `Save: [${"#".repeat(8)}${"-".repeat(22)}]  25.0%  25.000 B / 100.000 B`,
    `Save: [${"#".repeat(15)}${"-".repeat(15)}]  50.0%  50.000 B / 100.000 B`,
  ]);
  assert.ok(err.text.endsWith("\r\x1b[2K"), "the bar is cleared at the end");
});

test("--verbose: virsh's lines, then 100 %", async () => {
  const { ctx, err } = makeCtx(false);
  const { dom, polled } = scriptedDomain([75n, 50n]);
  await watchJob(ctx, polled, { label: "Managedsave", verbose: true, domain: dom });
  assert.equal(err.text, "\rManagedsave: [25.00 %]\rManagedsave: [50.00 %]\rManagedsave: [100.00 %]");
});

test("piped without --verbose: no output at all", async () => {
  const { ctx, err } = makeCtx(false);
  const { dom } = scriptedDomain([50n]);
  await watchJob(ctx, new Promise((r) => setTimeout(r, 700)), { label: "Dump", verbose: false, domain: dom });
  assert.equal(err.text, "");
});

test("Ctrl+C: the call is abandoned and the job aborted on the server", async () => {
  const ac = new AbortController();
  const { ctx } = makeCtx(true, ac.signal);
  const { dom, polled, aborted } = scriptedDomain([90n, 80n]);
  // The work stands for an API call given ctx's signal: it rejects when the signal aborts.
  const work = new Promise((_resolve, reject) => ac.signal.addEventListener("abort", () => reject(ac.signal.reason as Error)));
  void polled.then(() => ac.abort(new Interrupted()));
  await assert.rejects(watchJob(ctx, work, { label: "Save", verbose: false, domain: dom }), Interrupted);
  assert.equal(aborted(), 1);
});
