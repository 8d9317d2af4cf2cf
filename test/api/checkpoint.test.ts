// Checkpoints against libvirtd's test driver (private instance per test).
// Checkpoints need a disk; in this driver they exclude snapshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Domain, DomainCheckpoint, VirtError } from "../../src/index.js";
import { privateNodeTests, rejectsVirt } from "./lifecycle-node.js";

const E = VirtError;
const C = DomainCheckpoint;
const nodeTests = privateNodeTests([{ name: "alpha", disk: true }, { name: "nodisk" }]);
const { open } = nodeTests;

const names = (l: readonly { getName(): string }[]): string[] => l.map((x) => x.getName()).sort();
const cpXml = (name: string): string =>
  `<domaincheckpoint><name>${name}</name><description>about ${name}</description></domaincheckpoint>`;

/** c1 ── c2 ── c3: each new checkpoint is a child of the previous one. */
async function chain(d: Domain): Promise<[DomainCheckpoint, DomainCheckpoint, DomainCheckpoint]> {
  return [await d.createCheckpoint(cpXml("c1")), await d.createCheckpoint(cpXml("c2")), await d.createCheckpoint(cpXml("c3"))];
}

test("a chain of checkpoints: lookups, parents, list filters, children", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  assert.deepEqual(await d.listAllCheckpoints(), []);
  const [c1, c2, c3] = await chain(d);
  assert.deepEqual([c1.getName(), c1.getDomain() === d, c1.getConnection() === c], ["c1", true, true]);

  assert.deepEqual(names(await d.listAllCheckpoints()), ["c1", "c2", "c3"]);
  assert.deepEqual((await d.listAllCheckpoints(C.LIST_TOPOLOGICAL)).map((x) => x.getName()), ["c1", "c2", "c3"]);
  assert.deepEqual(names(await d.listAllCheckpoints(C.LIST_ROOTS)), ["c1"]);
  assert.deepEqual(names(await d.listAllCheckpoints(C.LIST_LEAVES)), ["c3"]);
  assert.deepEqual(names(await d.listAllCheckpoints(C.LIST_NO_LEAVES)), ["c1", "c2"]);

  assert.equal((await c3.getParent()).getName(), "c2");
  assert.equal((await c2.getParent()).getName(), "c1");
  await rejectsVirt(c1.getParent(), E.ERR_NO_DOMAIN_CHECKPOINT, E.FROM_TEST, /does not have a parent/);
  assert.deepEqual(names(await c1.listAllChildren()), ["c2"]);
  assert.deepEqual(names(await c1.listAllChildren(C.LIST_DESCENDANTS)), ["c2", "c3"]);
  assert.deepEqual(names(await c3.listAllChildren()), []);

  const found = await d.getCheckpointByName("c2");
  assert.equal(found.getName(), "c2");
  await rejectsVirt(d.getCheckpointByName("zz"), E.ERR_NO_DOMAIN_CHECKPOINT, E.FROM_TEST, /'zz'/);
  assert.deepEqual(names(await c.listAllDomains(Domain.LIST_HAS_CHECKPOINT)), ["alpha"]);
  assert.deepEqual(names(await c.listAllDomains(Domain.LIST_NO_CHECKPOINT)), ["nodisk"]);
});

test("checkpoint XML with and without the domain; redefine; duplicates", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const [, c2] = await chain(d);
  const full = await c2.getXmlDescription();
  assert.match(full, /<name>c2<\/name>/);
  assert.match(full, /<description>about c2<\/description>/);
  assert.match(full, /<parent>\s*<name>c1<\/name>\s*<\/parent>/);
  assert.match(full, /<disk name='vda' checkpoint='bitmap' bitmap='c2'\/>/);
  assert.match(full, /<domain type='test'>/);
  const bare = await c2.getXmlDescription(C.XML_NO_DOMAIN);
  assert.doesNotMatch(bare, /<domain /);
  assert.match(bare, /<name>c2<\/name>/);

  const re = await d.createCheckpoint(full, C.CREATE_REDEFINE);
  assert.equal(re.getName(), "c2");
  await rejectsVirt(d.createCheckpoint(cpXml("c1")), E.ERR_OPERATION_FAILED, E.FROM_DOMAIN, /c1 already exists/);
});

test("deleting: a middle checkpoint reparents, metadata only, with children", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const [c1, c2, c3] = await chain(d);
  await c2.delete();
  assert.deepEqual(names(await d.listAllCheckpoints()), ["c1", "c3"]);
  assert.equal((await c3.getParent()).getName(), "c1");
  await rejectsVirt(c2.getXmlDescription(), E.ERR_NO_DOMAIN_CHECKPOINT, E.FROM_TEST);

  const c4 = await d.createCheckpoint(cpXml("c4"));
  assert.equal((await c4.getParent()).getName(), "c3");
  await c4.delete(C.DELETE_METADATA_ONLY);
  assert.deepEqual(names(await d.listAllCheckpoints()), ["c1", "c3"]);
  await c1.delete(C.DELETE_CHILDREN_ONLY);
  assert.deepEqual(names(await d.listAllCheckpoints()), ["c1"]);
  await c1.delete(C.DELETE_CHILDREN);
  assert.deepEqual(await d.listAllCheckpoints(), []);
});

test("the test driver: no disk, no checkpoint; snapshots and checkpoints exclude each other", async (t) => {
  const c = await open(t);
  if (!c) return;
  const nodisk = await c.getDomainByName("nodisk");
  await rejectsVirt(nodisk.createCheckpoint(cpXml("x")), E.ERR_CONFIG_UNSUPPORTED, E.FROM_DOMAIN_CHECKPOINT, /at least one disk/);
  const d = await c.getDomainByName("alpha");
  await d.createCheckpoint(cpXml("c1"));
  await rejectsVirt(d.createSnapshot("<domainsnapshot/>"), E.ERR_OPERATION_UNSUPPORTED, E.FROM_TEST, /checkpoint exists/);
  await (await d.getCheckpointByName("c1")).delete();
  await d.createSnapshot("<domainsnapshot><name>s</name></domainsnapshot>");
  await rejectsVirt(d.createCheckpoint(cpXml("c2")), E.ERR_OPERATION_UNSUPPORTED, E.FROM_TEST, /snapshot/);
});
