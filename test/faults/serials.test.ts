// Replies with wrong or duplicate serials. A reply whose serial nobody waits
// for is dropped (a warning); its call gets no answer and ends by its own
// timeout. A reply under the serial of another pending call is refused by
// procedure (REPLY_MISMATCH), never taken as that call's result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { CallTimeoutError, ProtocolError } from "../../src/rpc/errors.js";
import { faulty, runAll, expectedAnswers, failedCalls, procOf, CALL_NAMES } from "./harness.js";

function withSerial(frame: Buffer, serial: number): Buffer {
  const b = Buffer.from(frame);
  b.writeUInt32BE(serial, 20);
  return b;
}

test("a reply with a serial nobody used: that call times out, the other nine complete", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  f.hooks.onSend = (frame, info) => (info.procedure === procOf("state") ? { frames: [withSerial(frame, 0xdead)] } : undefined);
  const out = await runAll(f, { timeout: 300 });
  assert.deepEqual(failedCalls(out, answers, isDeepStrictEqual), ["state"]);
  const o = out.state;
  assert.ok(!o.ok && o.error instanceof CallTimeoutError && o.error.procedure === "domain_get_state");
  assert.equal(f.warnings.length, 1);
  assert.ok(f.warnings[0] instanceof ProtocolError && f.warnings[0].code === "UNKNOWN_SERIAL");
  assert.equal(f.rpc.inFlight, 0);
  // The connection goes on.
  assert.equal(await f.conn.getType(), "TEST");
  f.rpc.destroy();
});

test("two replies swap serials: both calls fail with REPLY_MISMATCH, none returns the other's answer", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  // connect_get_type and connect_get_hostname both return one string: swapped,
  // each body would decode as the other's result. runAll starts them in this
  // order in one tick, so their serials are consecutive.
  f.hooks.onSend = (frame, info) => {
    if (info.procedure === procOf("type")) return { frames: [withSerial(frame, info.header.serial + 1)] };
    if (info.procedure === procOf("hostname")) return { frames: [withSerial(frame, info.header.serial - 1)] };
    return undefined;
  };
  const out = await runAll(f, { timeout: 2000 });
  assert.deepEqual(failedCalls(out, answers, isDeepStrictEqual), ["type", "hostname"]);
  for (const n of ["type", "hostname"] as const) {
    const o = out[n];
    assert.ok(!o.ok && o.error instanceof ProtocolError && o.error.code === "REPLY_MISMATCH", String(!o.ok && o.error));
  }
  assert.equal(f.rpc.inFlight, 0);
  f.rpc.destroy();
});

test("every reply sent twice: each call completes once with its answer; the copies are dropped", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  f.hooks.onSend = (frame, info) => (info.kind === "reply" ? { frames: [frame, frame] } : undefined);
  const out = await runAll(f);
  assert.deepEqual(failedCalls(out, answers, isDeepStrictEqual), []);
  assert.equal(f.warnings.length, CALL_NAMES.length);
  assert.ok(f.warnings.every((w) => w instanceof ProtocolError && w.code === "UNKNOWN_SERIAL"));
  f.rpc.destroy();
});

test("a duplicated reply arriving after a newer call started is not taken for it", async () => {
  const f = await faulty();
  // Hold back the copy of connect_get_type's reply and deliver it after the next call went out.
  let copy: Buffer | null = null;
  f.hooks.onSend = (frame, info) => {
    if (info.procedure === "connect_get_type" && copy === null) {
      copy = frame;
      return { frames: [frame] };
    }
    return undefined;
  };
  assert.equal(await f.conn.getType(), "TEST");
  const next = f.conn.getHostname();
  f.inject(copy!);
  assert.equal(typeof (await next), "string");
  assert.equal(f.warnings.length, 1);
  f.rpc.destroy();
});
