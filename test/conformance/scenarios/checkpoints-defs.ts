// Checkpoint definitions: disks and bitmaps, what the XML says, bad
// definitions, inactive domains, deletes that re-parent, two-disk domains.
import { DomainCheckpoint as C } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder } from "../record.js";
import { MARKER_DOMAIN, TEST_DOMAIN, node, smallDomain } from "../nodes.js";
import { ckptTree, ckptXml, momentXml } from "./moments.js";

const TWO_DISKS = smallDomain(
  "two",
  "2",
  "",
  `<devices>
    <disk type='file' device='disk'><source file='/img/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><source file='/img/b.qcow2'/><target dev='vdb' bus='virtio'/></disk>
    <disk type='file' device='cdrom'><source file='/img/c.iso'/><target dev='hdc' bus='ide'/><readonly/></disk>
  </devices>`,
);

export const checkpointsDefs: Scenario = {
  name: "checkpoints: disks, bitmaps, XML flags, bad definitions, re-parenting",
  instance: "private",
  node: node(TEST_DOMAIN, MARKER_DOMAIN, TWO_DISKS),
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const dom = await conn.getDomainByName("two");
    await r.call("default disks", dom.createCheckpoint(ckptXml("k1", "<description>first</description>")), (c) => momentXml(c));
    await r.call(
      "explicit disks",
      dom.createCheckpoint(ckptXml("k2", "<disks><disk name='vda' checkpoint='bitmap' bitmap='bm2'/><disk name='vdb' checkpoint='no'/></disks>")),
      (c) => momentXml(c),
    );
    const k2 = await dom.getCheckpointByName("k2");
    r.set("k2 NO_DOMAIN", await momentXml(k2, C.XML_NO_DOMAIN));
    r.set("k2 SIZE", await momentXml(k2, C.XML_SIZE | C.XML_NO_DOMAIN));
    r.set("k2 SECURE", await momentXml(k2, C.XML_SECURE | C.XML_NO_DOMAIN));
    await r.call("unknown disk", dom.createCheckpoint(ckptXml("k3", "<disks><disk name='vdz'/></disks>")));
    await r.call("cdrom disk", dom.createCheckpoint(ckptXml("k3", "<disks><disk name='hdc' checkpoint='bitmap'/></disks>")));
    await r.call("bitmap reused", dom.createCheckpoint(ckptXml("k3", "<disks><disk name='vda' checkpoint='bitmap' bitmap='bm2'/></disks>")), (c) => momentXml(c));
    await r.call("bad checkpoint kind", dom.createCheckpoint(ckptXml("k4", "<disks><disk name='vda' checkpoint='maybe'/></disks>")));
    await r.call("no disks", dom.createCheckpoint(ckptXml("k5", "<disks><disk name='vda' checkpoint='no'/><disk name='vdb' checkpoint='no'/></disks>")), (c) => momentXml(c));
    await r.call("no name", dom.createCheckpoint("<domaincheckpoint/>"), async (c) => {
      const ok = /^\d+$/.test(c.getName());
      await c.delete();
      return ok;
    });
    await r.call("malformed", dom.createCheckpoint("<domaincheckpoint>"));
    await r.call("QUIESCE", dom.createCheckpoint(ckptXml("q"), C.CREATE_QUIESCE), (c) => c.getName());
    await r.call("REDEFINE_VALIDATE alone", dom.createCheckpoint(ckptXml("rv"), C.CREATE_REDEFINE_VALIDATE));
    await r.call("REDEFINE with VALIDATE", dom.createCheckpoint(ckptXml("rv"), C.CREATE_REDEFINE | C.CREATE_REDEFINE_VALIDATE));
    await r.call("QUIESCE with REDEFINE", dom.createCheckpoint(ckptXml("rq"), C.CREATE_REDEFINE | C.CREATE_QUIESCE));
    await r.call("listed read-only disk", dom.createCheckpoint(ckptXml("ro", "<disks><disk name='hdc'/></disks>")));
    await r.call("disk by path", dom.createCheckpoint(ckptXml("bypath", "<disks><disk name='/img/b.qcow2' checkpoint='no'/></disks>")), async (c) => {
      const x = await momentXml(c, C.XML_NO_DOMAIN);
      await c.delete(0);
      return x;
    });
    await r.call("unknown element", dom.createCheckpoint(ckptXml("ue", "<foo/>")));
    await r.call("description twice", dom.createCheckpoint(ckptXml("dt", "<description>a</description><description>b</description>")));
    r.set("tree", await ckptTree(dom));
    // Deleting a middle checkpoint hands its children to its parent.
    await r.call("delete k2", k2.delete(0));
    r.set("tree after delete k2", await ckptTree(dom));
    await r.call("delete leaf children only", dom.getCheckpointByName("q").then((c) => c.delete(C.DELETE_CHILDREN_ONLY)));
    await r.call("delete root with children", dom.getCheckpointByName("k1").then((c) => c.delete(C.DELETE_CHILDREN)));
    r.set("tree at end", await ckptTree(dom));
    await r.call("domain without disks", (async () => {
      const d = await conn.createDomain("<domain type='test'><name>nodisk</name><uuid>9c0ffee0-0000-4000-8000-000000000001</uuid><memory>1024</memory><os><type>hvm</type></os></domain>");
      return (await d.createCheckpoint(ckptXml("x"))).getName();
    })());
    // Inactive domains.
    await dom.destroy();
    await r.call("checkpoint inactive", dom.createCheckpoint(ckptXml("off")), (c) => c.getName());
    await r.call("xml SIZE inactive", dom.getCheckpointByName("off").then((c) => c.getXmlDescription(C.XML_SIZE)));
    await r.call("list inactive", dom.listAllCheckpoints(0), (l) => l.map((c) => c.getName()).sort());
    return r.done();
  },
};
