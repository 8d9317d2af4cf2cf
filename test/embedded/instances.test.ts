// Which instance a URI opens: the shared test:///default (reset after its
// last connection) and private instances loaded from <node> files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultRefs, openEmbedded } from "../../src/embedded/index.js";
import { WireClient } from "./wire-client.js";
import { closeAll, openClient } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "virtwire-node-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

const NS = "xmlns:test='http://libvirt.org/schemas/domain/test/1.0'";
writeFileSync(
  join(dir, "node.xml"),
  `<node ${NS}>
  <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads><active>3</active></cpu>
  <memory>1000000</memory>
  <domain type='test' ${NS}>
    <name>fv0</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
    <memory>524288</memory><os><type>hvm</type></os>
    <test:runstate>5</test:runstate><test:hasmanagedsave/>
  </domain>
  <domain type='test' ${NS}>
    <name>fv1</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa1</uuid>
    <memory>524288</memory><os><type>hvm</type></os>
    <test:runstate>3</test:runstate><test:transient/>
    <test:domainsnapshot>
      <name>snap1</name><state>running</state><creationTime>100</creationTime><active>1</active>
      <domain type='test'><name>fv1</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa1</uuid><memory>524288</memory><os><type>hvm</type></os></domain>
    </test:domainsnapshot>
  </domain>
  <domain file='dom2.xml'/>
</node>`,
);
writeFileSync(join(dir, "dom2.xml"), "<domain type='test'><name>fromfile</name><memory>1024</memory><os><type>hvm</type></os></domain>");
writeFileSync(join(dir, "bad-runstate.xml"), `<node><domain type='test' ${NS}><name>x</name><memory>1</memory><os><type>hvm</type></os><test:runstate>5</test:runstate><test:transient/></domain></node>`);

test("test:///default is shared while open and rebuilt after the last close", async () => {
  const a = await openClient();
  const b = await openClient();
  assert.equal(defaultRefs(), 2);
  const { dom } = await a.ok("domain_lookup_by_name", { name: "test" });
  await a.ok("domain_destroy", { dom });
  assert.deepEqual(await b.ok("domain_get_state", { dom, flags: 0 }), { state: 5, reason: 2 });
  await closeAll(a);
  assert.deepEqual(await b.ok("domain_get_state", { dom, flags: 0 }), { state: 5, reason: 2 });
  await closeAll(b);
  assert.equal(defaultRefs(), 0);
  const c = await openClient();
  assert.deepEqual(await c.ok("domain_get_state", { dom, flags: 0 }), { state: 1, reason: 0 });
  await closeAll(c);
});

test("a dropped transport releases the shared instance too", async () => {
  const a = await openClient();
  assert.equal(defaultRefs(), 1);
  a.stream.destroy();
  await a.waitClosed();
  await new Promise((r) => setImmediate(r));
  assert.equal(defaultRefs(), 0);
});

test("test:///abs/path.xml loads a private instance with the test namespace", async () => {
  const uri = `test://${join(dir, "node.xml")}`;
  const a = await openClient(uri);
  const b = await openClient(uri);
  const info = await a.ok("node_get_info");
  assert.deepEqual([info.cpus, info.mhz, info.cores, info.memory], [3, 2000, 4, 1000000n]);
  const names = (await a.ok("connect_list_all_domains", { need_results: 1, flags: 0 })).domains.map((d) => [d.name, d.id]).sort();
  assert.deepEqual(names, [
    ["fromfile", 2],
    ["fv0", -1],
    ["fv1", 1],
  ]);
  const fv0 = (await a.ok("domain_lookup_by_name", { name: "fv0" })).dom;
  const fv1 = (await a.ok("domain_lookup_by_name", { name: "fv1" })).dom;
  assert.deepEqual(await a.ok("domain_get_state", { dom: fv0, flags: 0 }), { state: 5, reason: 0 });
  assert.deepEqual(await a.ok("domain_has_managed_save_image", { dom: fv0, flags: 0 }), { result: 1 });
  assert.deepEqual(await a.ok("domain_get_state", { dom: fv1, flags: 0 }), { state: 3, reason: 0 });
  assert.deepEqual(await a.ok("domain_is_persistent", { dom: fv1 }), { persistent: 0 });
  assert.equal((await a.ok("domain_snapshot_current", { dom: fv1, flags: 0 })).snap.name, "snap1");
  // Cells: a file instance has none.
  assert.equal((await a.fail("node_get_cells_free_memory", { startCell: 0, maxcells: 1 })).code, 8);
  // Private: b does not see a's change.
  await a.ok("domain_create", { dom: fv0 });
  assert.deepEqual(await b.ok("domain_get_state", { dom: fv0, flags: 0 }), { state: 5, reason: 0 });
  await closeAll(a, b);
});

test("node file errors: missing file, bad namespace data, no path", async () => {
  const open = async (uri: string) => {
    const c = new WireClient(openEmbedded(uri));
    await c.ok("auth_list");
    const e = await c.fail("connect_open", { name: uri, flags: 0 });
    c.stream.destroy();
    return e;
  };
  const missing = await open(`test://${join(dir, "none.xml")}`);
  assert.deepEqual([missing.code, missing.domain, missing.message], [27, 12, `XML error: failed to parse xml document '${join(dir, "none.xml")}'`]);
  const bad = await open(`test://${join(dir, "bad-runstate.xml")}`);
  assert.deepEqual([bad.code, bad.domain, bad.message], [27, 12, "XML error: transient domain cannot have runstate 'shutoff'"]);
  const none = await open("test:///");
  assert.deepEqual([none.code, none.domain, none.message], [8, 12, "invalid argument: testOpen: supply a path or use test:///default"]);
});
