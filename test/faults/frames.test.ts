// Truncated frames and oversize length words. A frame whose length word
// matches its short body fails only its own call. A frame cut short inside
// the byte stream, or a length word out of bounds, loses framing: the
// connection ends with ConnectionClosedError, the calls answered before it
// completed, and no call ever completes with bytes that were not its reply.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { CallTimeoutError, ConnectionClosedError, ProtocolError } from "../../src/rpc/errors.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { LEN_MAX } from "../../src/wire/constants.js";
import { readHeader } from "../../src/wire/header.js";
import { faultFrames } from "../../src/embedded/faults.js";
import { faulty, runAll, expectedAnswers, failedCalls, procOf, CALL_NAMES, type CallName, type Outcome } from "./harness.js";

function rebuilt(frame: Buffer, payload: Buffer): Buffer {
  return encodeFrame(readHeader(frame, 4), payload);
}

function closedError(o: Outcome, reason: string): boolean {
  return !o.ok && o.error instanceof ConnectionClosedError && o.error.reason === reason;
}

/** The calls started after `n` in CALL_NAMES order (their replies come after its reply). */
function from(n: CallName): CallName[] {
  return CALL_NAMES.slice(CALL_NAMES.indexOf(n));
}

test("a reply whose body is short but framed correctly fails its call only (XDR_SHORT)", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  f.hooks.onSend = (frame, info) =>
    info.procedure === procOf("xml") ? { frames: [rebuilt(frame, frame.subarray(28, 34))] } : undefined;
  const out = await runAll(f);
  assert.deepEqual(failedCalls(out, answers, isDeepStrictEqual), ["xml"]);
  const o = out.xml;
  assert.ok(!o.ok && o.error instanceof ProtocolError && o.error.code === "XDR_SHORT", String(!o.ok && o.error));
  assert.equal(f.conn.isAlive(), true);
  assert.equal(await f.conn.getType(), "TEST");
  f.rpc.destroy();
});

test("a string length word inside a reply beyond its limit or its frame fails that call only", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  f.hooks.onSend = (frame, info) => {
    // Reply bodies: { string } for hostname and uri; the string's length word comes first.
    const body = Buffer.from(frame.subarray(28));
    if (info.procedure === procOf("hostname")) body.writeUInt32BE(0x7fffffff, 0);
    else if (info.procedure === procOf("uri")) body.writeUInt32BE(0x100000, 0);
    else return undefined;
    return { frames: [rebuilt(frame, body)] };
  };
  const out = await runAll(f);
  assert.deepEqual(failedCalls(out, answers, isDeepStrictEqual), ["hostname", "uri"]);
  const codes = (["hostname", "uri"] as const).map((n) => {
    const o = out[n];
    return !o.ok && o.error instanceof ProtocolError ? o.error.code : "?";
  });
  // Past REMOTE_STRING_MAX: XDR_LIMIT; within it but past the frame: XDR_SHORT.
  assert.deepEqual(codes, ["XDR_LIMIT", "XDR_SHORT"]);
  f.rpc.destroy();
});

test("a frame cut short mid-stream: earlier calls complete, framing is lost, the rest end with ConnectionClosedError", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  const closed = new Promise<Error>((r) => f.rpc.once("close", r));
  // 20 bytes of state's reply (length word and four header fields), then the next replies as usual.
  f.hooks.onSend = (frame, info) =>
    info.procedure === procOf("state") ? { frames: [faultFrames.truncate(frame, 20)] } : undefined;
  const out = await runAll(f, { timeout: 5000 });
  const failed = failedCalls(out, answers, isDeepStrictEqual);
  assert.deepEqual(failed, from("state"));
  for (const n of failed) assert.ok(closedError(out[n], "error"), `${n}: ${String(!out[n].ok && out[n].error)}`);
  const err = await closed;
  assert.ok(err instanceof ConnectionClosedError);
  assert.ok(err.cause instanceof ProtocolError && err.cause.code === "FRAME_LENGTH", String(err.cause));
});

test("a length word above the protocol maximum ends the connection at once", async () => {
  const answers = await expectedAnswers();
  for (const len of [0xffffffff, LEN_MAX + 1, 27]) {
    const f = await faulty();
    const closed = new Promise<Error>((r) => f.rpc.once("close", r));
    f.hooks.onSend = (frame, info) =>
      info.procedure === procOf("list") ? { frames: [faultFrames.withLength(frame, len)] } : undefined;
    const out = await runAll(f);
    const failed = failedCalls(out, answers, isDeepStrictEqual);
    assert.deepEqual(failed, from("list"), `length ${len}`);
    for (const n of failed) assert.ok(closedError(out[n], "error"));
    const err = await closed;
    assert.ok(err.cause instanceof ProtocolError && err.cause.code === "FRAME_LENGTH");
    assert.match(err.message, new RegExp(`frame length ${len} is outside`));
    await assert.rejects(f.conn.getType(), ConnectionClosedError);
  }
});

test("a legal but huge length word with nothing behind it: calls end by timeout, nothing big is buffered", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  const before = process.memoryUsage().arrayBuffers;
  f.hooks.onSend = (frame, info) =>
    info.procedure === procOf("list") ? { frames: [faultFrames.truncate(faultFrames.withLength(frame, LEN_MAX), 12)] } : undefined;
  const out = await runAll(f, { timeout: 300 });
  const failed = failedCalls(out, answers, isDeepStrictEqual);
  // The later replies are swallowed as the body of the announced 32 MiB frame.
  assert.deepEqual(failed, from("list"));
  for (const n of failed) assert.ok(!out[n].ok && (out[n] as { error: Error }).error instanceof CallTimeoutError);
  assert.equal(f.rpc.inFlight, 0);
  // The frame decoder reserved its eager 1 MiB at most, not the 32 MiB announced.
  assert.ok(process.memoryUsage().arrayBuffers - before < 8 * 1048576);
  f.rpc.destroy();
});
