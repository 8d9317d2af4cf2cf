// Device hotplug against the test driver (through libvirtd), which has none of
// these calls: each must reach the daemon and come back as its NO_SUPPORT.
import { test } from "node:test";
import { nodeDomain, rejectsVirt, unsupported } from "./jobs-node.js";

const DISK = "<disk type='file' device='disk'><source file='/guest/extra'/><target dev='vdb' bus='virtio'/></disk>";
const node = nodeDomain("dev1");

test("attachDevice: flags 0 -> ATTACH_DEVICE, flags -> ATTACH_DEVICE_FLAGS (both NO_SUPPORT here)", async (t) => {
  if (!(await node.live(t))) return;
  await rejectsVirt(node.dom.attachDevice(DISK), 3, 20, unsupported("virDomainAttachDevice"));
  await rejectsVirt(node.dom.attachDevice(DISK, 2), 3, 20, unsupported("virDomainAttachDeviceFlags"));
});

test("detachDevice, detachDeviceAlias, updateDevice: NO_SUPPORT from the test driver", async (t) => {
  if (!(await node.live(t))) return;
  await rejectsVirt(node.dom.detachDevice(DISK), 3, 20, unsupported("virDomainDetachDevice"));
  await rejectsVirt(node.dom.detachDevice(DISK, 1), 3, 20, unsupported("virDomainDetachDeviceFlags"));
  await rejectsVirt(node.dom.detachDeviceAlias("ua-disk1"), 3, 20, unsupported("virDomainDetachDeviceAlias"));
  await rejectsVirt(node.dom.updateDevice(DISK), 3, 20, unsupported("virDomainUpdateDeviceFlags"));
});

test("device calls check their arguments before sending", async (t) => {
  if (!(await node.live(t))) return;
  await rejectsVirt(node.dom.attachDevice(42 as unknown as string), 8, 20, /xml must be a string/);
  await rejectsVirt(node.dom.detachDeviceAlias("ua-x", -1), 8, 20, /flags/);
});
