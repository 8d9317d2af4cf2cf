import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { fakeServer, procName } from "../helpers/fake-server.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { MessageType, Status, Program } from "../../src/wire/constants.js";
import {
  VirtError,
  ConnectionClosedError,
  KeepaliveTimeoutError,
  CallTimeoutError,
  ProtocolError,
} from "../../src/rpc/errors.js";
import { codecFor } from "../../src/xdr/codec.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";

const dom = { name: "d", uuid: Buffer.alloc(16, 1), id: 3 };

test("many calls in flight, replies out of order, matched by serial", async () => {
  const s = fakeServer();
  const calls = Array.from({ length: 20 }, (_, i) => s.client.call<{ hv_ver: bigint }>("connect_get_version").then((r) => [i, r.hv_ver]));
  const frames = [];
  for (let i = 0; i < 20; i++) frames.push(await s.nextCall());
  // Answer in reverse order, each with a value derived from its serial.
  for (const f of frames.reverse()) s.reply(f, { hv_ver: BigInt(f.header.serial * 10) });
  const results = await Promise.all(calls);
  const serials = frames.map((f) => f.header.serial).reverse();
  for (const [i, v] of results) assert.equal(v, BigInt(serials[i as number]! * 10));
  s.client.destroy();
});

test("calls issued in the same tick leave in one write", async () => {
  const s = fakeServer();
  let chunks = 0;
  s.socket.on("data", () => chunks++);
  const ps = Array.from({ length: 10 }, () => s.client.call("connect_get_version"));
  for (let i = 0; i < 10; i++) s.reply(await s.nextCall(), { hv_ver: 1n });
  await Promise.all(ps);
  assert.equal(chunks, 1);
  s.client.destroy();
});

test("an ERROR reply rejects with a VirtError carrying every field", async () => {
  const s = fakeServer();
  const p = s.client.call("domain_lookup_by_name", { name: "nope" });
  s.replyError(await s.nextCall(), 42, 12, "Domain not found: no domain with matching name 'nope'");
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof VirtError);
    assert.equal(e.name, "VirtError");
    assert.equal(e.code, VirtError.ERR_NO_DOMAIN);
    assert.equal(e.domain, VirtError.FROM_TEST);
    assert.equal(e.level, VirtError.LEVEL_ERROR);
    assert.equal(e.str1, "Domain not found: no domain with matching name 'nope'");
    assert.equal(e.int1, -1);
    return true;
  });
  s.client.destroy();
});

test("a reply with an unknown serial is dropped and the others complete", async () => {
  const s = fakeServer();
  const warnings: Error[] = [];
  s.client.on("warning", (w: Error) => warnings.push(w));
  const p = s.client.call<{ type: string }>("connect_get_type");
  const f = await s.nextCall();
  s.reply(f, { type: "BOGUS" }, { serial: 9999 });
  s.reply(f, { type: "TEST" });
  assert.equal((await p).type, "TEST");
  assert.equal(warnings.length, 1);
  assert.ok(warnings[0] instanceof ProtocolError);
  s.client.destroy();
});

test("an aborted call rejects with the signal's reason; its late reply is dropped", async () => {
  const s = fakeServer();
  const ac = new AbortController();
  const p1 = s.client.call("connect_get_version", undefined, { signal: ac.signal });
  const p2 = s.client.call<{ type: string }>("connect_get_type");
  const f1 = await s.nextCall();
  const f2 = await s.nextCall();
  ac.abort(new Error("user gave up"));
  await assert.rejects(p1, /user gave up/);
  assert.equal(s.client.inFlight, 1);
  s.reply(f1, { hv_ver: 5n });
  s.reply(f2, { type: "TEST" });
  assert.equal((await p2).type, "TEST");
  // A signal already aborted fails before anything is sent.
  const before = s.received.length;
  await assert.rejects(s.client.call("connect_get_version", undefined, { signal: ac.signal }), /user gave up/);
  await sleep(5);
  assert.equal(s.received.length, before);
  s.client.destroy();
});

test("a timeout rejects with CallTimeoutError and the connection goes on", async () => {
  const s = fakeServer();
  const p = s.client.call("connect_get_version", undefined, { timeout: 30 });
  const f = await s.nextCall();
  await assert.rejects(p, (e: unknown) => e instanceof CallTimeoutError && e.procedure === "connect_get_version");
  s.reply(f, { hv_ver: 1n });
  const p2 = s.client.call<{ hv_ver: bigint }>("connect_get_version", undefined, { timeout: 5000 });
  s.reply(await s.nextCall(), { hv_ver: 2n });
  assert.equal((await p2).hv_ver, 2n);
  s.client.destroy();
});

test("a length word out of range kills the connection: every pending call rejects at once", async () => {
  const s = fakeServer();
  const closes: ConnectionClosedError[] = [];
  s.client.on("close", (e: ConnectionClosedError) => closes.push(e));
  const ps = [s.client.call("connect_get_version"), s.client.call("connect_get_type")];
  await s.nextCall();
  const bad = Buffer.alloc(8);
  bad.writeUInt32BE(0x7fffffff, 0);
  s.sendRaw(bad);
  for (const p of ps) {
    await assert.rejects(p, (e: unknown) => e instanceof ConnectionClosedError && e.reason === "error" && /protocol error/.test(e.message));
  }
  assert.equal(closes.length, 1);
  await assert.rejects(s.client.call("connect_get_version"), ConnectionClosedError);
});

test("EOF in the middle of a frame rejects pending calls with reason eof", async () => {
  const s = fakeServer();
  const p = s.client.call("connect_get_version");
  const f = await s.nextCall();
  const full = encodeFrame({ ...f.header, type: MessageType.REPLY }, Buffer.alloc(8));
  s.sendRaw(full.subarray(0, 17));
  s.socket.end();
  await assert.rejects(p, (e: unknown) => e instanceof ConnectionClosedError && e.reason === "eof");
});

test("a malformed reply body fails only its call", async () => {
  const s = fakeServer();
  const p1 = s.client.call("connect_get_type");
  const p2 = s.client.call<{ hv_ver: bigint }>("connect_get_version");
  const f1 = await s.nextCall();
  const f2 = await s.nextCall();
  // A string length word far larger than the body that follows.
  const body = Buffer.from([0, 0, 0x10, 0, 0x41, 0x41, 0x41, 0x41]);
  s.sendRaw(encodeFrame({ ...f1.header, type: MessageType.REPLY, status: Status.OK }, body));
  s.reply(f2, { hv_ver: 7n });
  await assert.rejects(p1, ProtocolError);
  assert.equal((await p2).hv_ver, 7n);
  assert.equal(s.client.closed, false);
  s.client.destroy();
});

test("arguments that do not fit the schema are refused before anything is sent", async () => {
  const s = fakeServer();
  await assert.rejects(s.client.call("domain_get_info", { dom: { name: 5, uuid: Buffer.alloc(16), id: 1 } }), ProtocolError);
  await assert.rejects(s.client.call("domain_get_info", { dom: { ...dom, uuid: Buffer.alloc(3) } }), ProtocolError);
  await assert.rejects(s.client.call("no_such_procedure"), /unknown procedure/);
  await sleep(5);
  assert.equal(s.received.length, 0);
  s.client.destroy();
});

test("server PINGs are answered with PONGs", async () => {
  const s = fakeServer();
  const pong = new Promise<number>((resolve) => {
    s.socket.on("data", (chunk: Buffer) => resolve(chunk.readInt32BE(12)));
  });
  s.sendRaw(encodeFrame({ prog: Program.KEEPALIVE, vers: 1, proc: 1, type: MessageType.MESSAGE, serial: 0, status: 0 }));
  assert.equal(await pong, 2);
  s.client.destroy();
});

test("keepalive declares a silent peer dead and rejects pending calls", async () => {
  const s = fakeServer({ keepalive: { interval: 0.05, count: 2 }, autoPong: false });
  s.client.startKeepalive();
  // The in-memory transport holds no event-loop handle and keepalive timers are unref'd.
  const hold = setInterval(() => {}, 1000);
  const p = s.client.call("connect_get_version");
  await assert.rejects(p, KeepaliveTimeoutError);
  clearInterval(hold);
  // It pinged before giving up.
  assert.ok(s.received.some((f) => f.header.prog === Program.KEEPALIVE && f.header.proc === 1));
});

test("keepalive stays quiet while the peer answers", async () => {
  const s = fakeServer({ keepalive: { interval: 0.05, count: 2 } });
  s.client.startKeepalive();
  await sleep(300);
  assert.equal(s.client.closed, false);
  s.client.destroy();
});

test("server pushes are decoded; unknown ones are ignored with a warning", async () => {
  const s = fakeServer();
  const got: unknown[] = [];
  const warnings: Error[] = [];
  s.client.on("message", (m: unknown) => got.push(m));
  s.client.on("warning", (w: Error) => warnings.push(w));
  const proc = REMOTE.procedures.find((p) => p.name === "domain_event_callback_lifecycle")!;
  const body = codecFor(REMOTE.types, proc.args!).encode({ callbackID: 0, msg: { dom, event: 2, detail: 0 } });
  const h = { prog: Program.REMOTE, vers: 1, type: MessageType.MESSAGE, serial: 0, status: Status.OK };
  s.sendRaw(encodeFrame({ ...h, proc: 9000 }, Buffer.alloc(4)));
  s.sendRaw(encodeFrame({ ...h, proc: proc.num }, body));
  await sleep(5);
  assert.equal(got.length, 1);
  assert.deepEqual((got[0] as { name: string }).name, "domain_event_callback_lifecycle");
  assert.equal(warnings.length, 1);
  // Calls still work afterwards.
  const p = s.client.call("connect_get_version");
  s.reply(await s.nextCall(), { hv_ver: 1n });
  await p;
  s.client.destroy();
});

test("destroy rejects every pending call with reason client", async () => {
  const s = fakeServer();
  const p = s.client.call("connect_get_version");
  await s.nextCall();
  s.client.destroy();
  await assert.rejects(p, (e: unknown) => e instanceof ConnectionClosedError && e.reason === "client");
  assert.equal(procName(s.received[0]!), "connect_get_version");
});
