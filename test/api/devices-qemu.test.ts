// Device hotplug on a real QEMU guest (diskless SeaBIOS boot). USB disks
// plug and unplug without guest help; a virtio disk plugs, but its unplug
// needs a guest OS to answer the ACPI request, so only the attach is checked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect, Domain, type Connection } from "../../src/index.js";
import { guestAssets, liveTarget, requireGuest, uniqueGuestName } from "../helpers/live.js";
import { rejectsVirt } from "./jobs-node.js";
import { guestXmlWith, waitFor } from "./jobs-guest.js";

let conn: Connection | undefined;
let dom: Domain;
const files: Record<string, string> = {};

function usbDisk(file: string, target: string, alias: string): string {
  return (
    `<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${file}'/>` +
    `<target dev='${target}' bus='usb'/><alias name='${alias}'/></disk>`
  );
}

async function hasTarget(target: string): Promise<boolean> {
  return (await dom.getXmlDescription()).includes(`<target dev='${target}'`);
}

async function gone(target: string): Promise<void> {
  // Unplug completes asynchronously (DEVICE_REMOVED); the XML follows.
  await waitFor(`${target} to be unplugged`, async () => ((await hasTarget(target)) ? undefined : true), 20_000);
}

before(async () => {
  const assets = guestAssets();
  if (!liveTarget("qemu") || !assets) return;
  const name = uniqueGuestName("devices");
  for (const f of ["usb1.img", "usb2.img", "virtio.img", "media.iso"]) {
    files[f] = join(assets.scratchDir, `${name}-${f}`);
    writeFileSync(files[f]!, Buffer.alloc(1024 * 1024));
  }
  conn = await connect("qemu:///system");
  const cdrom = "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/><readonly/></disk>";
  dom = await conn.createDomain(guestXmlWith({ name, boot: false, vnc: false, memoryMiB: 32 }, [cdrom]));
});

after(async () => {
  await dom?.destroy().catch(() => undefined);
  await conn?.close();
  for (const f of Object.values(files)) rmSync(f, { force: true });
});

test("attachDevice (flags 0) then detachDeviceAlias: a USB disk comes and goes", async (t) => {
  if (!requireGuest(t) || !conn) return;
  await dom.attachDevice(usbDisk(files["usb1.img"]!, "sdb", "ua-usb1"));
  assert.ok(await hasTarget("sdb"));
  await dom.detachDeviceAlias("ua-usb1", Domain.DEVICE_MODIFY_LIVE);
  await gone("sdb");
});

test("attachDevice (LIVE) then detachDevice by XML", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const xml = usbDisk(files["usb2.img"]!, "sdc", "ua-usb2");
  await dom.attachDevice(xml, Domain.DEVICE_MODIFY_LIVE);
  assert.ok(await hasTarget("sdc"));
  await dom.detachDevice(xml);
  await gone("sdc");
});

test("updateDevice: insert and eject cdrom media", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const media = (src: string) =>
    `<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>${src}<target dev='hdc' bus='ide'/><readonly/></disk>`;
  await dom.updateDevice(media(`<source file='${files["media.iso"]!}'/>`), Domain.DEVICE_MODIFY_LIVE);
  assert.ok((await dom.getXmlDescription()).includes(`<source file='${files["media.iso"]!}'`));
  await dom.updateDevice(media(""));
  assert.ok(!(await dom.getXmlDescription()).includes(files["media.iso"]!));
});

test("a virtio disk hotplugs; unknown aliases and config changes of a transient guest fail", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const xml = `<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${files["virtio.img"]!}'/><target dev='vdb' bus='virtio'/></disk>`;
  await dom.attachDevice(xml);
  assert.ok(await hasTarget("vdb"));
  await rejectsVirt(dom.detachDeviceAlias("ua-none"), 1, 20, "internal error: no device found with alias ua-none");
  await rejectsVirt(dom.attachDevice(xml, Domain.DEVICE_MODIFY_CONFIG), 55, 20, /transient domains do not have any persistent config/);
});
