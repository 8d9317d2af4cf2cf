// Short fuzz run of the frame decoder, and its memory behaviour on hostile
// length words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameDecoder } from "../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { LEN_MAX } from "../../src/wire/constants.js";
import { ProtocolError } from "../../src/xdr/errors.js";
import { fuzzFrameOne, EAGER_BYTES } from "./lib/frame-fuzz.js";
import { allocMeter } from "./lib/alloc-meter.js";
import { newStats, failureCount } from "./lib/stats.js";

const REPLY = { prog: 0x20008086, vers: 1, proc: 3, type: 1, serial: 9, status: 0 };

test("damaged frame streams in random chunks: frames or a sticky ProtocolError", () => {
  const s = newStats();
  const payloads = newStats();
  for (let i = 0; i < 2500; i++) fuzzFrameOne(3, i, s, payloads);
  const why = [...s.failures, ...payloads.failures].map((f) => `${f.kind} #${f.index}: ${f.message}`).join("\n");
  assert.equal(failureCount(s) + failureCount(payloads), 0, why);
  assert.ok(s.roundTrips > 0, "some intact streams reproduced their frames");
  assert.ok((s.rejected["FRAME_LENGTH"] ?? 0) > 0 && (s.rejected["FRAME_FDS"] ?? 0) > 0, JSON.stringify(s.rejected));
  assert.ok(payloads.inputs > 0 && payloads.accepted > 0);
});

test("a bare maximal length word reserves at most 1 MiB, not 32 MiB", () => {
  const meter = allocMeter();
  const d = new FrameDecoder();
  const head = Buffer.alloc(8);
  head.writeUInt32BE(LEN_MAX, 0);
  meter.start();
  d.push(head);
  const a = meter.stop();
  assert.ok(a.largest <= EAGER_BYTES, `reserved ${a.largest} bytes`);
  assert.equal(d.bufferedBytes, 8);
});

test("a 3 MiB frame arriving in 64 KiB chunks is reassembled exactly", () => {
  const payload = Buffer.alloc(3 * 1048576 + 12);
  for (let i = 0; i < payload.length; i += 4) payload.writeUInt32BE(i, i);
  const f = encodeFrame(REPLY, payload);
  const d = new FrameDecoder();
  const got = [];
  const meter = allocMeter();
  meter.start();
  for (let p = 0; p < f.length; p += 65536) got.push(...d.push(f.subarray(p, p + 65536)));
  const a = meter.stop();
  assert.equal(got.length, 1);
  assert.deepEqual(got[0]!.header, REPLY);
  assert.ok(got[0]!.payload.equals(payload));
  // Doubling growth: within four times the frame plus the eager part.
  assert.ok(a.bytes <= 4 * f.length + EAGER_BYTES, `allocated ${a.bytes}`);
  assert.equal(d.idle, true);
});

test("a length word past the limit fails before any body byte is kept", () => {
  const d = new FrameDecoder();
  const bad = Buffer.alloc(4);
  bad.writeUInt32BE(LEN_MAX + 1, 0);
  assert.throws(() => d.push(bad), (e: unknown) => e instanceof ProtocolError && e.code === "FRAME_LENGTH");
  assert.equal(d.bufferedBytes, 0);
});
