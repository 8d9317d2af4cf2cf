// Snapshot documents and listing, checkpoint trees.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeAll, openClient } from "./harness.js";

const names = (l: { name: string }[]) => l.map((s) => s.name);

test("snapshot XML, listing filters and topological order", async () => {
  const c = await openClient();
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  await c.ok("domain_snapshot_create_xml", { dom, xml_desc: "<domainsnapshot><name>s1</name><description>first</description></domainsnapshot>", flags: 0 });
  await c.ok("domain_snapshot_create_xml", { dom, xml_desc: "<domainsnapshot><name>s2</name></domainsnapshot>", flags: 0 });
  await c.ok("domain_revert_to_snapshot", { snap: { name: "s1", dom }, flags: 0 });
  await c.ok("domain_snapshot_create_xml", { dom, xml_desc: "<domainsnapshot><name>s3</name></domainsnapshot>", flags: 0 });
  const xml = (await c.ok("domain_snapshot_get_xml_desc", { snap: { name: "s1", dom }, flags: 0 })).xml;
  assert.match(
    xml,
    /^<domainsnapshot>\n {2}<name>s1<\/name>\n {2}<description>first<\/description>\n {2}<state>running<\/state>\n {2}<creationTime>\d+<\/creationTime>\n {2}<memory snapshot='internal'\/>\n {2}<disks>\n {4}<disk name='vda' snapshot='internal'\/>\n {2}<\/disks>\n {2}<domain type='test'>\n {4}<name>test<\/name>/,
  );
  // s1 has children s2 and s3 (newest first, as libvirt links them).
  const topo = await c.ok("domain_snapshot_list_names", { dom, maxnames: 10, flags: 1024 });
  assert.deepEqual(topo.names, ["s1", "s3", "s2"]);
  const leaves = await c.ok("domain_list_all_snapshots", { dom, need_results: 1, flags: 4 });
  assert.deepEqual(names(leaves.snapshots).sort(), ["s2", "s3"]);
  assert.deepEqual(await c.ok("domain_list_all_snapshots", { dom, need_results: 0, flags: 1 }), { snapshots: [], ret: 1 });
  assert.deepEqual(await c.ok("domain_snapshot_num_children", { snap: { name: "s1", dom }, flags: 0 }), { num: 2 });
  assert.deepEqual((await c.ok("domain_snapshot_list_names", { dom, maxnames: 10, flags: 16 })).names, []);
  const risky = await c.fail("domain_snapshot_create_xml", { dom, xml_desc: "<domainsnapshot><name>r</name><state>running</state><creationTime>5</creationTime></domainsnapshot>", flags: 1 });
  assert.deepEqual([risky.code, risky.domain, risky.message], [1, 35, "internal error: missing domain in snapshot"]);
  const redefined = xml.replace("<name>s1</name>", "<name>r</name>");
  await c.ok("domain_snapshot_create_xml", { dom, xml_desc: redefined, flags: 1 });
  assert.equal((await c.ok("domain_snapshot_current", { dom, flags: 0 })).snap.name, "s3");
  await c.ok("domain_snapshot_delete", { snap: { name: "s1", dom }, flags: 1 });
  assert.deepEqual((await c.ok("domain_snapshot_list_names", { dom, maxnames: 10, flags: 0 })).names, ["r"]);
  const cur = await c.fail("domain_snapshot_current", { dom, flags: 0 });
  assert.equal(cur.code, 72);
  await closeAll(c);
});

test("checkpoints: tree, parents, reparenting on delete, exclusion with snapshots", async () => {
  const c = await openClient();
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  const ck = (name: string) => ({ checkpoint: { name, dom }, flags: 0 });
  await c.ok("domain_checkpoint_create_xml", { dom, xml_desc: "<domaincheckpoint><name>c1</name></domaincheckpoint>", flags: 0 });
  await c.ok("domain_checkpoint_create_xml", { dom, xml_desc: "<domaincheckpoint><name>c2</name></domaincheckpoint>", flags: 0 });
  const xml = (await c.ok("domain_checkpoint_get_xml_desc", { checkpoint: { name: "c2", dom }, flags: 2 })).xml;
  assert.match(
    xml,
    /^<domaincheckpoint>\n {2}<name>c2<\/name>\n {2}<parent>\n {4}<name>c1<\/name>\n {2}<\/parent>\n {2}<creationTime>\d+<\/creationTime>\n {2}<disks>\n {4}<disk name='vda' checkpoint='bitmap' bitmap='c2'\/>\n {2}<\/disks>\n<\/domaincheckpoint>\n$/,
  );
  assert.equal((await c.ok("domain_checkpoint_get_parent", ck("c2"))).parent.name, "c1");
  const noParent = await c.fail("domain_checkpoint_get_parent", ck("c1"));
  assert.deepEqual([noParent.code, noParent.domain, noParent.message], [103, 12, "Domain checkpoint not found: checkpoint 'c1' does not have a parent"]);
  const snapErr = await c.fail("domain_snapshot_create_xml", { dom, xml_desc: "<domainsnapshot/>", flags: 0 });
  assert.equal(snapErr.message, "Operation not supported: cannot create snapshot while checkpoint exists");
  const kids = await c.ok("domain_checkpoint_list_all_children", { checkpoint: { name: "c1", dom }, need_results: 1, flags: 0 });
  assert.deepEqual(names(kids.checkpoints), ["c2"]);
  await c.ok("domain_checkpoint_delete", ck("c1"));
  const orphan = await c.fail("domain_checkpoint_get_parent", ck("c2"));
  assert.equal(orphan.code, 103);
  await c.ok("domain_destroy", { dom });
  const off = await c.fail("domain_checkpoint_create_xml", { dom, xml_desc: "<domaincheckpoint/>", flags: 0 });
  assert.equal(off.message, "Operation not supported: cannot create checkpoint for inactive domain");
  const lookup = await c.fail("domain_checkpoint_lookup_by_name", { dom, name: "c1", flags: 0 });
  assert.equal(lookup.message, "Domain checkpoint not found: no domain checkpoint with matching name 'c1'");
  await closeAll(c);
});
