// Backup jobs against the test driver (through libvirtd): NO_SUPPORT.
import { test } from "node:test";
import { nodeDomain, rejectsVirt, unsupported } from "./jobs-node.js";

const node = nodeDomain("bk1");

test("backupBegin and backupGetXmlDescription: NO_SUPPORT from the test driver", async (t) => {
  if (!(await node.live(t))) return;
  const xml = "<domainbackup><disks><disk name='vda' type='file'><target file='/tmp/x.bak'/></disk></disks></domainbackup>";
  await rejectsVirt(node.dom.backupBegin(xml), 3, 20, unsupported("virDomainBackupBegin"));
  await rejectsVirt(node.dom.backupBegin(xml, "<domaincheckpoint/>", 0), 3, 20, unsupported("virDomainBackupBegin"));
  await rejectsVirt(node.dom.backupGetXmlDescription(), 3, 20, unsupported("virDomainBackupGetXMLDesc"));
});
