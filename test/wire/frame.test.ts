import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeFrame, encodeMessage } from "../../src/wire/frame.js";
import { decodeHeader, encodeHeader, type Header } from "../../src/wire/header.js";
import {
  HEADER_SIZE,
  KeepaliveProc,
  LEN_MAX,
  LEN_MIN,
  MESSAGE_MAX,
  MessageType,
  Program,
  Status,
  hasFds,
} from "../../src/wire/constants.js";
import { codecFor } from "../../src/xdr/codec.js";
import { hex, throwsCode } from "../xdr/hex.js";
import { T } from "../xdr/table.js";

const PING: Header = {
  prog: Program.KEEPALIVE,
  vers: 1,
  proc: KeepaliveProc.PING,
  type: MessageType.MESSAGE,
  serial: 0,
  status: Status.OK,
};

test("constants", () => {
  assert.equal(Program.REMOTE, 0x20008086);
  assert.equal(Program.QEMU, 0x20008087);
  assert.equal(Program.LXC, 0x00068000);
  assert.equal(Program.ADMIN, 0x06900690);
  assert.equal(Program.KEEPALIVE, 0x6b656570);
  assert.deepEqual(Object.values(MessageType), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Object.values(Status), [0, 1, 2]);
  assert.equal(HEADER_SIZE, 24);
  assert.equal(LEN_MIN, 28);
  assert.equal(LEN_MAX, 33554436);
  assert.equal(MESSAGE_MAX, 33554432);
  assert.ok(hasFds(4) && hasFds(5) && !hasFds(0) && !hasFds(6));
});

test("header round trip, signed and unsigned fields", () => {
  const h: Header = { prog: 0xffffffff, vers: 1, proc: -1, type: 6, serial: 0xfffffffe, status: -2 };
  const b = encodeHeader(h);
  assert.deepEqual(b, hex("ffffffff 00000001 ffffffff 00000006 fffffffe fffffffe"));
  assert.deepEqual(decodeHeader(b), h);
  assert.deepEqual(decodeHeader(Buffer.concat([hex("aabbccdd"), b]), 4), h);
  throwsCode(() => decodeHeader(b.subarray(0, 23)), "XDR_SHORT");
});

test("header fields out of range are refused", () => {
  throwsCode(() => encodeHeader({ ...PING, serial: -1 }), "FRAME_HEADER", /serial/);
  throwsCode(() => encodeHeader({ ...PING, prog: 2 ** 32 }), "FRAME_HEADER", /prog/);
  throwsCode(() => encodeHeader({ ...PING, proc: 2 ** 31 }), "FRAME_HEADER", /proc/);
  throwsCode(() => encodeHeader({ ...PING, status: 0.5 }), "FRAME_HEADER", /status/);
});

test("keepalive PING is 28 bytes", () => {
  assert.deepEqual(
    encodeFrame(PING),
    hex("0000001c 6b656570 00000001 00000001 00000002 00000000 00000000"),
  );
});

test("frame with payload: length counts itself, header and payload", () => {
  const h: Header = { prog: Program.REMOTE, vers: 1, proc: 16, type: MessageType.CALL, serial: 7, status: Status.OK };
  const f = encodeFrame(h, hex("01020304 05"));
  assert.deepEqual(f, hex("00000021 20008086 00000001 00000010 00000000 00000007 00000000 01020304 05"));
});

test("*_WITH_FDS frames carry the fd count word; others refuse fds", () => {
  const h: Header = { prog: Program.REMOTE, vers: 1, proc: 309, type: MessageType.CALL_WITH_FDS, serial: 1, status: 0 };
  const f = encodeFrame(h, hex("0000002a"), 2);
  assert.deepEqual(f, hex("00000024 20008086 00000001 00000135 00000004 00000001 00000000 00000002 0000002a"));
  throwsCode(() => encodeFrame({ ...h, type: MessageType.CALL }, undefined, 1), "FRAME_FDS");
  throwsCode(() => encodeFrame(h, undefined, 33), "FRAME_FDS");
  throwsCode(() => encodeFrame(h, undefined, -1), "FRAME_FDS");
});

test("payloads over the limit are refused", () => {
  const h: Header = { ...PING, type: MessageType.STREAM, status: Status.CONTINUE };
  throwsCode(() => encodeFrame(h, Buffer.allocUnsafe(MESSAGE_MAX - HEADER_SIZE + 1)), "FRAME_LENGTH", /33554437/);
});

test("encodeMessage matches encodeFrame of the encoded payload", () => {
  const c = codecFor(T, "remote_domain_get_info_args");
  const v = { dom: { name: "test", uuid: Buffer.alloc(16, 3), id: 1 } };
  const h: Header = { prog: Program.REMOTE, vers: 1, proc: 16, type: MessageType.CALL, serial: 9, status: Status.OK };
  assert.deepEqual(encodeMessage(h, c, v), encodeFrame(h, c.encode(v)));
  assert.deepEqual(encodeMessage(PING, null, undefined), encodeFrame(PING));
  const hf: Header = { ...h, type: MessageType.CALL_WITH_FDS };
  assert.deepEqual(encodeMessage(hf, c, v, 1), encodeFrame(hf, c.encode(v), 1));
});

test("encodeMessage reports value errors and stays usable", () => {
  const c = codecFor(T, "remote_domain_get_info_args");
  const h: Header = { prog: Program.REMOTE, vers: 1, proc: 16, type: MessageType.CALL, serial: 9, status: Status.OK };
  throwsCode(() => encodeMessage(h, c, { dom: null }), "XDR_TYPE", /remote_domain_get_info_args\.dom: expected object/);
  throwsCode(() => encodeMessage({ ...h, serial: -5 }, c, { dom: null }), "FRAME_HEADER");
  assert.deepEqual(encodeMessage(PING, null, undefined), encodeFrame(PING));
});
