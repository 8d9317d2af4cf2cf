// Device hotplug against the test driver (through libvirtd), which has none of
// these calls: each must reach the daemon and come back as its NO_SUPPORT.
import { test, before, after } from "node:test";
import { connect, type Connection, type Domain } from "../../src/index.js";
import { liveTargetAsync, requireLiveAsync } from "../helpers/live.js";
import { privateNode, rejectsVirt, unsupported, type PrivateNode } from "./jobs-node.js";

const DISK = "<disk type='file' device='disk'><source file='/guest/extra'/><target dev='vdb' bus='virtio'/></disk>";
let node: PrivateNode | undefined;
let conn: Connection | undefined;
let dom: Domain;

before(async () => {
  // No daemon: conn stays undefined and each test skips (or fails under CI).
  if (!(await liveTargetAsync("test-unix"))) return;
  node = privateNode("dev1");
  conn = await connect(`test+unix://${node.file}`);
  dom = await conn.getDomainByName("dev1");
});

after(async () => {
  await conn?.close();
  node?.remove();
});

async function live(t: { skip(m?: string): void }): Promise<boolean> {
  return (await requireLiveAsync(t, "test-unix")) !== undefined && conn !== undefined;
}

test("attachDevice: flags 0 -> ATTACH_DEVICE, flags -> ATTACH_DEVICE_FLAGS (both NO_SUPPORT here)", async (t) => {
  if (!(await live(t))) return;
  await rejectsVirt(dom.attachDevice(DISK), 3, 20, unsupported("virDomainAttachDevice"));
  await rejectsVirt(dom.attachDevice(DISK, 2), 3, 20, unsupported("virDomainAttachDeviceFlags"));
});

test("detachDevice, detachDeviceAlias, updateDevice: NO_SUPPORT from the test driver", async (t) => {
  if (!(await live(t))) return;
  await rejectsVirt(dom.detachDevice(DISK), 3, 20, unsupported("virDomainDetachDevice"));
  await rejectsVirt(dom.detachDevice(DISK, 1), 3, 20, unsupported("virDomainDetachDeviceFlags"));
  await rejectsVirt(dom.detachDeviceAlias("ua-disk1"), 3, 20, unsupported("virDomainDetachDeviceAlias"));
  await rejectsVirt(dom.updateDevice(DISK), 3, 20, unsupported("virDomainUpdateDeviceFlags"));
});

test("device calls check their arguments before sending", async (t) => {
  if (!(await live(t))) return;
  await rejectsVirt(dom.attachDevice(42 as unknown as string), 8, 20, /xml must be a string/);
  await rejectsVirt(dom.detachDeviceAlias("ua-x", -1), 8, 20, /flags/);
});
