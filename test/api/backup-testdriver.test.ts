// Backup jobs against the test driver (through libvirtd): NO_SUPPORT.
import { test, before, after } from "node:test";
import { connect, type Connection, type Domain } from "../../src/index.js";
import { liveTargetAsync, requireLiveAsync } from "../helpers/live.js";
import { privateNode, rejectsVirt, unsupported, type PrivateNode } from "./jobs-node.js";

let node: PrivateNode | undefined;
let conn: Connection | undefined;
let dom: Domain;

before(async () => {
  // No daemon: conn stays undefined and each test skips (or fails under CI).
  if (!(await liveTargetAsync("test-unix"))) return;
  node = privateNode("bk1");
  conn = await connect(`test+unix://${node.file}`);
  dom = await conn.getDomainByName("bk1");
});

after(async () => {
  await conn?.close();
  node?.remove();
});

test("backupBegin and backupGetXmlDescription: NO_SUPPORT from the test driver", async (t) => {
  if ((await requireLiveAsync(t, "test-unix")) === undefined || !conn) return;
  const xml = "<domainbackup><disks><disk name='vda' type='file'><target file='/tmp/x.bak'/></disk></disks></domainbackup>";
  await rejectsVirt(dom.backupBegin(xml), 3, 20, unsupported("virDomainBackupBegin"));
  await rejectsVirt(dom.backupBegin(xml, "<domaincheckpoint/>", 0), 3, 20, unsupported("virDomainBackupBegin"));
  await rejectsVirt(dom.backupGetXmlDescription(), 3, 20, unsupported("virDomainBackupGetXMLDesc"));
});
