// Frames captured from a real libvirt 12.8 daemon (test/fixtures/libvirt-12/,
// made by capture-frames.ts) decoded without a daemon: with the generated
// schema, and through an engine whose schema stops at libvirt 9.0 (443), as
// an older virtwire would be.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KEEPALIVE, QEMU, REMOTE } from "../../src/protocol/index.js";
import type { remote_connect_get_all_domain_stats_ret } from "../../src/protocol/index.js";
import { codecFor } from "../../src/xdr/index.js";
import { decodeHeader, HEADER_SIZE, LEN_SIZE, MessageType, Status } from "../../src/wire/index.js";
import { FrameDecoder } from "../../src/wire/frame-decoder.js";
import { memoryPair, memoryTransport } from "../../src/transport/memory.js";
import { RpcClient } from "../../src/rpc/client.js";
import { decodeTypedParams } from "../../src/api/typed-params.js";
import type { ProgramDef } from "../../src/xdr/schema.js";
import type { CapturedFrame } from "./capture-frames.js";

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/libvirt-12");

/** A fixture file is one frame as the capture script wrote it. */
type Fixture = CapturedFrame;

function load(name: string): { fx: Fixture; frame: Buffer; payload: Buffer } {
  const fx = JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as Fixture;
  const frame = Buffer.from(fx.hex, "hex");
  return { fx, frame, payload: frame.subarray(LEN_SIZE + HEADER_SIZE) };
}

function decode(type: string, payload: Buffer): unknown {
  return codecFor(REMOTE.types, type).decode(payload); // throws on a short or long payload
}

test("every fixture is a whole frame from libvirt 12.8 whose header matches its label", () => {
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith(".json"));
  assert.ok(names.length >= 5);
  for (const n of names) {
    const { fx, frame } = load(n);
    assert.equal(fx.libvirt, "12.8.0", n);
    assert.equal(frame.readUInt32BE(0), frame.length, n);
    const h = decodeHeader(frame, LEN_SIZE);
    assert.deepEqual([h.prog, h.proc, h.type, h.status], [REMOTE.prog, fx.proc, fx.type, fx.status], n);
  }
});

test("12.8's domain stats carry typed parameters 9.0 never sent (block.N.limits.*), decoded by name", () => {
  const { payload } = load("all-domain-stats.json");
  const ret = decode("remote_connect_get_all_domain_stats_ret", payload) as remote_connect_get_all_domain_stats_ret;
  assert.equal(ret.retStats.length, 1);
  const stats = decodeTypedParams(ret.retStats[0]!.params);
  assert.equal(stats["block.0.name"], "vda");
  assert.equal(stats["block.0.limits.request_alignment"], 1n);
  assert.equal(stats["block.0.limits.iov_max"], 1024n);
  assert.equal(stats["block.0.limits.memory_alignment_optimal"], 4096n);
  assert.equal(stats["state.state"], 1);
});

test("channel lifecycle (event 29, procedure 455): domain started, then the guest opened the port", () => {
  const started = decode("remote_domain_event_callback_channel_lifecycle_msg", load("channel-lifecycle-started.json").payload);
  const opened = decode("remote_domain_event_callback_channel_lifecycle_msg", load("channel-lifecycle-connected.json").payload);
  // state 1 CONNECTED / 2 DISCONNECTED; reason 1 DOMAIN_STARTED / 2 CHANNEL.
  assert.deepEqual(pick(started), { channelName: "org.virtwire.capture.0", state: 2, reason: 1 });
  assert.deepEqual(pick(opened), { channelName: "org.virtwire.capture.0", state: 1, reason: 2 });
});

function pick(v: unknown): { channelName: unknown; state: unknown; reason: unknown } {
  const o = v as Record<string, unknown>;
  return { channelName: o["channelName"], state: o["state"], reason: o["reason"] };
}

test("autostart-once reply (procedure 449) and 12.8's own refusal of procedure 457", () => {
  assert.deepEqual(decode("remote_domain_get_autostart_once_ret", load("autostart-once.json").payload), { autostart: 0 });
  const { fx, payload } = load("unknown-procedure-457.json");
  assert.equal(fx.status, Status.ERROR);
  const err = decode("remote_error", payload) as { code: number; domain: number; message: string };
  assert.deepEqual([err.code, err.domain, err.message], [39, 7, "unknown procedure: 457"]);
});

/** The generated table cut back to what libvirt 9.0 knows, as an older virtwire's would be. */
function upTo443(def: ProgramDef): ProgramDef {
  return { ...def, procedures: def.procedures.filter((p) => p.num <= 443) };
}

test("an engine with a 9.0-era schema skips 12.8's unknown event and still decodes the new stats", async () => {
  const [clientEnd, serverEnd] = memoryPair();
  const client = new RpcClient(memoryTransport(clientEnd), { programs: [upTo443(REMOTE), QEMU, KEEPALIVE], keepalive: false });
  const warnings: Error[] = [];
  client.on("warning", (e: Error) => warnings.push(e));
  const calls = new FrameDecoder();
  const nextCall = new Promise<number>((res) => serverEnd.on("data", (c: Buffer) => calls.push(c).forEach((f) => res(f.header.serial))));
  const pending = client.call<remote_connect_get_all_domain_stats_ret>("connect_get_all_domain_stats", { doms: [], stats: 0, flags: 0 });
  const serial = await nextCall;
  // First the event it has no entry for, then the reply (renumbered to our call).
  serverEnd.write(load("channel-lifecycle-connected.json").frame);
  const reply = Buffer.from(load("all-domain-stats.json").frame);
  reply.writeUInt32BE(serial, LEN_SIZE + 16);
  serverEnd.write(reply);
  const ret = await pending;
  assert.equal(decodeTypedParams(ret.retStats[0]!.params)["block.0.limits.iov_max"], 1024n);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!.message, /455/);
  assert.equal(client.closed, false);
  assert.equal(MessageType.MESSAGE, load("channel-lifecycle-connected.json").fx.type);
  client.destroy();
});
