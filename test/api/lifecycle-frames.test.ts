// The CALLs of lifecycle APIs no local driver implements (golden bytes), and
// the client-side behaviour around them (cached ids, absolute paths, the
// snapshot-names workaround), against a scripted server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { fakeServer, type FakeServer } from "../helpers/fake-server.js";
import { hex } from "../xdr/hex.js";
import { Connection } from "../../src/api/connection.js";
import "../../src/api/features.js";
import { Domain } from "../../src/api/domain/handle.js";
import { parseUri } from "../../src/transport/uri.js";
import { REMOTE_PROC } from "../../src/protocol/generated/remote.js";
import { MessageType } from "../../src/wire/constants.js";
import { VirtError } from "../../src/rpc/errors.js";

const UUID = Buffer.from("00112233445566778899aabbccddeeff", "hex");
// remote_nonnull_domain { "dom", uuid, id 5 }
const DOM_HEX = "00000003 646f6d00 00112233 44556677 8899aabb ccddeeff 00000005";

function setup(): { s: FakeServer; c: Connection; d: Domain } {
  const s = fakeServer();
  const c = new Connection(s.client, parseUri("test:///default"), {
    readonly: false,
    callTimeout: 0,
    features: { keepalive: false, eventCallback: false, closeCallback: false },
  });
  return { s, c, d: new Domain(c, { name: "dom", uuid: UUID, id: 5 }) };
}

test("pmSuspendForDuration and pmWakeup CALLs", async () => {
  const { s, d } = setup();
  const p = d.pmSuspendForDuration(1, 30n, 0);
  const f = await s.nextCall();
  assert.equal(f.header.proc, REMOTE_PROC.DOMAIN_PM_SUSPEND_FOR_DURATION);
  // target uint 1, duration uhyper 30, flags 0
  assert.deepEqual(f.payload, hex(`${DOM_HEX} 00000001 00000000 0000001e 00000000`));
  s.reply(f);
  await p;

  const w = d.pmWakeup(0);
  const g = await s.nextCall();
  assert.equal(g.header.proc, REMOTE_PROC.DOMAIN_PM_WAKEUP);
  assert.deepEqual(g.payload, hex(`${DOM_HEX} 00000000`));
  s.replyError(g, 74, 10, "argument unsupported: QEMU guest agent is not configured");
  await assert.rejects(w, (e: unknown) => e instanceof VirtError && e.code === 74 && e.domain === 10);
  s.client.destroy();
});

test("managed save XML CALLs", async () => {
  const { s, d } = setup();
  const p = d.managedSaveGetXmlDescription(1);
  const f = await s.nextCall();
  assert.equal(f.header.proc, REMOTE_PROC.DOMAIN_MANAGED_SAVE_GET_XML_DESC);
  assert.deepEqual(f.payload, hex(`${DOM_HEX} 00000001`));
  s.reply(f, { xml: "<domain/>" });
  assert.equal(await p, "<domain/>");

  const q = d.managedSaveDefineXml("<x/>", 2);
  const g = await s.nextCall();
  assert.equal(g.header.proc, REMOTE_PROC.DOMAIN_MANAGED_SAVE_DEFINE_XML);
  // dxml is an optional string: present flag, length 4, "<x/>", then flags 2
  assert.deepEqual(g.payload, hex(`${DOM_HEX} 00000001 00000004 3c782f3e 00000002`));
  s.reply(g);
  await q;
  s.client.destroy();
});

test("save with params sends SaveParams with typed fields in Sys::Virt's order, file folded in as given", async () => {
  const { s, d } = setup();
  const p = d.save("/a", null, { "parallel.channels": 4 }, 1);
  const f = await s.nextCall();
  assert.equal(f.header.proc, REMOTE_PROC.DOMAIN_SAVE_PARAMS);
  const expected = [
    DOM_HEX,
    "00000002", // two params
    "00000004 66696c65", // "file"
    "00000007 00000002 2f610000", // STRING "/a"
    "00000011 706172616c6c656c2e6368616e6e656c73 000000", // "parallel.channels" (17) + pad 3
    "00000001 00000004", // INT 4
    "00000001", // flags
  ].join(" ");
  assert.deepEqual(f.payload, hex(expected));
  s.reply(f);
  await p;
  assert.equal(d.getId(), 5, "SaveParams leaves the cached id alone");
  s.client.destroy();
});

test("plain save and restore send absolute paths; save and destroy drop the cached id", async () => {
  const { s, c, d } = setup();
  const p = d.save("rel/img.sav");
  const f = await s.nextCall();
  assert.equal(f.header.proc, REMOTE_PROC.DOMAIN_SAVE);
  const abs = resolve("rel/img.sav");
  const len = Buffer.byteLength(abs);
  const pad = (4 - (len % 4)) % 4;
  assert.deepEqual(f.payload, Buffer.concat([hex(DOM_HEX), hex(len.toString(16).padStart(8, "0")), Buffer.from(abs), Buffer.alloc(pad)]));
  s.reply(f);
  await p;
  assert.equal(d.getId(), -1);

  const r = c.restoreDomain("img.sav");
  const g = await s.nextCall();
  assert.equal(g.header.proc, REMOTE_PROC.DOMAIN_RESTORE);
  assert.ok(g.payload.includes(Buffer.from(resolve("img.sav"))));
  s.reply(g);
  await r;

  const d2 = new Domain(c, { name: "dom", uuid: UUID, id: 9 });
  const x = d2.destroy(1);
  const h = await s.nextCall();
  assert.equal(h.header.proc, REMOTE_PROC.DOMAIN_DESTROY_FLAGS);
  s.reply(h);
  await x;
  assert.equal(d2.getId(), 9, "DestroyFlags keeps the id, as libvirt's client does");
  const y = d2.destroy();
  const k = await s.nextCall();
  assert.equal(k.header.proc, REMOTE_PROC.DOMAIN_DESTROY);
  s.reply(k);
  await y;
  assert.equal(d2.getId(), -1);
  s.client.destroy();
});

test("createWithFiles with no fds is a plain CALL and takes the reply's id", async () => {
  const { s, d } = setup();
  const p = d.createWithFiles([], 0);
  const f = await s.nextCall();
  assert.equal(f.header.proc, REMOTE_PROC.DOMAIN_CREATE_WITH_FILES);
  assert.equal(f.header.type, MessageType.CALL);
  assert.equal(f.nfds, 0);
  assert.deepEqual(f.payload, hex(`${DOM_HEX} 00000000`));
  s.reply(f, { dom: { name: "dom", uuid: UUID, id: 7 } });
  await p;
  assert.equal(d.getId(), 7);

  await assert.rejects(d.createWithFiles([4]), (e: unknown) => e instanceof VirtError && e.code === 3 && e.domain === 7);
  assert.equal(s.received.length, 1, "nothing was sent for a non-empty fd list");
  s.client.destroy();
});

test("snapshot name lists ask for at least 1024 names and trim (libvirtd crashes on fewer slots)", async () => {
  const { s, d } = setup();
  const p = d.listSnapshotNames(2, 0);
  const f = await s.nextCall();
  assert.equal(f.header.proc, REMOTE_PROC.DOMAIN_SNAPSHOT_LIST_NAMES);
  assert.deepEqual(f.payload, hex(`${DOM_HEX} 00000400 00000000`));
  s.reply(f, { names: ["a", "b", "c", "d"] });
  assert.deepEqual(await p, ["a", "b"]);
  s.client.destroy();
});
