// Snapshot trees against libvirtd's test driver (private instance per test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Domain, DomainSnapshot, VirtError } from "../../src/index.js";
import { privateNodeTests, rejectsVirt } from "./lifecycle-node.js";

const E = VirtError;
const S = DomainSnapshot;
const nodeTests = privateNodeTests([{ name: "alpha" }, { name: "beta", runstate: 5 }]);
const { open } = nodeTests;

const names = (l: readonly DomainSnapshot[]): string[] => l.map((s) => s.getName()).sort();
const snapXml = (name: string): string => `<domainsnapshot><name>${name}</name><description>${name} here</description></domainsnapshot>`;

/**
 * s1 (running) ─┬─ s2 (running)
 *               └─ s3 (running) ── s4 (paused, current)
 */
async function buildTree(d: Domain): Promise<Record<"s1" | "s2" | "s3" | "s4", DomainSnapshot>> {
  const s1 = await d.createSnapshot(snapXml("s1"));
  const s2 = await d.createSnapshot(snapXml("s2"));
  await s1.revertTo();
  const s3 = await d.createSnapshot(snapXml("s3"));
  await d.suspend();
  const s4 = await d.createSnapshot(snapXml("s4"));
  return { s1, s2, s3, s4 };
}

test("a tree of snapshots: counts, names, parents, roots, leaves, descendants", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  assert.equal(await d.numOfSnapshots(), 0);
  assert.equal(await d.hasCurrentSnapshot(), false);
  await rejectsVirt(d.currentSnapshot(), E.ERR_NO_DOMAIN_SNAPSHOT, E.FROM_TEST);

  const { s1, s2, s4 } = await buildTree(d);
  assert.equal(s1.getName(), "s1");
  assert.equal(s1.getDomain(), d);
  assert.equal(s1.getConnection(), c);

  assert.equal(await d.numOfSnapshots(), 4);
  assert.deepEqual([...(await d.listSnapshotNames(10))].sort(), ["s1", "s2", "s3", "s4"]);
  assert.equal((await d.listSnapshotNames(2)).length, 2);
  assert.deepEqual(names(await d.listSnapshots()), ["s1", "s2", "s3", "s4"]);
  assert.deepEqual(names(await d.listAllSnapshots()), ["s1", "s2", "s3", "s4"]);
  assert.deepEqual(names(await d.listAllSnapshots(S.LIST_ROOTS)), ["s1"]);
  assert.deepEqual(names(await d.listAllSnapshots(S.LIST_LEAVES)), ["s2", "s4"]);
  assert.deepEqual(names(await d.listAllSnapshots(S.LIST_NO_LEAVES)), ["s1", "s3"]);
  assert.equal(await d.numOfSnapshots(S.LIST_LEAVES), 2);
  assert.deepEqual(names(await d.listAllSnapshots(S.LIST_ACTIVE)), ["s1", "s2", "s3", "s4"]);
  assert.deepEqual(names(await d.listAllSnapshots(S.LIST_INACTIVE)), []);

  const topo = (await d.listAllSnapshots(S.LIST_TOPOLOGICAL)).map((s) => s.getName());
  assert.equal(topo.length, 4);
  for (const [parent, child] of [["s1", "s2"], ["s1", "s3"], ["s3", "s4"]]) {
    assert.ok(topo.indexOf(parent!) < topo.indexOf(child!), `${parent} before ${child} in ${topo.join(",")}`);
  }

  assert.equal((await s4.getParent()).getName(), "s3");
  assert.equal((await s2.getParent()).getName(), "s1");
  await rejectsVirt(s1.getParent(), E.ERR_NO_DOMAIN_SNAPSHOT, E.FROM_TEST, /does not have a parent/);

  assert.equal(await s1.numOfChildSnapshots(), 2);
  assert.equal(await s1.numOfChildSnapshots(S.LIST_DESCENDANTS), 3);
  assert.deepEqual([...(await s1.listChildSnapshotNames(10))].sort(), ["s2", "s3"]);
  const looked = await s1.listChildSnapshots();
  assert.deepEqual(names(looked), ["s2", "s3"]);
  assert.ok(looked.every((k) => k.getDomain() === d), "looked-up children are bound to the parent's domain handle");
  assert.deepEqual(names(await s1.listAllChildren()), ["s2", "s3"]);
  assert.deepEqual(names(await s1.listAllChildren(S.LIST_DESCENDANTS)), ["s2", "s3", "s4"]);
  assert.deepEqual(names(await s1.listAllChildren(S.LIST_DESCENDANTS | S.LIST_LEAVES)), ["s2", "s4"]);
  assert.deepEqual(names(await s4.listAllChildren()), []);
  const kids = await s1.listAllChildren();
  assert.ok(kids.every((k) => k.getDomain() === d), "children are bound to the parent's domain handle");

  await rejectsVirt(s1.listChildSnapshotNames(-1), E.ERR_INVALID_ARG, E.FROM_DOMAIN_SNAPSHOT);
  await rejectsVirt(d.listSnapshotNames(16385), E.ERR_INVALID_ARG, E.FROM_DOMAIN_SNAPSHOT);
});

test("current snapshot moves with creation and revert; reverts set state and reason", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const { s1, s2, s4 } = await buildTree(d);
  assert.equal((await d.currentSnapshot()).getName(), "s4");
  assert.deepEqual([await s4.isCurrent(), await s1.isCurrent()], [true, false]);
  assert.equal(await s4.hasMetadata(), true);

  await s2.revertTo();
  assert.equal((await d.currentSnapshot()).getName(), "s2");
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_FROM_SNAPSHOT]);
  await s4.revertTo();
  assert.deepEqual(await d.getState(), [Domain.STATE_PAUSED, Domain.STATE_PAUSED_FROM_SNAPSHOT]);
  await s4.revertTo(S.REVERT_RUNNING);
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_FROM_SNAPSHOT]);
  await s1.revertTo(S.REVERT_PAUSED);
  assert.deepEqual(await d.getState(), [Domain.STATE_PAUSED, Domain.STATE_PAUSED_FROM_SNAPSHOT]);
  await rejectsVirt(s1.revertTo(S.REVERT_RUNNING | S.REVERT_PAUSED), E.ERR_INVALID_ARG, E.FROM_DOMAIN_SNAPSHOT, /mutually exclusive/);

  // HALT: the snapshot is taken, then the domain stops.
  await d.resume();
  const h = await d.createSnapshot(snapXml("h"), S.CREATE_HALT);
  assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_FROM_SNAPSHOT]);
  assert.equal(await h.isCurrent(), true);
  // Deleting the current snapshot makes its parent current.
  await h.delete();
  assert.equal((await d.currentSnapshot()).getName(), "s1");

  // Taken while shut off: an inactive snapshot.
  const off = await d.createSnapshot(snapXml("off"));
  assert.deepEqual(names(await d.listAllSnapshots(S.LIST_INACTIVE)), ["off"]);
  assert.match(await off.getXmlDescription(), /<state>shutoff<\/state>/);
});

test("snapshot XML, lookups, redefine, and the flags the test driver refuses", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const { s1, s4 } = await buildTree(d);
  const x4 = await s4.getXmlDescription();
  assert.match(x4, /<name>s4<\/name>/);
  assert.match(x4, /<description>s4 here<\/description>/);
  assert.match(x4, /<state>paused<\/state>/);
  assert.match(x4, /<parent>\s*<name>s3<\/name>\s*<\/parent>/);
  assert.match(x4, /<domain type='test'/);
  assert.match(await s1.getXmlDescription(S.XML_SECURE), /<state>running<\/state>/);

  const again = await d.getSnapshotByName("s3");
  assert.equal(again.getName(), "s3");
  assert.equal(await again.numOfChildSnapshots(), 1);
  await rejectsVirt(d.getSnapshotByName("nope"), E.ERR_NO_DOMAIN_SNAPSHOT, E.FROM_TEST, /'nope'/);

  // Redefining from the snapshot's own XML, made current.
  const re = await d.createSnapshot(await s1.getXmlDescription(), S.CREATE_REDEFINE | S.CREATE_CURRENT);
  assert.equal(re.getName(), "s1");
  assert.equal(await s1.isCurrent(), true);

  await rejectsVirt(d.createSnapshot(snapXml("x"), S.CREATE_NO_METADATA), E.ERR_INVALID_ARG, E.FROM_TEST);
  await rejectsVirt(d.createSnapshot(snapXml("x"), S.CREATE_DISK_ONLY), E.ERR_INVALID_ARG, E.FROM_TEST);
  await rejectsVirt(s4.delete(S.DELETE_METADATA_ONLY), E.ERR_INVALID_ARG, E.FROM_TEST);
  await rejectsVirt(d.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>"), E.ERR_OPERATION_FAILED, E.FROM_DOMAIN, /s1 already exists/);
});

test("deleting with children, children only, and undefining a domain that has snapshots", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const { s1, s3 } = await buildTree(d);
  await s3.delete(S.DELETE_CHILDREN);
  assert.deepEqual(names(await d.listAllSnapshots()), ["s1", "s2"]);
  await rejectsVirt(s3.getXmlDescription(), E.ERR_NO_DOMAIN_SNAPSHOT, E.FROM_TEST);
  await s1.delete(S.DELETE_CHILDREN_ONLY);
  assert.deepEqual(names(await d.listAllSnapshots()), ["s1"]);

  await d.destroy();
  await rejectsVirt(d.undefine(), E.ERR_OPERATION_INVALID, E.FROM_TEST, /with 1 snapshots/);
  await d.undefine(Domain.UNDEFINE_SNAPSHOTS_METADATA);
  await rejectsVirt(c.getDomainByName("alpha"), E.ERR_NO_DOMAIN, E.FROM_TEST);
});
