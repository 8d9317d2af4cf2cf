// Save, restore, managed save and core dump against libvirtd's test driver.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Domain, VirtError } from "../../src/index.js";
import { privateNodeTests, rejectsVirt } from "./lifecycle-node.js";

const E = VirtError;
const nodeTests = privateNodeTests([{ name: "alpha", vcpus: 2 }, { name: "beta", runstate: 5 }, { name: "gamma", transient: true }]);
const { open } = nodeTests;

let fileNo = 0;
function scratch(tag: string): string {
  fileNo += 1;
  return join(nodeTests.node.dir, `${tag}-${fileNo}.img`);
}

test("save to a file, read and edit its XML, restore it", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const file = scratch("save");
  await d.save(file);
  assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_SAVED]);
  assert.equal(d.getId(), -1, "a plain save drops the cached id, as libvirt's client does");
  assert.ok(existsSync(file));

  const xml = await c.getSaveImageXmlDescription(file);
  assert.match(xml, /<name>alpha<\/name>/);
  assert.match(xml, /<vcpu placement='static'>2<\/vcpu>/);
  await c.defineSaveImageXml(file, xml.replace("<vcpu placement='static'>2</vcpu>", "<vcpu placement='static'>1</vcpu>"));
  assert.match(await c.getSaveImageXmlDescription(file), /<vcpu placement='static'>1<\/vcpu>/);

  await c.restoreDomain(file);
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_RESTORED]);
  assert.equal(d.getId(), -1, "restore leaves other handles' ids stale");
  const fresh = await c.getDomainByName("alpha");
  assert.ok(fresh.getId() > 0);
  assert.equal((await fresh.getInfo()).nrVirtCpu, 1, "the edited image XML was used");

  await rejectsVirt(c.restoreDomain(file), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN);
  await rejectsVirt(c.restoreDomain(join(nodeTests.node.dir, "missing.img")), E.ERR_SYSTEM_ERROR, E.FROM_TEST, /No such file or directory/);
  await rejectsVirt(c.restoreDomain(join(nodeTests.node.dir, "node.xml")), E.ERR_INTERNAL_ERROR, E.FROM_TEST, /mismatched header magic/);
});

test("save variants: SaveFlags and SaveParams paths, with the test driver's refusals", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const id = d.getId();
  // flags -> SaveFlags; the test driver accepts none of them.
  await rejectsVirt(d.save(scratch("f"), null, null, Domain.SAVE_BYPASS_CACHE), E.ERR_INVALID_ARG, E.FROM_TEST, /testDomainSaveFlags/);
  // dxml -> SaveFlags too.
  await rejectsVirt(d.save(scratch("f"), "<domain/>"), E.ERR_ARGUMENT_UNSUPPORTED, E.FROM_TEST, /xml modification unsupported/);
  // a params object -> SaveParams, which the test driver lacks.
  await rejectsVirt(d.save(scratch("p"), null, {}), E.ERR_NO_SUPPORT, E.FROM_DOMAIN, /virDomainSaveParams/);
  await rejectsVirt(d.save(null, null, { [Domain.SAVE_PARAM_FILE]: scratch("p") }), E.ERR_NO_SUPPORT, E.FROM_DOMAIN);
  assert.equal(d.getId(), id);
  assert.equal(await d.isActive(), true);

  // Checked here before sending.
  await rejectsVirt(d.save(null), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /either a file name or a params object/);
  await rejectsVirt(d.save(scratch("p"), null, { compression: "xz" }), E.ERR_INVALID_ARG, 0, /unknown parameter 'compression'/);
  await rejectsVirt(d.save(scratch("p"), null, { "parallel.channels": "four" }), E.ERR_INVALID_ARG, 0, /must be an integer/);
  await rejectsVirt(c.restoreDomain(null), E.ERR_INVALID_ARG, E.FROM_DOMAIN);

  const file = scratch("s");
  await d.save(file);
  await rejectsVirt(c.restoreDomain(file, null, null, Domain.SAVE_PAUSED), E.ERR_INVALID_ARG, E.FROM_TEST, /testDomainRestoreFlags/);
  await rejectsVirt(c.restoreDomain(file, "<domain/>"), E.ERR_ARGUMENT_UNSUPPORTED, E.FROM_TEST);
  await rejectsVirt(c.restoreDomain(file, null, {}), E.ERR_NO_SUPPORT, E.FROM_DOMAIN, /virDomainRestoreParams/);
  assert.equal(await d.isActive(), false);
});

test("managed save: image, restart from it, removal; transient and inactive domains refuse", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  await d.managedSave();
  assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_SAVED]);
  assert.equal(d.getId(), -1);
  assert.equal(await d.hasManagedSaveImage(), true);
  await d.create();
  assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_BOOTED]);
  assert.equal(await d.hasManagedSaveImage(), false, "starting consumed the image");

  await d.managedSave();
  await d.managedSaveRemove();
  assert.equal(await d.hasManagedSaveImage(), false);

  await rejectsVirt((await c.getDomainByName("gamma")).managedSave(), E.ERR_OPERATION_INVALID, E.FROM_TEST, /transient domain/);
  await rejectsVirt((await c.getDomainByName("beta")).managedSave(), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN, /not running/);
  await rejectsVirt(d.managedSaveGetXmlDescription(), E.ERR_NO_SUPPORT, E.FROM_DOMAIN, /virDomainManagedSaveGetXMLDesc/);
  await rejectsVirt(d.managedSaveDefineXml("<domain/>"), E.ERR_NO_SUPPORT, E.FROM_DOMAIN, /virDomainManagedSaveDefineXML/);
});

test("core dump: the test driver writes its magic; formats and flags it refuses", async (t) => {
  const c = await open(t);
  if (!c) return;
  const d = await c.getDomainByName("alpha");
  const file = scratch("core");
  await d.coreDump(file);
  assert.equal(readFileSync(file, "latin1"), "TestGuestMagic\0");
  const raw = scratch("raw");
  await d.coreDumpFormat(raw, Domain.CORE_DUMP_FORMAT_RAW);
  assert.equal(readFileSync(raw, "latin1"), "TestGuestMagic\0");
  assert.equal(await d.isActive(), true, "a dump without CRASH leaves the domain running");
  await rejectsVirt(d.coreDumpFormat(scratch("z"), Domain.CORE_DUMP_FORMAT_KDUMP_ZLIB), E.ERR_OPERATION_UNSUPPORTED, E.FROM_TEST, /kdump-compressed/);
  await rejectsVirt(d.coreDump(scratch("m"), Domain.DUMP_MEMORY_ONLY), E.ERR_INVALID_ARG, E.FROM_TEST);
  await rejectsVirt(d.coreDump(""), E.ERR_INVALID_ARG, E.FROM_DOMAIN);
  await rejectsVirt((await c.getDomainByName("beta")).coreDump(scratch("b")), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN);
});
