// Protocol-level behaviour of the embedded server: what libvirtd answers
// outside ordinary calls (before open, unknown procedures and programs,
// keepalive, close, read-only).
import { test } from "node:test";
import assert from "node:assert/strict";
import { openEmbedded } from "../../src/embedded/index.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import { codecFor } from "../../src/xdr/codec.js";
import type { remote_error } from "../../src/protocol/generated/remote-types.js";
import { WireClient } from "./wire-client.js";
import { closeAll, openClient } from "./harness.js";

const errCodec = codecFor<remote_error>(REMOTE.types, "remote_error");

test("calls before CONNECT_OPEN fail like libvirtd; AUTH_LIST and keepalive feature work", async () => {
  const c = new WireClient(openEmbedded("test:///default"));
  assert.deepEqual(await c.ok("auth_list"), { types: [0] });
  assert.deepEqual(await c.ok("connect_supports_feature", { feature: 10 }), { supported: 1 });
  const e = await c.fail("connect_get_type");
  assert.equal(e.code, 1);
  assert.equal(e.domain, 7);
  assert.equal(e.message, "internal error: hypervisor connection not open");
  assert.equal(e.str1, "internal error: %s");
  assert.equal(e.str2, "hypervisor connection not open");
  assert.equal(e.int1, -1);
  await c.ok("connect_open", { name: "test:///default", flags: 0 });
  assert.deepEqual(await c.ok("connect_supports_feature", { feature: 9 }), { supported: 1 });
  assert.deepEqual(await c.ok("connect_supports_feature", { feature: 1 }), { supported: 0 });
  assert.equal((await c.ok("connect_get_uri")).uri, "test:///default");
  await closeAll(c);
});

test("unknown procedure, server-only procedure and unknown program", async () => {
  const c = await openClient();
  // 107 is an event message: clients may not call it.
  const e = await c.fail("domain_event_lifecycle", { dom: { name: "x", uuid: Buffer.alloc(16), id: 1 }, event: 0, detail: 0 });
  assert.deepEqual([e.code, e.domain, e.message, e.str1], [39, 7, "unknown procedure: 107", "%s"]);
  c.sendRaw(encodeFrame({ prog: REMOTE.prog, vers: 1, proc: 9999, type: 0, serial: 77, status: 0 }));
  c.sendRaw(encodeFrame({ prog: 0x12345678, vers: 1, proc: 1, type: 0, serial: 78, status: 0 }));
  await c.ok("connect_get_type");
  const [r1, r2] = c.other.splice(0);
  assert.ok(r1 && r2);
  assert.deepEqual([r1.header.serial, r1.header.type, r1.header.status], [77, 1, 1]);
  assert.equal(errCodec.decode(r1.payload).message, "unknown procedure: 9999");
  assert.equal(errCodec.decode(r2.payload).message, `Cannot find program ${0x12345678} version 1`);
  await closeAll(c);
});

test("keepalive PING is answered with PONG; CONNECT_CLOSE replies then closes", async () => {
  const c = await openClient();
  c.sendRaw(encodeFrame({ prog: 0x6b656570, vers: 1, proc: 1, type: 2, serial: 0, status: 0 }));
  await c.ok("connect_get_type");
  const pong = c.other.splice(0);
  assert.equal(pong.length, 1);
  assert.deepEqual(pong[0]!.header, { prog: 0x6b656570, vers: 1, proc: 2, type: 2, serial: 0, status: 0 });
  assert.equal(pong[0]!.payload.length, 0);
  const r = await c.call("connect_close");
  assert.equal(r.ok, true);
  await c.waitClosed();
  assert.equal(c.closed, true);
});

test("a malformed length word drops the connection", async () => {
  const c = await openClient();
  const bad = Buffer.alloc(8);
  bad.writeUInt32BE(12, 0); // below the 28-byte minimum
  c.sendRaw(bad);
  await c.waitClosed();
  assert.equal(c.closed, true);
});

test("read-only connections refuse mutations with 29 and libvirt's wording", async () => {
  const c = await openClient("test:///default", { flags: 1 });
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  assert.deepEqual(await c.ok("domain_get_state", { dom, flags: 0 }), { state: 1, reason: 0 });
  const e = await c.fail("domain_destroy", { dom });
  assert.deepEqual([e.code, e.domain, e.message], [29, 20, "operation forbidden: read only access prevents virDomainDestroy"]);
  const s = await c.fail("domain_snapshot_create_xml", { dom, xml_desc: "<domainsnapshot/>", flags: 0 });
  assert.deepEqual([s.code, s.domain], [29, 35]);
  const x = await c.fail("domain_get_xml_desc", { dom, flags: 1 });
  assert.equal(x.message, "operation forbidden: virDomainGetXMLDesc with secure flag");
  assert.equal((await c.call("domain_get_xml_desc", { dom, flags: 0 })).ok, true);
  const h = await c.fail("domain_get_hostname", { dom, flags: 0 });
  assert.equal(h.code, 29);
  await closeAll(c);
});

test("the server-side read-only option forces it whatever the client asks", async () => {
  const c = await openClient("test:///default", { readonly: true });
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  assert.equal((await c.fail("domain_suspend", { dom })).code, 29);
  await closeAll(c);
});

test("QEMU program calls answer NO_SUPPORT", async () => {
  const c = await openClient();
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  const args = codecFor(REMOTE.types, "remote_nonnull_domain").encode(dom);
  const tail = Buffer.from("000000047878787800000000", "hex"); // cmd "xxxx", flags 0
  c.sendRaw(encodeFrame({ prog: 0x20008087, vers: 1, proc: 1, type: 0, serial: 500, status: 0 }, Buffer.concat([args, tail])));
  await c.ok("connect_get_type");
  const [f] = c.other.splice(0);
  assert.ok(f);
  const e = errCodec.decode(f.payload);
  assert.deepEqual([e.code, e.domain, e.message], [3, 0, "this function is not supported by the connection driver: virDomainQemuMonitorCommand"]);
  await closeAll(c);
});

test("server keepalive: PINGs once asked for, drops a silent client", async () => {
  const c = new WireClient(openEmbedded("test:///default", { keepalive: { interval: 0.02, count: 1 } }));
  await c.ok("auth_list");
  await c.ok("connect_supports_feature", { feature: 10 });
  // The server's keepalive timers are unref'd: hold the loop open meanwhile.
  const hold = setInterval(() => {}, 1000);
  await c.waitClosed();
  clearInterval(hold);
  const pings = c.other.filter((f) => f.header.prog === 0x6b656570);
  assert.equal(pings.length, 1);
  assert.deepEqual(pings[0]!.header, { prog: 0x6b656570, vers: 1, proc: 1, type: 2, serial: 0, status: 0 });
});

test("openEmbedded only takes test: URIs", () => {
  assert.throws(() => openEmbedded("qemu:///system"), TypeError);
});
