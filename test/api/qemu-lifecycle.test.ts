// Real lifecycle on QEMU with the busybox guest and a qcow2 disk: one boot,
// reused by every step (software emulation on 2 shared cores).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { connect, Domain, DomainCheckpoint, DomainSnapshot, VirtError } from "../../src/index.js";
import { copyGuestDisk, GUEST_READY, guestXml, requireGuest, serialLogPath, uniqueGuestName, waitForText } from "../helpers/live.js";
import { rejectsVirt } from "./lifecycle-node.js";

const E = VirtError;

test("QEMU guest lifecycle", async (t) => {
  const env = requireGuest(t);
  if (!env) return;
  const c = await connect(env.uri);
  const name = uniqueGuestName("lifecycle");
  const disk = copyGuestDisk(name, env.assets);
  const log = serialLogPath(name);
  const scratch = (ext: string): string => join(env.assets.scratchDir, `${name}.${ext}`);
  const d = await c.defineDomain(guestXml({ name, disk, serialLog: log, assets: env.assets }));
  try {
    await t.test("define, then boot", async () => {
      assert.deepEqual([d.getId(), await d.isPersistent(), await d.isActive()], [-1, true, false]);
      await d.create();
      assert.ok(d.getId() > 0);
      assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_BOOTED]);
      await waitForText(log, GUEST_READY);
    });

    await t.test("info on a running guest", async () => {
      assert.equal(await d.getOsType(), "hvm");
      assert.deepEqual(await d.getControlInfo(), { state: Domain.CONTROL_OK, details: 0, stateTime: 0n });
      assert.equal(await d.getMaxVcpus(), 1);
      assert.equal(await d.getMaxMemory(), 96n * 1024n);
      assert.equal(await d.isUpdated(), false);
      assert.match(await d.getXmlDescription(), new RegExp(`<domain type='qemu' id='${d.getId()}'>`));
    });

    await t.test("suspend and resume", async () => {
      await d.suspend();
      assert.deepEqual(await d.getState(), [Domain.STATE_PAUSED, Domain.STATE_PAUSED_USER]);
      await d.resume();
      assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_UNPAUSED]);
    });

    await t.test("power management without a guest agent", async () => {
      await rejectsVirt(d.pmSuspendForDuration(0, 0), E.ERR_ARGUMENT_UNSUPPORTED, E.FROM_QEMU, /guest agent is not configured/);
      await rejectsVirt(d.pmWakeup(), E.ERR_INTERNAL_ERROR, E.FROM_QEMU, /not in suspended state/);
    });

    await t.test("core dump", async () => {
      const core = scratch("core");
      try {
        await d.coreDump(core, Domain.DUMP_MEMORY_ONLY);
        assert.deepEqual(readFileSync(core).subarray(0, 4), Buffer.from("\x7fELF", "latin1"));
        assert.ok(statSync(core).size > 96 * 1024 * 1024, "the dump holds guest memory");
      } finally {
        rmSync(core, { force: true });
      }
      await rejectsVirt(d.coreDumpFormat(core, Domain.CORE_DUMP_FORMAT_KDUMP_ZLIB), E.ERR_OPERATION_UNSUPPORTED, E.FROM_QEMU, /memory-only/);
      assert.equal(await d.isActive(), true);
    });

    await t.test("save to a file and restore", async () => {
      const sav = scratch("sav");
      try {
        await d.save(sav);
        assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_SAVED]);
        assert.equal(d.getId(), -1);
        assert.ok(statSync(sav).size > 0);
        assert.match(await c.getSaveImageXmlDescription(sav), new RegExp(`<name>${name}</name>`));
        await c.restoreDomain(sav);
        assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_RESTORED]);
      } finally {
        rmSync(sav, { force: true });
      }
    });

    await t.test("managed save, edit its XML, start from it", async () => {
      await d.managedSave();
      assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_SAVED]);
      assert.equal(await d.hasManagedSaveImage(), true);
      const xml = await d.managedSaveGetXmlDescription();
      assert.match(xml, new RegExp(`<name>${name}</name>`));
      await d.managedSaveDefineXml(xml.replace("</name>", "</name><description>edited in the image</description>"));
      assert.match(await d.managedSaveGetXmlDescription(), /edited in the image/);
      await d.create();
      assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_RESTORED]);
      assert.equal(await d.hasManagedSaveImage(), false);
      assert.match(await d.getXmlDescription(), /<description>edited in the image<\/description>/);
    });

    await t.test("internal snapshots on qcow2: create, revert, delete", async () => {
      const s1 = await d.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>");
      const s2 = await d.createSnapshot("<domainsnapshot><name>s2</name></domainsnapshot>");
      assert.equal((await s2.getParent()).getName(), "s1");
      assert.equal((await d.currentSnapshot()).getName(), "s2");
      assert.deepEqual(
        (await d.listAllSnapshots(DomainSnapshot.LIST_INTERNAL)).map((s) => s.getName()).sort(),
        ["s1", "s2"],
      );
      await s1.revertTo();
      assert.deepEqual(await d.getState(), [Domain.STATE_RUNNING, Domain.STATE_RUNNING_FROM_SNAPSHOT]);
      assert.equal(await s1.isCurrent(), true);
      await s1.delete(DomainSnapshot.DELETE_CHILDREN);
      assert.equal(await d.numOfSnapshots(), 0);
    });

    await t.test("a checkpoint on the qcow2 disk", async () => {
      const cp = await d.createCheckpoint("<domaincheckpoint><name>c1</name></domaincheckpoint>");
      assert.deepEqual((await d.listAllCheckpoints()).map((x) => x.getName()), ["c1"]);
      assert.match(await cp.getXmlDescription(DomainCheckpoint.XML_SIZE), /<disk name='vda' checkpoint='bitmap' bitmap='c1' size='\d+'\/>/);
      await cp.delete();
      assert.deepEqual(await d.listAllCheckpoints(), []);
    });

    await t.test("destroy", async () => {
      await d.destroy();
      assert.deepEqual(await d.getState(), [Domain.STATE_SHUTOFF, Domain.STATE_SHUTOFF_DESTROYED]);
      assert.equal(d.getId(), -1);
      await rejectsVirt(d.destroy(), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN, /not running/);
    });
  } finally {
    await d.destroy().catch(() => undefined);
    const all = Domain.UNDEFINE_MANAGED_SAVE | Domain.UNDEFINE_SNAPSHOTS_METADATA | Domain.UNDEFINE_CHECKPOINTS_METADATA;
    await d.undefine(all).catch(() => undefined);
    await c.close();
    rmSync(disk, { force: true });
    rmSync(log, { force: true });
  }
});
