// Save images are real files in the test driver's format; managed save is a
// flag on the domain; transient domains vanish when stopped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeAll, openClient } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "virtwire-embedded-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

test("save writes a TestGuestMagic image that restore and other connections read", async () => {
  const a = await openClient();
  const b = await openClient();
  const img = join(dir, "test.img");
  const { dom } = await a.ok("domain_lookup_by_name", { name: "test" });
  await a.ok("domain_save", { dom, to: img });
  assert.deepEqual(await a.ok("domain_get_state", { dom, flags: 0 }), { state: 5, reason: 5 });
  const raw = readFileSync(img);
  assert.equal(raw.subarray(0, 15).toString("latin1"), "TestGuestMagic\0");
  const len = raw.readInt32LE(15);
  assert.equal(raw.length, 19 + len);
  assert.match(raw.subarray(19).toString(), /^<domain type='test' id='1'>\n {2}<name>test<\/name>/);
  const xml = (await b.ok("domain_save_image_get_xml_desc", { file: img, flags: 0 })).xml;
  assert.match(xml, /^<domain type='test'>\n/);
  await b.ok("domain_restore", { from: img });
  assert.deepEqual(await a.ok("domain_get_state", { dom, flags: 0 }), { state: 1, reason: 3 });
  const again = await a.fail("domain_restore", { from: img });
  assert.deepEqual([again.code, again.domain, again.message], [55, 20, "Requested operation is not valid: domain 'test' is already active"]);
  const missing = await a.fail("domain_restore", { from: join(dir, "nope.img") });
  assert.deepEqual([missing.code, missing.domain, missing.int1], [38, 12, 2]);
  assert.equal(missing.message, `cannot read domain image '${join(dir, "nope.img")}': No such file or directory`);
  writeFileSync(join(dir, "junk"), "not an image at all");
  const junk = await a.fail("domain_restore", { from: join(dir, "junk") });
  assert.equal(junk.message, "internal error: mismatched header magic");
  const dxml = await a.fail("domain_save_flags", { dom, to: img, dxml: "<domain/>", flags: 0 });
  assert.deepEqual([dxml.code, dxml.message], [74, "argument unsupported: xml modification unsupported"]);
  await closeAll(a, b);
});

test("managed save, create from it, undefine rules", async () => {
  const c = await openClient();
  await c.ok("connect_domain_event_callback_register_any", { eventID: 0, dom: null });
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  await c.ok("domain_managed_save", { dom, flags: 0 });
  assert.deepEqual(await c.ok("domain_get_state", { dom, flags: 0 }), { state: 5, reason: 5 });
  assert.deepEqual(await c.ok("domain_has_managed_save_image", { dom, flags: 0 }), { result: 1 });
  const listed = await c.ok("connect_list_all_domains", { need_results: 1, flags: 256 });
  assert.equal(listed.ret, 1);
  const u = await c.fail("domain_undefine", { dom });
  assert.equal(u.message, "Requested operation is not valid: Refusing to undefine while domain managed save image exists");
  await c.ok("domain_create", { dom });
  assert.deepEqual(await c.ok("domain_get_state", { dom, flags: 0 }), { state: 1, reason: 1 });
  assert.deepEqual(await c.ok("domain_has_managed_save_image", { dom, flags: 0 }), { result: 0 });
  await c.ok("connect_get_type");
  assert.deepEqual(
    c.events.map((e) => (e.msg as { msg: { event: number; detail: number } }).msg).map((m) => [m.event, m.detail]),
    [
      [5, 4],
      [2, 0],
    ],
  );
  await closeAll(c);
});

test("transient domains: created live, gone when stopped, no managed save", async () => {
  const c = await openClient();
  const xml = "<domain type='test'><name>tr</name><memory>1024</memory><os><type>hvm</type></os></domain>";
  const { dom } = await c.ok("domain_create_xml", { xml_desc: xml, flags: 0 });
  assert.equal(dom.id, 2);
  assert.deepEqual(await c.ok("domain_is_persistent", { dom }), { persistent: 0 });
  const ms = await c.fail("domain_managed_save", { dom, flags: 0 });
  assert.equal(ms.message, "Requested operation is not valid: cannot do managed save for transient domain");
  await c.ok("domain_set_autostart", { dom, autostart: 1 });
  const dup = await c.fail("domain_create_xml", { xml_desc: xml.replace("<name>tr</name>", `<name>tr</name><uuid>${"0".repeat(32)}</uuid>`), flags: 0 });
  assert.equal(dup.code, 9);
  await c.ok("domain_destroy", { dom });
  assert.equal((await c.fail("domain_lookup_by_name", { name: "tr" })).code, 42);
  await closeAll(c);
});

test("define, redefine while running, undefine a running domain", async () => {
  const c = await openClient();
  await c.ok("connect_domain_event_callback_register_any", { eventID: 0, dom: null });
  const base = "<domain type='test'><name>d</name><uuid>11111111-2222-3333-4444-555555555555</uuid><memory>1024</memory><os><type>hvm</type></os>";
  const { dom } = await c.ok("domain_define_xml", { xml: `${base}</domain>` });
  assert.equal(dom.id, -1);
  await c.ok("domain_define_xml", { xml: `${base}<title>t</title></domain>` });
  await c.ok("domain_create", { dom });
  await c.ok("domain_define_xml", { xml: `${base}<title>t2</title></domain>` });
  const live = (await c.ok("domain_get_xml_desc", { dom, flags: 0 })).xml;
  const inactive = (await c.ok("domain_get_xml_desc", { dom, flags: 2 })).xml;
  assert.match(live, /<title>t<\/title>/);
  assert.match(inactive, /<title>t2<\/title>/);
  await c.ok("domain_undefine", { dom });
  assert.deepEqual(await c.ok("domain_is_persistent", { dom }), { persistent: 0 });
  await c.ok("domain_destroy", { dom });
  assert.equal((await c.fail("domain_lookup_by_name", { name: "d" })).code, 42);
  await c.ok("connect_get_type");
  assert.deepEqual(
    c.events.map((e) => (e.msg as { msg: { event: number; detail: number } }).msg).map((m) => [m.event, m.detail]),
    [
      [0, 0],
      [0, 1],
      [2, 0],
      [0, 1],
      [1, 0],
      [5, 1],
    ],
  );
  const name = await c.fail("domain_define_xml", { xml: `${base.replace("<name>d</name>", "<name>test</name>")}</domain>` });
  assert.equal(name.message, "operation failed: domain 'test' already exists with uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
  await closeAll(c);
});

test("the save family's public API refuses SAVE_RUNNING with SAVE_PAUSED, before the driver (even where it is missing)", async () => {
  const c = await openClient();
  const img = join(dir, "rp.img");
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  const RP = 2 | 4;
  const refused = async (fn: string, p: Promise<{ code: number; domain: number; message: string | null }>) =>
    assert.deepEqual(await p.then((e) => [e.code, e.domain, e.message]), [8, 20, "Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive"], fn);
  await refused("save", c.fail("domain_save_flags", { dom, to: img, dxml: null, flags: RP }));
  await refused("managed save", c.fail("domain_managed_save", { dom, flags: RP }));
  await refused("save params", c.fail("domain_save_params", { dom, params: [], flags: RP }));
  await refused("managed save define", c.fail("domain_managed_save_define_xml", { dom, dxml: "<domain/>", flags: RP }));
  await c.ok("domain_save", { dom, to: img });
  const { xml } = await c.ok("domain_save_image_get_xml_desc", { file: img, flags: 0 });
  await refused("image define", c.fail("domain_save_image_define_xml", { file: img, dxml: xml, flags: RP }));
  await refused("restore", c.fail("domain_restore_flags", { from: img, dxml: null, flags: RP }));
  await refused("restore params", c.fail("domain_restore_params", { params: [], flags: RP }));
  const missing = await c.fail("domain_save_params", { dom, params: [], flags: 2 });
  assert.deepEqual([missing.code, missing.message], [3, "this function is not supported by the connection driver: virDomainSaveParams"]);
  await c.ok("domain_save_image_define_xml", { file: img, dxml: xml, flags: 4 });
  await closeAll(c);
});
