import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameDecoder, type Frame } from "../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../src/wire/frame.js";
import type { Header } from "../../src/wire/header.js";
import { KeepaliveProc, LEN_MAX, MessageType, Program, Status } from "../../src/wire/constants.js";
import { ProtocolError } from "../../src/xdr/errors.js";
import { hex, throwsCode } from "../xdr/hex.js";

const PING: Header = { prog: Program.KEEPALIVE, vers: 1, proc: KeepaliveProc.PING, type: MessageType.MESSAGE, serial: 0, status: Status.OK };
const REPLY: Header = { prog: Program.REMOTE, vers: 1, proc: 16, type: MessageType.REPLY, serial: 1, status: Status.OK };
const FDS: Header = { prog: Program.REMOTE, vers: 1, proc: 343, type: MessageType.REPLY_WITH_FDS, serial: 2, status: Status.OK };
const DATA: Header = { prog: Program.REMOTE, vers: 1, proc: 209, type: MessageType.STREAM, serial: 3, status: Status.CONTINUE };
const EVENT: Header = { prog: Program.REMOTE, vers: 1, proc: 318, type: MessageType.MESSAGE, serial: 0, status: Status.OK };

const CARRIERS = hex("0000"); // one byte per passed fd, after the frame

/** Five frames of every kind, as the server would send them, and what they decode to. */
const expected: Frame[] = [
  { header: PING, payload: Buffer.alloc(0), nfds: 0 },
  { header: REPLY, payload: hex("00000001 0000000000800000 0000000000200000 00000002 0000000000000064"), nfds: 0 },
  { header: FDS, payload: hex("00000000 00000007"), nfds: 2 },
  // Stream data is raw bytes: not a multiple of 4.
  { header: DATA, payload: hex("68656c6c6f"), nfds: 0 },
  { header: EVENT, payload: hex("00000000 00000004 74657374"), nfds: 0 },
];
const stream = Buffer.concat([
  encodeFrame(PING),
  encodeFrame(REPLY, expected[1]!.payload),
  encodeFrame(FDS, expected[2]!.payload, 2),
  CARRIERS,
  encodeFrame(DATA, expected[3]!.payload),
  encodeFrame(EVENT, expected[4]!.payload),
]);

function feed(d: FrameDecoder, chunks: Buffer[]): Frame[] {
  const out: Frame[] = [];
  for (const c of chunks) out.push(...d.push(c));
  return out;
}

test("one chunk holding every frame", () => {
  const d = new FrameDecoder();
  assert.deepEqual(d.push(stream), expected);
  assert.equal(d.bufferedBytes, 0);
  assert.equal(d.idle, true);
});

test("split into two chunks at every byte position", () => {
  for (let i = 0; i <= stream.length; i++) {
    const d = new FrameDecoder();
    const got = feed(d, [stream.subarray(0, i), stream.subarray(i)]);
    assert.deepEqual(got, expected, `split at ${i}`);
    assert.ok(d.idle, `idle after split at ${i}`);
  }
});

test("split into three chunks at every pair of positions", () => {
  const n = stream.length;
  for (let i = 0; i <= n; i += 1) {
    for (let j = i; j <= n; j += 3) {
      const d = new FrameDecoder();
      const got = feed(d, [stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)]);
      assert.deepEqual(got, expected, `split at ${i},${j}`);
    }
  }
});

test("one byte at a time; bufferedBytes tracks the partial frame", () => {
  const d = new FrameDecoder();
  const got: Frame[] = [];
  for (let i = 0; i < stream.length; i++) {
    got.push(...d.push(stream.subarray(i, i + 1)));
    if (i === 0) assert.equal(d.bufferedBytes, 1);
    if (i === 5) assert.equal(d.bufferedBytes, 6);
  }
  assert.deepEqual(got, expected);
  assert.equal(d.bufferedBytes, 0);
});

test("many frames per chunk", () => {
  const frames: Buffer[] = [];
  for (let i = 1; i <= 500; i++) frames.push(encodeFrame({ ...REPLY, serial: i }, Buffer.from([i & 0xff, 0, 0, 0])));
  const d = new FrameDecoder();
  const got = d.push(Buffer.concat(frames));
  assert.equal(got.length, 500);
  got.forEach((f, i) => {
    assert.equal(f.header.serial, i + 1);
    assert.deepEqual(f.payload, Buffer.from([(i + 1) & 0xff, 0, 0, 0]));
  });
});

test("payloads are the caller's: not views into the input or reused storage", () => {
  const d = new FrameDecoder();
  const input = Buffer.from(stream);
  const frames = d.push(input);
  input.fill(0xee);
  // Later traffic does not disturb earlier payloads either.
  d.push(Buffer.from(stream));
  assert.deepEqual(frames, expected);
});

test("WITH_FDS carrier bytes split across chunks are skipped", () => {
  const f = Buffer.concat([encodeFrame(FDS, hex("00000001"), 3), hex("000000"), encodeFrame(PING)]);
  const d = new FrameDecoder();
  const end = f.length - 28; // just after the carriers
  const a = d.push(f.subarray(0, end - 2));
  assert.equal(a.length, 1);
  assert.equal(a[0]!.nfds, 3);
  assert.equal(d.idle, false); // two carrier bytes still to come
  assert.deepEqual(d.push(f.subarray(end - 2, end)), []);
  assert.equal(d.idle, true);
  assert.deepEqual(d.push(f.subarray(end)), [{ header: PING, payload: Buffer.alloc(0), nfds: 0 }]);
});

test("length 27 is rejected at the length word, then the decoder is poisoned", () => {
  const d = new FrameDecoder();
  const e = throwsCode(() => d.push(hex("0000001b")), "FRAME_LENGTH", /27/);
  assert.equal(d.bufferedBytes, 0);
  assert.equal(d.error, e);
  // Framing is lost: even a valid frame is refused with the same error.
  let again: unknown;
  try {
    d.push(encodeFrame(PING));
  } catch (err) {
    again = err;
  }
  assert.equal(again, e);
});

test("length 33,554,437 is rejected before the body is buffered", () => {
  const d = new FrameDecoder();
  // The length word arrives split, with body bytes right behind it.
  d.push(hex("0200"));
  throwsCode(() => d.push(Buffer.concat([hex("0005"), Buffer.alloc(1000)])), "FRAME_LENGTH", /33554437/);
  assert.equal(d.bufferedBytes, 0);
  throwsCode(() => d.push(hex("00")), "FRAME_LENGTH");
  throwsCode(() => new FrameDecoder().push(hex("ffffffff")), "FRAME_LENGTH");
  throwsCode(() => new FrameDecoder().push(hex("00000000")), "FRAME_LENGTH");
});

test("the largest legal length is accepted and buffered as it arrives", () => {
  const d = new FrameDecoder();
  const head = Buffer.alloc(4 + 24);
  head.writeUInt32BE(LEN_MAX, 0);
  head.writeUInt32BE(Program.REMOTE, 4);
  assert.deepEqual(d.push(head), []);
  assert.equal(d.bufferedBytes, 28);
});

test("a smaller maxLength option is enforced", () => {
  const d = new FrameDecoder({ maxLength: 100 });
  assert.equal(d.push(encodeFrame(REPLY, Buffer.alloc(72))).length, 1);
  throwsCode(() => d.push(encodeFrame(REPLY, Buffer.alloc(73))), "FRAME_LENGTH", /outside 28\.\.100/);
  assert.throws(() => new FrameDecoder({ maxLength: 27 }), RangeError);
});

test("valid frames before a bad length in the same chunk: the chunk fails", () => {
  const d = new FrameDecoder();
  throwsCode(() => d.push(Buffer.concat([encodeFrame(PING), hex("00000010")])), "FRAME_LENGTH");
  assert.ok(d.error instanceof ProtocolError);
});

test("too many fds, or a WITH_FDS frame without its count, loses framing", () => {
  const many = encodeFrame(FDS, hex("00000000"), 0);
  many.writeUInt32BE(33, 28);
  const d = new FrameDecoder();
  throwsCode(() => d.push(many), "FRAME_FDS", /33/);
  throwsCode(() => d.push(encodeFrame(PING)), "FRAME_FDS");

  const short = encodeFrame({ ...PING, type: MessageType.REPLY_WITH_FDS }, undefined, 0).subarray(0, 28);
  short.writeUInt32BE(28, 0);
  throwsCode(() => new FrameDecoder().push(short), "FRAME_LENGTH", /descriptor count/);
});

test("a WITH_FDS frame with zero fds has no carrier bytes", () => {
  const d = new FrameDecoder();
  const got = d.push(Buffer.concat([encodeFrame(FDS, hex("00000009"), 0), encodeFrame(PING)]));
  assert.equal(got.length, 2);
  assert.equal(got[0]!.nfds, 0);
  assert.deepEqual(got[0]!.payload, hex("00000009"));
  assert.deepEqual(got[1]!.header, PING);
});
