// What snapshots keep and reverts bring back: definitions, memory and vCPU
// counts, metadata; snapshot XML with explicit memory/disk choices; bad
// snapshot definitions; redefinition updating a snapshot.
import { Domain, DomainSnapshot as S } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { outcome } from "../record.js";
import { momentXml, snapTree, snapXml } from "./moments.js";
import { infoOf, openTest } from "./common.js";

export const snapshotsDefs: Scenario = {
  name: "snapshots: definitions restored by revert, explicit specs, bad definitions",
  instance: "private",
  async run(env) {
    const { r, conn, log, dom } = await openTest(env);
    await dom.destroy();
    const before = await dom.createSnapshot(snapXml("before", "<description>small</description>"));
    r.set("xml before", await momentXml(before));
    await dom.setMaxMemory(4194304);
    await dom.setMemory(1048576, Domain.AFFECT_CONFIG);
    await dom.setVcpus(1, Domain.AFFECT_CONFIG);
    await dom.setMetadata(Domain.METADATA_TITLE, "changed");
    await r.call("snapshot after", dom.createSnapshot(snapXml("after")));
    r.set("info changed", await infoOf(dom));
    await log.take();
    await r.call("revert before (inactive)", before.revertTo(0));
    r.set("info reverted", await infoOf(dom));
    r.set("title reverted", await outcome(dom.getMetadata(Domain.METADATA_TITLE)));
    r.set("xml reverted", await dom.getXmlDescription());
    r.set("events revert inactive", await log.take());
    await r.call("revert after RUNNING", (await dom.getSnapshotByName("after")).revertTo(S.REVERT_RUNNING));
    r.set("info after running", await infoOf(dom));
    r.set("events revert running", await log.take());
    await r.call("start if needed", dom.isActive().then((a) => (a ? undefined : dom.create())));
    await log.take();
    await dom.setMemory(524288, Domain.AFFECT_LIVE);
    const live = await dom.createSnapshot(snapXml("live"));
    await dom.setMemory(262144, Domain.AFFECT_LIVE);
    await r.call("revert live", live.revertTo(0));
    r.set("info live reverted", await infoOf(dom));
    r.set("events revert live", await log.take());
    // Explicit choices in the snapshot XML.
    await r.call(
      "explicit specs",
      dom.createSnapshot(snapXml("spec", "<memory snapshot='no'/><disks><disk name='vda' snapshot='no'/></disks>")),
      async (s) => (await momentXml(s)),
    );
    await r.call("unknown disk", dom.createSnapshot(snapXml("ud", "<disks><disk name='vdz'/></disks>")));
    await r.call("disk twice", dom.createSnapshot(snapXml("dt", "<disks><disk name='vda'/><disk name='vda'/></disks>")));
    for (const [label, extra] of [
      ["unknown element", "<foo/>"],
      ["bad memory kind", "<memory snapshot='maybe'/>"],
      ["bad disk kind", "<disks><disk name='vda' snapshot='maybe'/></disks>"],
      ["description twice", "<description>a</description><description>b</description>"],
      ["disk without name", "<disks><disk/></disks>"],
    ] as const) {
      await r.call(`${label}`, dom.createSnapshot(snapXml(`x-${label.replace(/ /g, "-")}`, extra)), async (s) => {
        await s.delete(0);
        return s.getName();
      });
      await r.call(`${label} VALIDATE`, dom.createSnapshot(snapXml(`v-${label.replace(/ /g, "-")}`, extra), S.CREATE_VALIDATE), async (s) => {
        await s.delete(0);
        return s.getName();
      });
    }
    await r.call("bad state element", dom.createSnapshot(snapXml("bs", "<state>flying</state>")), (s) => s.getName());
    await r.call("memory internal disk no", dom.createSnapshot(snapXml("mi", "<memory snapshot='internal'/><disks><disk name='vda' snapshot='no'/></disks>")), (s) => s.getName());
    await r.call("name with slash", dom.createSnapshot(snapXml("a/b")));
    await r.call("duplicate with REDEFINE and no domain", dom.createSnapshot(snapXml("live", "<description>updated</description>"), S.CREATE_REDEFINE));
    const liveXml = await live.getXmlDescription(S.XML_SECURE);
    await r.call(
      "redefine update description",
      dom.createSnapshot(liveXml.replace("<name>live</name>", "<name>live</name><description>updated</description>"), S.CREATE_REDEFINE),
      async (s) => momentXml(s),
    );
    await r.call("redefine CURRENT", dom.createSnapshot(liveXml, S.CREATE_REDEFINE | S.CREATE_CURRENT), (s) => s.getName());
    await r.call("CURRENT without REDEFINE", dom.createSnapshot(snapXml("cur"), S.CREATE_CURRENT));
    await r.call("HALT on inactive", (async () => {
      await dom.destroy();
      return (await dom.createSnapshot(snapXml("halt-off"), S.CREATE_HALT)).getName();
    })());
    r.set("tree", await snapTree(dom));
    r.set("events specs", await log.take());
    // Transient domains keep snapshots only while they exist.
    const tr = await conn.createDomain("<domain type='test'><name>tr</name><uuid>7c0ffee0-0000-4000-8000-000000000001</uuid><memory>1024</memory><os><type>hvm</type></os></domain>");
    await r.call("snapshot transient", tr.createSnapshot(snapXml("t1")), (s) => s.getName());
    await r.call("revert transient", tr.getSnapshotByName("t1").then((s) => s.revertTo(0)));
    await r.call("destroy transient with snapshot", tr.destroy());
    await r.call("lookup transient", conn.getDomainByName("tr"));
    r.set("events transient", await log.take());
    return r.done();
  },
};
