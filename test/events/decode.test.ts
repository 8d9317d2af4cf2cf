// Every domain event id (0..29) decoded from its wire message into the typed
// payload, and the routing corner cases, against a scripted server that uses
// the real codec.
import { test } from "node:test";
import assert from "node:assert/strict";
import { memoryPair, memoryTransport } from "../../src/transport/memory.js";
import { FrameDecoder, type Frame } from "../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { MessageType, Status, Program } from "../../src/wire/constants.js";
import { codecFor } from "../../src/xdr/codec.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import { QEMU } from "../../src/protocol/generated/qemu.js";
import { KEEPALIVE } from "../../src/protocol/generated/keepalive.js";
import { RpcClient } from "../../src/rpc/client.js";
import { withNewerEvents } from "../../src/rpc/events-protocol.js";
import { DOMAIN_EVENT_PROCS } from "../../src/rpc/events.js";
import { Connection, Domain, type DomainEvent } from "../../src/index.js";
import { parseUri } from "../../src/transport/uri.js";

const PROGRAM = withNewerEvents(REMOTE);
const dom = { name: "vm1", uuid: Buffer.alloc(16, 0xab), id: 7 };

interface Scripted {
  conn: Connection;
  /** Next CALL from the client. */
  nextCall(): Promise<Frame>;
  frame(call: Frame, retType: string | null, value?: unknown): Buffer;
  message(proc: number, value: unknown): Buffer;
  send(...frames: Buffer[]): void;
}

function scripted(): Scripted {
  const [a, b] = memoryPair();
  const rpc = new RpcClient(memoryTransport(a), { programs: [PROGRAM, QEMU, KEEPALIVE], keepalive: false });
  const conn = new Connection(rpc, parseUri("test:///default"), {
    readonly: false,
    callTimeout: 0,
    features: { keepalive: false, eventCallback: true, closeCallback: true },
  });
  const dec = new FrameDecoder();
  const queue: Frame[] = [];
  const waiters: ((f: Frame) => void)[] = [];
  b.on("data", (chunk: Buffer) => {
    for (const f of dec.push(chunk)) {
      const w = waiters.shift();
      if (w) w(f);
      else queue.push(f);
    }
  });
  const procByNum = (n: number) => PROGRAM.procedures.find((p) => p.num === n)!;
  return {
    conn,
    nextCall: () => new Promise((r) => (queue.length ? r(queue.shift()!) : waiters.push(r))),
    frame: (call, retType, value) =>
      encodeFrame(
        { ...call.header, type: MessageType.REPLY, status: Status.OK },
        retType ? codecFor(PROGRAM.types, retType).encode(value) : undefined,
      ),
    message: (proc, value) =>
      encodeFrame(
        { prog: Program.REMOTE, vers: 1, proc, type: MessageType.MESSAGE, serial: 0, status: Status.OK },
        codecFor(PROGRAM.types, procByNum(proc).args!).encode(value),
      ),
    send: (...frames) => b.write(Buffer.concat(frames)),
  };
}

const addr = (service: string) => ({ family: 0, node: "127.0.0.1", service });
const params = [
  { field: "cpu_shares", value: { type: 4, ul: 1024n } },
  { field: "vcpupin0", value: { type: 7, s: "0-1" } },
];

/** For each id: the message body after callbackID (wire shape) and the payload we expect. */
const CASES: Record<number, [Record<string, unknown>, Record<string, unknown>]> = {
  0: [{ msg: { dom, event: 5, detail: 1 } }, { event: 5, detail: 1 }],
  1: [{ msg: { dom } }, {}],
  2: [{ msg: { dom, offset: -3600n } }, { utcoffset: -3600n }],
  3: [{ msg: { dom, action: 2 } }, { action: 2 }],
  4: [{ msg: { dom, srcPath: "/d.img", devAlias: "virtio-disk0", action: 1 } }, { srcPath: "/d.img", devAlias: "virtio-disk0", action: 1 }],
  5: [
    { msg: { dom, phase: 0, local: addr("5900"), remote: addr("40000"), authScheme: "none", subject: [{ type: "x509dname", name: "CN=me" }] } },
    { phase: 0, local: addr("5900"), remote: addr("40000"), authScheme: "none", subject: [{ type: "x509dname", name: "CN=me" }] },
  ],
  6: [
    { msg: { dom, srcPath: "/d.img", devAlias: "vda", action: 1, reason: "enospc" } },
    { srcPath: "/d.img", devAlias: "vda", action: 1, reason: "enospc" },
  ],
  7: [{ msg: { dom } }, {}],
  8: [{ msg: { dom, path: "/d.img", type: 1, status: 0 } }, { path: "/d.img", type: 1, status: 0 }],
  9: [
    { msg: { dom, oldSrcPath: "/a.iso", newSrcPath: null, devAlias: "ide0-1-0", reason: 0 } },
    { oldSrcPath: "/a.iso", newSrcPath: null, devAlias: "ide0-1-0", reason: 0 },
  ],
  10: [{ msg: { dom, devAlias: "ide0-1-0", reason: 1 } }, { devAlias: "ide0-1-0", reason: 1 }],
  11: [{ reason: 0, msg: { dom } }, { reason: 0 }],
  12: [{ reason: 0, msg: { dom } }, { reason: 0 }],
  13: [{ msg: { dom, actual: 524288n } }, { actual: 524288n }],
  14: [{ reason: 0, msg: { dom } }, { reason: 0 }],
  15: [{ msg: { dom, devAlias: "net0" } }, { devAlias: "net0" }],
  16: [{ dom, dst: "vda", type: 2, status: 0 }, { disk: "vda", type: 2, status: 0 }],
  17: [{ dom, params }, { params: { cpu_shares: 1024n, vcpupin0: "0-1" } }],
  18: [{ dom, state: 1, reason: 2 }, { state: 1, reason: 2 }],
  19: [{ dom, devAlias: "net1" }, { devAlias: "net1" }],
  20: [{ dom, iteration: 3 }, { iteration: 3 }],
  21: [{ dom, params }, { params: { cpu_shares: 1024n, vcpupin0: "0-1" } }],
  22: [{ dom, devAlias: "dimm0" }, { devAlias: "dimm0" }],
  23: [{ dom, type: 2, nsuri: "http://example.org/ns" }, { type: 2, nsuri: "http://example.org/ns" }],
  24: [{ dom, dev: "vda", path: null, threshold: 1000n, excess: 24n }, { dev: "vda", path: null, threshold: 1000n, excess: 24n }],
  25: [{ dom, recipient: 1, action: 2, flags: 1 }, { recipient: 1, action: 2, flags: 1 }],
  26: [{ dom, alias: "virtiomem0", size: 1048576n }, { alias: "virtiomem0", size: 1048576n }],
  27: [{ dom, alias: "net0", oldMAC: "52:54:00:00:00:01", newMAC: "52:54:00:00:00:02" }, { alias: "net0", oldMAC: "52:54:00:00:00:01", newMAC: "52:54:00:00:00:02" }],
  28: [{ dom, vcpuid: 3 }, { vcpuid: 3 }],
  29: [{ dom, channelName: "org.qemu.guest_agent.0", state: 1, reason: 2 }, { channelName: "org.qemu.guest_agent.0", state: 1, reason: 2 }],
};

const procOf = (id: number) => Number(Object.entries(DOMAIN_EVENT_PROCS).find(([, v]) => v === id)![0]);

test("every domain event id 0..29 decodes into its typed payload with a Domain", { timeout: 20_000 }, async () => {
  const s = scripted();
  for (let id = 0; id <= 29; id++) {
    const [wire, expected] = CASES[id]!;
    const got: DomainEvent[] = [];
    const reg = s.conn.domainEventRegisterAny(null, id as 0, (_d, ev) => {
      got.push(ev);
    });
    const call = await s.nextCall();
    const args = codecFor(PROGRAM.types, "remote_connect_domain_event_callback_register_any_args").decode(call.payload);
    assert.deepEqual(args, { eventID: id, dom: null });
    const serverId = 100 + id;
    s.send(s.frame(call, "remote_connect_domain_event_callback_register_any_ret", { callbackID: serverId }));
    await reg;
    s.send(s.message(procOf(id), { callbackID: serverId, ...wire }));
    while (got.length === 0) await new Promise((r) => setImmediate(r));
    const ev = got[0]!;
    assert.equal(ev.eventId, id);
    assert.ok(ev.dom instanceof Domain);
    assert.equal(ev.dom.getName(), "vm1");
    assert.equal(ev.dom.getId(), 7);
    const { eventId: _e, dom: _d, ...payload } = ev;
    assert.deepEqual(payload, expected, `event id ${id}`);
  }
  s.conn.rpc.destroy();
});

test("an event in the same read as its registration's reply (before or after it) is delivered", { timeout: 20_000 }, async () => {
  const s = scripted();
  const got: number[] = [];
  const first = s.conn.domainEventRegisterAny(null, Domain.EVENT_ID_LIFECYCLE, (_d, ev) => {
    got.push(ev.detail);
  });
  const c1 = await s.nextCall();
  const life = (detail: number, callbackID: number) => s.message(318, { callbackID, msg: { dom, event: 2, detail } });
  s.send(s.frame(c1, "remote_connect_domain_event_callback_register_any_ret", { callbackID: 5 }), life(1, 5));
  await first;
  const second = s.conn.domainEventRegisterAny(null, Domain.EVENT_ID_REBOOT, () => {
    got.push(-1);
  });
  const c2 = await s.nextCall();
  s.send(s.message(319, { callbackID: 6, msg: { dom } }), s.frame(c2, "remote_connect_domain_event_callback_register_any_ret", { callbackID: 6 }));
  await second;
  while (got.length < 2) await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, [1, -1]);
  s.conn.rpc.destroy();
});

test("subscriptions with the same id and filter share one server registration; the last one out deregisters", { timeout: 20_000 }, async () => {
  const s = scripted();
  const a: number[] = [];
  const b: number[] = [];
  const pa = s.conn.domainEventRegisterAny(null, Domain.EVENT_ID_LIFECYCLE, (_d, ev) => void a.push(ev.event));
  const call = await s.nextCall();
  s.send(s.frame(call, "remote_connect_domain_event_callback_register_any_ret", { callbackID: 0 }));
  const ida = await pa;
  // Same key: no second CALL.
  const idb = await s.conn.domainEventRegisterAny(null, Domain.EVENT_ID_LIFECYCLE, (_d, ev) => void b.push(ev.event));
  assert.notEqual(ida, idb);
  s.send(s.message(318, { callbackID: 0, msg: { dom, event: 3, detail: 0 } }));
  while (b.length < 1) await new Promise((r) => setImmediate(r));
  assert.deepEqual([a, b], [[3], [3]]);
  await s.conn.domainEventDeregisterAny(ida);
  const dereg = s.conn.domainEventDeregisterAny(idb);
  const d = await s.nextCall();
  assert.equal(d.header.proc, 317);
  assert.deepEqual(codecFor(PROGRAM.types, "remote_connect_domain_event_callback_deregister_any_args").decode(d.payload), { callbackID: 0 });
  s.send(s.frame(d, null));
  await dereg;
  s.conn.rpc.destroy();
});

test("the server's connection-closed message fires the close callback once with its reason", { timeout: 20_000 }, async () => {
  const s = scripted();
  const reasons: number[] = [];
  const reg = s.conn.registerCloseCallback((_c, r) => void reasons.push(r));
  const call = await s.nextCall();
  assert.equal(call.header.proc, 360);
  s.send(s.frame(call, null));
  await reg;
  s.send(s.message(362, { reason: 2 }));
  while (reasons.length < 1) await new Promise((r) => setImmediate(r));
  // The socket closing afterwards does not fire it again.
  s.conn.rpc.destroy();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(reasons, [2]);
});
