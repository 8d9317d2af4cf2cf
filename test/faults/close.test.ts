// A server that closes in the middle of a reply, of a data stream, of an
// event. Calls answered before complete; everything still open ends with
// ConnectionClosedError (reason "eof"): pending calls, the stream, event
// iterators; the close callback reports EOF. Nothing hangs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { ConnectionClosedError } from "../../src/rpc/errors.js";
import { faultFrames } from "../../src/embedded/faults.js";
import { REMOTE_PROC } from "../../src/protocol/generated/remote.js";
import { faulty, runAll, expectedAnswers, failedCalls, procOf, CALL_NAMES } from "./harness.js";

const eof = (e: unknown): boolean => e instanceof ConnectionClosedError && e.reason === "eof";

test("closed mid-reply: the calls answered before complete, the rest reject with reason eof", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  f.hooks.onSend = (frame, info) =>
    info.procedure === procOf("nodeInfo") ? { frames: [faultFrames.truncate(frame, 30)], close: true } : undefined;
  const out = await runAll(f);
  const failed = failedCalls(out, answers, isDeepStrictEqual);
  assert.deepEqual(failed, CALL_NAMES.slice(CALL_NAMES.indexOf("nodeInfo")));
  for (const n of failed) assert.ok(!out[n].ok && eof((out[n] as { error: Error }).error));
  assert.equal(f.conn.isAlive(), false);
  assert.equal(f.rpc.inFlight, 0);
});

test("closed mid-stream: an open screenshot stream fails with reason eof after its first data", async () => {
  const f = await faulty();
  let packets = 0;
  f.hooks.onSend = (frame, info) => {
    if (info.kind !== "stream") return undefined;
    // The first data packet goes through whole; of the next (the end marker) only 18 bytes.
    return ++packets === 1 ? undefined : { frames: [faultFrames.truncate(frame, 18)] };
  };
  const shot = await f.dom.screenshot(0);
  assert.equal(shot.mimeType, "image/png");
  const chunks: Buffer[] = [];
  shot.stream.on("data", (c: Buffer) => chunks.push(c));
  const err = new Promise<unknown>((resolve) => {
    shot.stream.once("error", resolve);
    shot.stream.once("end", () => resolve(new Error("stream ended normally")));
  });
  while (chunks.length === 0) await new Promise((r) => setImmediate(r));
  f.server.close();
  assert.ok(eof(await err), String(await err));
  assert.equal(packets, 2);
  // Its first packet arrived: the PNG signature.
  assert.equal(Buffer.concat(chunks).subarray(0, 4).toString("hex"), "89504e47");
  await assert.rejects(f.conn.getType(), ConnectionClosedError);
});

test("closed right after a stream's reply, before the caller holds the stream: the call rejects with reason eof", async () => {
  const f = await faulty();
  f.hooks.onSend = (frame, info) => (info.kind === "stream" ? { frames: [faultFrames.truncate(frame, 18)], close: true } : undefined);
  // No unhandled "error" event: the failure comes through the promise.
  await assert.rejects(f.dom.screenshot(0), eof);
});

test("engine destroyed from a promise continuation while a stream opens: the open rejects, no stray 'error' event", async () => {
  const f = await faulty();
  f.hooks.onReceive = (h) => (h.proc === REMOTE_PROC.DOMAIN_SCREENSHOT ? "drop" : undefined);
  const stray: unknown[] = [];
  const onStray = (e: unknown): void => void stray.push(e);
  process.on("uncaughtException", onStray);
  try {
    const shot = f.dom.screenshot(0);
    await new Promise((r) => setImmediate(r));
    f.rpc.destroy();
    await assert.rejects(shot, ConnectionClosedError);
    // The stream's own 'error' comes a tick after the rejection.
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off("uncaughtException", onStray);
  }
  assert.deepEqual(stray, []);
});

test("closed mid-event: the event is not delivered, pending calls, iterators and the close callback see EOF", async () => {
  const f = await faulty();
  const delivered: unknown[] = [];
  await f.conn.domainEventRegisterAny(null, 0, (_d, ev) => void delivered.push(ev));
  const iter = f.conn.domainEvents(0);
  await iter.ready;
  const reasons: number[] = [];
  await f.conn.registerCloseCallback((_c, reason) => void reasons.push(reason));
  f.hooks.onReceive = (h) => (h.proc === 59 ? "drop" : undefined); // connect_get_hostname: never answered
  f.hooks.onSend = (frame, info) => (info.kind === "event" ? { frames: [faultFrames.truncate(frame, 40)], close: true } : undefined);
  const pending = f.conn.getHostname();
  await f.dom.suspend(); // its reply comes before the event it causes
  await assert.rejects(pending, eof);
  await assert.rejects(iter.next(), eof);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(delivered, []);
  assert.deepEqual(reasons, [1]); // VIR_CONNECT_CLOSE_REASON_EOF
  assert.equal(f.conn.isAlive(), false);
});
