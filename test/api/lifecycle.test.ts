// Domain lifecycle against libvirtd's test driver, one private instance per
// test (each connection to a node file gets fresh state).
import { test } from "node:test";
import assert from "node:assert/strict";
import { constants, Domain, VirtError } from "../../src/index.js";
import { privateNodeTests, rejectsVirt } from "./lifecycle-node.js";

const E = VirtError;
const ALPHA_UUID = "11111111-2222-3333-4444-555555555555";
const nodeTests = privateNodeTests([
  { name: "alpha", uuid: ALPHA_UUID, memoryKiB: 1048576, vcpus: 2 },
  { name: "beta", runstate: 5 },
  { name: "gamma", transient: true },
  { name: "delta", runstate: 5, hasManagedSave: true },
  { name: "pi", runstate: 3 },
]);
const { open } = nodeTests;

test("state machine: suspend, resume, shutdown, create, destroy with reasons and cached ids", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_UNKNOWN]);
  const firstId = d.getId();
  assert.ok(firstId > 0);

  await d.suspend();
  assert.deepEqual(await d.getState(), [Domain.STATE_PAUSED, Domain.STATE_PAUSED_USER]);
  await d.resume();
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_UNPAUSED]);
  await rejectsVirt(d.resume(), E.ERR_INTERNAL_ERROR, E.FROM_TEST, /not paused/);
  await rejectsVirt(d.create(), E.ERR_INTERNAL_ERROR, E.FROM_TEST, /Domain 'alpha' is already running/);

  await d.shutdown();
  assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_SHUTDOWN]);
  assert.equal(d.getId(), firstId, "shutdown leaves the cached id stale, as libvirt does");
  assert.equal(await d.isActive(), false);
  await rejectsVirt(d.suspend(), E.ERR_INTERNAL_ERROR, E.FROM_TEST, /domain 'alpha' not running/);
  await rejectsVirt(d.shutdown(), E.ERR_INTERNAL_ERROR, E.FROM_TEST, /not running/);
  for (const op of [() => d.destroy(), () => d.reboot(), () => d.reset()]) {
    await rejectsVirt(op(), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN, /not running/);
  }

  await d.create();
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_BOOTED]);
  assert.ok(d.getId() > firstId, "create refreshes the handle's id with a new, larger one");
  assert.equal((await c.getDomainByName("alpha")).getId(), d.getId());

  await d.destroy();
  assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_DESTROYED]);
  assert.equal(d.getId(), -1);
});

test("destroy with flags uses DestroyFlags and keeps the cached id; create flags the driver refuses", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const id = d.getId();
  await d.destroy(Domain.DESTROY_GRACEFUL);
  assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_DESTROYED]);
  assert.equal(d.getId(), id);
  await rejectsVirt(d.create(Domain.START_PAUSED), E.ERR_INVALID_ARG, E.FROM_TEST, /unsupported flags \(0x1\)/);
  // The test driver takes no create flags at all.
  await rejectsVirt(d.create(Domain.START_BYPASS_CACHE), E.ERR_INVALID_ARG, E.FROM_TEST, /unsupported flags \(0x4\)/);
  await d.create(0);
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_BOOTED]);
  await d.shutdown(Domain.SHUTDOWN_DEFAULT);
  await rejectsVirt(d.shutdown(Domain.SHUTDOWN_ACPI_POWER_BTN), E.ERR_INVALID_ARG, E.FROM_TEST);
});

test("reboot boots again, reset changes nothing, paused domain loads paused", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  await d.suspend();
  await d.reboot();
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_BOOTED]);
  await d.reset();
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_BOOTED]);
  const pi = await c.getDomainByName("pi");
  assert.equal((await pi.getState())[0], Domain.STATE_PAUSED);
  await pi.resume();
  assert.deepEqual(await pi.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_UNPAUSED]);
});

test("identity and info getters", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  assert.equal(d.getUuidString(), ALPHA_UUID);
  assert.equal(await d.getOsType(), "linux");
  assert.deepEqual(await d.getControlInfo(), { state: Domain.CONTROL_OK, details: 0, stateTime: 0n });
  assert.deepEqual(
    [await d.isActive(), await d.isPersistent(), await d.isUpdated()],
    [true, true, false],
  );
  assert.equal(await d.getMaxMemory(), 1048576n);
  assert.equal(await d.getMaxVcpus(), 2);
  assert.equal(await d.hasManagedSaveImage(), false);
  const gamma = await c.getDomainByName("gamma");
  assert.equal(await gamma.isPersistent(), false);
  assert.equal(await (await c.getDomainByName("beta")).isActive(), false);
});

test("autostart round trip", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("beta");
  assert.equal(await d.getAutostart(), false);
  await d.setAutostart(true);
  assert.equal(await d.getAutostart(), true);
  await d.setAutostart(false);
  assert.equal(await d.getAutostart(), false);
});

test("XML description, live and inactive", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const live = await d.getXmlDescription();
  assert.match(live, /^<domain type='test' id='\d+'>/);
  assert.match(live, new RegExp(`<uuid>${ALPHA_UUID}</uuid>`));
  assert.match(live, /<memory unit='KiB'>1048576<\/memory>/);
  const inactive = await d.getXmlDescription(Domain.XML_INACTIVE);
  assert.match(inactive, /^<domain type='test'>/, "no id attribute in the inactive config");
  await rejectsVirt(d.getXmlDescription(Domain.XML_UPDATE_CPU), E.ERR_INVALID_ARG, E.FROM_TEST);
});

test("metadata: title, description, custom element; missing ones fail with 80", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const ns = "http://example.org/virtwire/1";
  await rejectsVirt(d.getMetadata(Domain.METADATA_TITLE), E.ERR_NO_DOMAIN_METADATA, E.FROM_DOMAIN);
  await d.setMetadata(Domain.METADATA_TITLE, "A title");
  await d.setMetadata(Domain.METADATA_DESCRIPTION, "Line one\nline two");
  await d.setMetadata(Domain.METADATA_ELEMENT, "<app version='2'><k>v</k></app>", "vw", ns);
  assert.equal(await d.getMetadata(Domain.METADATA_TITLE), "A title");
  assert.equal(await d.getMetadata(Domain.METADATA_DESCRIPTION), "Line one\nline two");
  const el = await d.getMetadata(Domain.METADATA_ELEMENT, ns);
  assert.match(el, /^<app version="2">\s*<k>v<\/k>\s*<\/app>$/);
  assert.match(await d.getXmlDescription(), /<title>A title<\/title>/);
  // null metadata removes the item.
  await d.setMetadata(Domain.METADATA_ELEMENT, null, null, ns);
  await rejectsVirt(d.getMetadata(Domain.METADATA_ELEMENT, ns), E.ERR_NO_DOMAIN_METADATA, E.FROM_DOMAIN);
  await d.setMetadata(Domain.METADATA_TITLE, null);
  await rejectsVirt(d.getMetadata(Domain.METADATA_TITLE), E.ERR_NO_DOMAIN_METADATA, E.FROM_DOMAIN);
  // libvirt's public-API check, run by the daemon: a title takes no namespace.
  await rejectsVirt(d.getMetadata(Domain.METADATA_TITLE, ns), E.ERR_INVALID_ARG, E.FROM_DOMAIN);
  await assert.rejects(d.setMetadata(Domain.METADATA_TITLE, 5 as unknown as string), (e: unknown) => e instanceof VirtError && e.code === 8);
});

test("rename an inactive domain; a running one cannot be renamed", async (t) => {
  const c = await open(t);
  if (!c) return;
  const beta = await c.getDomainByName("beta");
  await beta.rename("beta2");
  assert.equal(beta.getName(), "beta2");
  assert.equal((await c.getDomainByName("beta2")).getUuidString(), beta.getUuidString());
  await rejectsVirt(c.getDomainByName("beta"), E.ERR_NO_DOMAIN, E.FROM_TEST);
  assert.equal(await beta.isActive(), false, "the renamed handle still works");
  const alpha = await c.getDomainByName("alpha");
  await rejectsVirt(alpha.rename("alpha2"), E.ERR_OPERATION_INVALID, E.FROM_TEST, /cannot rename active domain/);
  await rejectsVirt(beta.rename(""), E.ERR_INVALID_ARG, E.FROM_DOMAIN);
  assert.equal(alpha.getName(), "alpha");
});

test("undefine: persistent running becomes transient; managed save image blocks it without the flag", async (t) => {
  const c = await open(t);
  if (!c) return;
  const alpha = await c.getDomainByName("alpha");
  await alpha.undefine();
  assert.equal(await alpha.isPersistent(), false);
  await alpha.destroy();
  await rejectsVirt(alpha.getState(), E.ERR_NO_DOMAIN, E.FROM_TEST);

  const delta = await c.getDomainByName("delta");
  assert.equal(await delta.hasManagedSaveImage(), true);
  await rejectsVirt(delta.undefine(), E.ERR_OPERATION_INVALID, E.FROM_TEST, /managed save image exists/);
  await delta.undefine(Domain.UNDEFINE_MANAGED_SAVE);
  await rejectsVirt(c.getDomainByName("delta"), E.ERR_NO_DOMAIN, E.FROM_TEST);
  await rejectsVirt((await c.getDomainByName("beta")).undefine(Domain.UNDEFINE_NVRAM), E.ERR_INVALID_ARG, E.FROM_TEST);
});

test("createWithFiles: an empty list starts the domain; descriptors are refused before sending", async (t) => {
  const c = await open(t);
  if (!c) return;
  const beta = await c.getDomainByName("beta");
  await rejectsVirt(beta.createWithFiles([3]), E.ERR_NO_SUPPORT, E.FROM_RPC, /SCM_RIGHTS/);
  await rejectsVirt(beta.createWithFiles([-1]), E.ERR_INVALID_ARG, E.FROM_DOMAIN);
  assert.equal(await beta.isActive(), false);
  await beta.createWithFiles([]);
  assert.deepEqual(await beta.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_BOOTED]);
  assert.ok(beta.getId() > 0, "the reply's id is cached");
});

test("power management calls are not in the test driver: VIR_ERR_NO_SUPPORT", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  await rejectsVirt(d.pmSuspendForDuration(constants.Connect.NODE_SUSPEND_TARGET_MEM, 30), E.ERR_NO_SUPPORT, E.FROM_DOMAIN, /virDomainPMSuspendForDuration/);
  await rejectsVirt(d.pmWakeup(), E.ERR_NO_SUPPORT, E.FROM_DOMAIN, /virDomainPMWakeup/);
  await assert.rejects(d.pmSuspendForDuration(0, 1.5), (e: unknown) => e instanceof VirtError && e.code === E.ERR_INVALID_ARG);
});
