// Connection-level domain calls against libvirtd's test driver: lists with
// their filters, define/create, bulk stats, NUMA cell free memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, Domain, VirtError } from "../../src/index.js";
import { requireLiveAsync } from "../helpers/live.js";
import { privateNodeTests, rejectsVirt } from "./lifecycle-node.js";

const E = VirtError;
const nodeTests = privateNodeTests([
  { name: "alpha" },
  { name: "beta", runstate: 5 },
  { name: "gamma", transient: true },
  { name: "delta", runstate: 5, hasManagedSave: true },
  { name: "pi", runstate: 3 },
]);
const { open } = nodeTests;

const names = (doms: readonly Domain[]): string[] => doms.map((d) => d.getName()).sort();
const xml = (name: string): string =>
  `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>`;

test("counts and the legacy name/id lists", async (t) => {
  const c = await open(t);
  if (!c) return;
  assert.equal(await c.numOfDomains(), 3);
  assert.equal(await c.numOfDefinedDomains(), 2);
  const ids = await c.listDomainIds(10);
  const byLookup = await Promise.all(["alpha", "gamma", "pi"].map(async (n) => (await c.getDomainByName(n)).getId()));
  assert.deepEqual([...ids].sort(), byLookup.sort());
  assert.equal((await c.listDomainIds(1)).length, 1, "maxids caps the answer");
  assert.deepEqual(await c.listDomainIds(0), []);
  assert.deepEqual([...(await c.listDefinedDomainNames(10))].sort(), ["beta", "delta"]);

  const running = await c.listDomains();
  assert.deepEqual(names(running), ["alpha", "gamma", "pi"]);
  assert.ok(running.every((d) => d.getId() > 0));
  const defined = await c.listDefinedDomains();
  assert.deepEqual(names(defined), ["beta", "delta"]);
  assert.ok(defined.every((d) => d.getId() === -1));

  await rejectsVirt(c.listDomainIds(-1), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /maxids/);
  await rejectsVirt(c.listDefinedDomainNames(16385), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /0\.\.16384/);
});

test("listAllDomains filters", async (t) => {
  const c = await open(t);
  if (!c) return;
  await (await c.getDomainByName("beta")).setAutostart(true);
  await (await c.getDomainByName("alpha")).createSnapshot("<domainsnapshot><name>s</name></domainsnapshot>");
  const cases: [number, string[]][] = [
    [0, ["alpha", "beta", "delta", "gamma", "pi"]],
    [Domain.LIST_ACTIVE, ["alpha", "gamma", "pi"]],
    [Domain.LIST_INACTIVE, ["beta", "delta"]],
    [Domain.LIST_PERSISTENT, ["alpha", "beta", "delta", "pi"]],
    [Domain.LIST_TRANSIENT, ["gamma"]],
    [Domain.LIST_RUNNING, ["alpha", "gamma"]],
    [Domain.LIST_PAUSED, ["pi"]],
    [Domain.LIST_SHUTOFF, ["beta", "delta"]],
    [Domain.LIST_MANAGEDSAVE, ["delta"]],
    [Domain.LIST_NO_MANAGEDSAVE, ["alpha", "beta", "gamma", "pi"]],
    [Domain.LIST_AUTOSTART, ["beta"]],
    [Domain.LIST_HAS_SNAPSHOT, ["alpha"]],
    [Domain.LIST_NO_SNAPSHOT | Domain.LIST_ACTIVE, ["gamma", "pi"]],
    [Domain.LIST_ACTIVE | Domain.LIST_INACTIVE | Domain.LIST_TRANSIENT, ["gamma"]],
  ];
  for (const [flags, want] of cases) {
    assert.deepEqual(names(await c.listAllDomains(flags)), want, `flags 0x${flags.toString(16)}`);
  }
  const all = await c.listAllDomains();
  for (const d of all) {
    const active = await d.isActive();
    assert.equal(d.getId() > 0, active, `${d.getName()}: the listed id says whether it runs`);
  }
});

test("defineDomain and createDomain; duplicates and bad XML", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.defineDomain(xml("new1"));
  assert.deepEqual([d.getName(), d.getId()], ["new1", -1]);
  assert.deepEqual([await d.isPersistent(), await d.isActive()], [true, false]);
  assert.ok((await c.listDefinedDomainNames(10)).includes("new1"));
  const v = await c.defineDomain(xml("new2"), Domain.DEFINE_VALIDATE);
  assert.equal(v.getName(), "new2");

  // Redefining an existing domain with its own uuid updates it.
  const again = await c.defineDomain((await d.getXmlDescription()).replace("<memory unit='KiB'>65536", "<memory unit='KiB'>131072"));
  assert.equal(again.getUuidString(), d.getUuidString());
  assert.equal(await d.getMaxMemory(), 131072n);

  await rejectsVirt(c.defineDomain(xml("new1")), E.ERR_OPERATION_FAILED, E.FROM_DOMAIN, /already exists/);
  const alphaUuid = (await c.getDomainByName("alpha")).getUuidString();
  await rejectsVirt(
    c.defineDomain(`<domain type='test'><name>other</name><uuid>${alphaUuid}</uuid><memory>65536</memory><os><type>hvm</type></os></domain>`),
    E.ERR_OPERATION_FAILED,
    E.FROM_DOMAIN,
    /'alpha' is already defined/,
  );
  await rejectsVirt(c.defineDomain("<domain"), E.ERR_XML_DETAIL, E.FROM_DOMAIN);
  await rejectsVirt(
    c.defineDomain("<domain type='test'><name>z</name><bogus/></domain>", Domain.DEFINE_VALIDATE),
    E.ERR_INVALID_SCHEMA,
    E.FROM_XML,
  );

  const tr = await c.createDomain(xml("tr1"));
  assert.ok(tr.getId() > 0);
  assert.deepEqual([await tr.isPersistent(), await tr.isActive()], [false, true]);
  assert.deepEqual(await tr.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_BOOTED]);
  await rejectsVirt(c.createDomain(xml("tr1")), E.ERR_OPERATION_FAILED, E.FROM_DOMAIN, /already exists/);
  await rejectsVirt(c.createDomain(xml("tr2"), Domain.START_PAUSED), E.ERR_INVALID_ARG, E.FROM_TEST, /testDomainCreateXML/);
  await tr.destroy();
  await rejectsVirt(c.getDomainByName("tr1"), E.ERR_NO_DOMAIN, E.FROM_TEST);

  const wf = await c.createDomainWithFiles(xml("tr3"), []);
  assert.equal(await wf.isActive(), true);
  await rejectsVirt(c.createDomainWithFiles(xml("tr4"), [0, 1]), E.ERR_NO_SUPPORT, E.FROM_RPC);
  await rejectsVirt(c.getDomainByName("tr4"), E.ERR_NO_DOMAIN, E.FROM_TEST);
});

test("getAllDomainStats: the state group for all, a filter, or a given list", async (t) => {
  const c = await open(t);
  if (!c) return;
  const all = await c.getAllDomainStats(Domain.STATS_STATE);
  assert.deepEqual(names(all.map((r) => r.dom)), ["alpha", "beta", "delta", "gamma", "pi"]);
  const byName = new Map(all.map((r) => [r.dom.getName(), r]));
  assert.deepEqual(byName.get("pi")?.data, { "state.state": Domain.STATE_PAUSED, "state.reason": Domain.STATE_PAUSED_UNKNOWN });
  assert.deepEqual(byName.get("beta")?.data, { "state.state": Domain.STATE_SHUTOFF, "state.reason": 0 });
  assert.equal(byName.get("alpha")?.dom.getId(), (await c.getDomainByName("alpha")).getId());
  assert.ok(all.every((r) => r.dom.getConnection() === c));

  const active = await c.getAllDomainStats(Domain.STATS_STATE, null, Domain.GET_ALL_STATS_ACTIVE);
  assert.deepEqual(names(active.map((r) => r.dom)), ["alpha", "gamma", "pi"]);

  const beta = await c.getDomainByName("beta");
  const some = await c.getAllDomainStats(Domain.STATS_STATE, [beta]);
  assert.equal(some.length, 1);
  assert.equal(some[0]?.dom.getUuidString(), beta.getUuidString());
  assert.equal(some[0]?.data["state.state"], Domain.STATE_SHUTOFF);

  // Groups the driver lacks: empty data, or an error when enforced.
  const cpu = await c.getAllDomainStats(Domain.STATS_CPU_TOTAL, [beta]);
  assert.deepEqual(cpu[0]?.data, {});
  await rejectsVirt(
    c.getAllDomainStats(Domain.STATS_CPU_TOTAL, null, Domain.GET_ALL_STATS_ENFORCE_STATS),
    E.ERR_ARGUMENT_UNSUPPORTED,
    E.FROM_TEST,
  );

  const other = await open(t);
  if (!other) return;
  const foreign = await other.getDomainByName("beta");
  await rejectsVirt(c.getAllDomainStats(Domain.STATS_STATE, [beta, foreign]), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /this connection/);
});

test("getNodeCellsFreeMemory: start..end inclusive; private nodes have no cells", async (t) => {
  // test+unix:///default is only read here (its cells are fixed); nothing is changed.
  const def = await open(t, "test+unix:///default");
  if (!def) return;
  assert.deepEqual(await def.getNodeCellsFreeMemory(0, 1), [2097152n, 4194304n]);
  assert.deepEqual(await def.getNodeCellsFreeMemory(1, 1), [4194304n]);
  await rejectsVirt(def.getNodeCellsFreeMemory(1, 0), E.ERR_INVALID_ARG, 0, /start <= end/);
  await rejectsVirt(def.getNodeCellsFreeMemory(-1, 0), E.ERR_INVALID_ARG, 0);

  const c = await open(t);
  if (!c) return;
  await rejectsVirt(c.getNodeCellsFreeMemory(0, 0), E.ERR_INVALID_ARG, E.FROM_TEST, /Range exceeds available cells/);
});

test("descriptors over TCP fail with the words libvirt's own client uses", async (t) => {
  if ((await requireLiveAsync(t, "test-tcp")) === undefined) return;
  const path = new URL(nodeTests.node.uri.replace(/^test\+unix:/, "file:")).pathname;
  const c = await connect(`test+tcp://127.0.0.1${path}`);
  t.after(() => c.close());
  await rejectsVirt(c.createDomainWithFiles(xml("tcp1"), [0]), E.ERR_INTERNAL_ERROR, E.FROM_RPC, /Sending file descriptors is not supported/);
  const beta = await c.getDomainByName("beta");
  await rejectsVirt(beta.createWithFiles([0]), E.ERR_INTERNAL_ERROR, E.FROM_RPC);
  await beta.createWithFiles([]);
  assert.equal(await beta.isActive(), true);
});
