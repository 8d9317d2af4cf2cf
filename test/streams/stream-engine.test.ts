// RpcStream against a scripted server: packet sequences the real daemon will
// not produce on demand (data before the reply, holes, errors mid-stream).
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { fakeServer, errorPayload, type FakeServer } from "../helpers/fake-server.js";
import type { Frame } from "../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { MessageType, Status, Program, STREAM_CHUNK } from "../../src/wire/constants.js";
import { codecFor } from "../../src/xdr/codec.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import { openStream, RpcStream, StreamOverflowError, type StreamHole } from "../../src/rpc/stream.js";
import { VirtError, ConnectionClosedError } from "../../src/rpc/errors.js";

const dom = { name: "d", uuid: Buffer.alloc(16, 7), id: 1 };

function bp(s: FakeServer, name: string) {
  const p = s.client.program(Program.REMOTE).procedure(name);
  assert.ok(p);
  return p;
}

/** A STREAM packet from the server for the call `f`. */
function streamPacket(f: Frame, status: number, payload?: Buffer, type: number = MessageType.STREAM): Buffer {
  return encodeFrame({ ...f.header, type, status }, payload);
}

async function readAll(st: RpcStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of st) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

type StreamOpts = Parameters<typeof openStream>[3];
const CONSOLE = { dom, dev_name: null, flags: 0 };

/** A stream whose opening call the server has answered with `ret`. */
async function accepted(name: string, args: unknown, ret?: unknown, opts?: StreamOpts): Promise<{ s: FakeServer; call: Frame; stream: RpcStream }> {
  const s = fakeServer();
  const opening = openStream(s.client, bp(s, name), args, opts);
  const call = await s.nextCall();
  s.reply(call, ret);
  const { stream } = await opening;
  return { s, call, stream };
}

/** The connection still answers an ordinary call. */
async function stillAnswers(s: FakeServer, hv: bigint): Promise<void> {
  const v = s.client.call<{ hv_ver: bigint }>("connect_get_version");
  s.reply(await s.nextCall(), { hv_ver: hv });
  assert.equal((await v).hv_ver, hv);
}

test("data sent before the call's reply is kept, EOF triggers the finish handshake", async () => {
  const s = fakeServer();
  const opening = openStream(s.client, bp(s, "domain_screenshot"), { dom, screen: 0, flags: 0 });
  const call = await s.nextCall();
  // Data first, then the reply (the server may interleave them this way).
  s.sendRaw(streamPacket(call, Status.CONTINUE, Buffer.from("early-")));
  s.reply(call, { mime: "image/x-test" });
  const { stream, ret } = await opening;
  assert.deepEqual(ret, { mime: "image/x-test" });
  s.sendRaw(streamPacket(call, Status.CONTINUE, Buffer.from("late")));
  s.sendRaw(streamPacket(call, Status.CONTINUE)); // empty = EOF
  const reading = readAll(stream);
  // The client answers EOF with an empty STREAM/OK on the same serial and proc.
  const fin = await s.nextCall();
  assert.equal(fin.header.type, MessageType.STREAM);
  assert.equal(fin.header.status, Status.OK);
  assert.equal(fin.header.serial, call.header.serial);
  assert.equal(fin.header.proc, call.header.proc);
  assert.equal(fin.payload.length, 0);
  s.sendRaw(streamPacket(call, Status.OK));
  assert.equal((await reading).toString(), "early-late");
  await once(stream, "close");
  assert.equal(stream.destroyed, true);
  s.client.destroy();
});

test("writes are cut into STREAM/CONTINUE packets of at most 262,120 bytes; end() waits for the server's OK", async () => {
  const { s, call, stream } = await accepted("domain_open_console", CONSOLE);
  const data = Buffer.alloc(STREAM_CHUNK * 2 + 1000);
  for (let i = 0; i < data.length; i++) data[i] = i % 251;
  let finished = false;
  stream.write(data);
  stream.end(() => {
    finished = true;
  });
  const got: Buffer[] = [];
  for (;;) {
    const f = await s.nextCall();
    assert.equal(f.header.serial, call.header.serial);
    assert.equal(f.header.type, MessageType.STREAM);
    if (f.header.status === Status.OK) {
      assert.equal(f.payload.length, 0);
      break;
    }
    assert.equal(f.header.status, Status.CONTINUE);
    assert.ok(f.payload.length > 0 && f.payload.length <= STREAM_CHUNK);
    got.push(f.payload);
  }
  assert.deepEqual(got.map((b) => b.length), [STREAM_CHUNK, STREAM_CHUNK, 1000]);
  assert.ok(Buffer.concat(got).equals(data));
  // Not finished until the server confirms.
  await new Promise((r) => setImmediate(r));
  assert.equal(finished, false);
  s.sendRaw(streamPacket(call, Status.OK));
  await once(stream, "finish");
  assert.equal(finished, true);
  stream.destroy();
  s.client.destroy();
});

test("a write waits for the transport: the next chunk leaves only after the previous one was accepted", async () => {
  const { s, stream } = await accepted("domain_open_console", CONSOLE);
  // Stop reading on the server side: the memory transport then withholds write callbacks.
  s.socket.pause();
  const big = Buffer.alloc(STREAM_CHUNK * 4);
  let done = false;
  stream.write(big, () => {
    done = true;
  });
  await new Promise((r) => setTimeout(r, 50));
  // At most one chunk is handed to the transport (plus what its buffer took): not all four.
  assert.equal(done, false);
  s.socket.resume();
  for (let n = 0; n < 4; n++) {
    const f = await s.nextCall();
    assert.equal(f.payload.length, STREAM_CHUNK);
  }
  await new Promise((r) => setImmediate(r));
  assert.equal(done, true);
  stream.destroy();
  s.client.destroy();
});

test("destroy() aborts with an empty STREAM/ERROR and late data is ignored", async () => {
  const { s, call, stream } = await accepted("domain_open_console", CONSOLE);
  stream.on("error", () => {});
  stream.destroy();
  const abort = await s.nextCall();
  assert.equal(abort.header.type, MessageType.STREAM);
  assert.equal(abort.header.status, Status.ERROR);
  assert.equal(abort.header.serial, call.header.serial);
  assert.equal(abort.payload.length, 0);
  // Data in flight before the server saw the abort, then its confirmation.
  s.sendRaw(streamPacket(call, Status.CONTINUE, Buffer.from("late")));
  s.sendRaw(streamPacket(call, Status.OK));
  // The connection is fine afterwards.
  await stillAnswers(s, 9n);
  s.client.destroy();
});

test("a server STREAM/ERROR destroys the stream with the VirtError", async () => {
  const { s, call, stream } = await accepted("domain_open_console", CONSOLE);
  const failed = once(stream, "error");
  s.sendRaw(streamPacket(call, Status.CONTINUE, Buffer.from("x")));
  s.sendRaw(encodeFrame({ ...call.header, type: MessageType.STREAM, status: Status.ERROR }, errorPayload(1, 10, "internal error: console went away")));
  const [err] = (await failed) as [unknown];
  assert.ok(err instanceof VirtError);
  assert.equal(err.code, 1);
  assert.equal(err.domain, 10);
  assert.equal(err.message, "internal error: console went away");
  s.client.destroy();
});

test("a failed open rejects with the VirtError and leaves no route behind", async () => {
  const s = fakeServer();
  const opening = openStream(s.client, bp(s, "domain_open_console"), CONSOLE);
  const call = await s.nextCall();
  s.replyError(call, 55, 10, "operation failed: Active console session exists for this domain");
  await assert.rejects(opening, (e: unknown) => e instanceof VirtError && e.code === 55);
  // A stray packet for that serial is dropped without harm.
  s.sendRaw(streamPacket(call, Status.CONTINUE, Buffer.from("stray")));
  await stillAnswers(s, 1n);
  s.client.destroy();
});

test("STREAM_HOLE packets are parsed and surfaced as 'hole' with their offset", async () => {
  const { s, call, stream } = await accepted("storage_vol_download", {
    vol: { pool: "p", name: "v", key: "k" },
    offset: 0n,
    length: 0n,
    flags: 0,
  });
  const holes: StreamHole[] = [];
  stream.on("hole", (h: StreamHole) => holes.push(h));
  const hole = codecFor(REMOTE.types, "virNetStreamHole").encode({ length: 1048576n, flags: 0 });
  s.sendRaw(streamPacket(call, Status.CONTINUE, Buffer.from("abcd")));
  s.sendRaw(streamPacket(call, Status.CONTINUE, hole, MessageType.STREAM_HOLE));
  s.sendRaw(streamPacket(call, Status.CONTINUE, Buffer.from("ef")));
  s.sendRaw(streamPacket(call, Status.CONTINUE));
  const reading = readAll(stream);
  await s.nextCall(); // finish
  s.sendRaw(streamPacket(call, Status.OK));
  assert.equal((await reading).toString(), "abcdef");
  assert.deepEqual(holes, [{ length: 1048576n, flags: 0, offset: 4n }]);
  s.client.destroy();
});

test("a reader that stops reading: past maxBufferedBytes the stream aborts, the connection goes on", async () => {
  const { s, call, stream } = await accepted("domain_open_console", CONSOLE, undefined, { maxBufferedBytes: 10_000 });
  const failed = once(stream, "error");
  // Nobody reads; the server keeps sending.
  for (let i = 0; i < 5; i++) s.sendRaw(streamPacket(call, Status.CONTINUE, Buffer.alloc(4000, i)));
  const [err] = (await failed) as [unknown];
  assert.ok(err instanceof StreamOverflowError);
  assert.equal(err.limit, 10_000);
  const abort = await s.nextCall();
  assert.equal(abort.header.status, Status.ERROR);
  assert.equal(abort.header.serial, call.header.serial);
  await stillAnswers(s, 2n);
  s.client.destroy();
});

test("the connection closing destroys an open stream with ConnectionClosedError", async () => {
  const { s, stream } = await accepted("domain_open_console", CONSOLE);
  const failed = once(stream, "error");
  s.socket.destroy();
  const [err] = (await failed) as [unknown];
  assert.ok(err instanceof ConnectionClosedError);
});

test("writes to a read-only stream fail", async () => {
  const { s, stream } = await accepted("domain_screenshot", { dom, screen: 0, flags: 0 }, { mime: "image/png" });
  const failed = once(stream, "error");
  stream.write(Buffer.from("nope"));
  const [err] = (await failed) as [Error];
  assert.match(err.message, /read-only/);
  s.client.destroy();
});
