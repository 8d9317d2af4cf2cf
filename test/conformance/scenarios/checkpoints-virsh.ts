// libvirt's tests/virsh-checkpoint through the API: a chain c1 <- c3 <- c2,
// list filters, deletes (plain, children-only, with children) and
// redefinition from XML on a fresh instance, in topological order.
import assert from "node:assert/strict";
import { DomainCheckpoint as C, type Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder, normMomentXml } from "../record.js";
import { childList, ckptList, ckptTree, ckptXml, momentXml, names, topoOk } from "./moments.js";
import { expectEntry, expectErr } from "./common.js";

async function create(r: Recorder, dom: Domain, name: string, label = `create ${name}`): Promise<void> {
  await r.call(label, dom.createCheckpoint(ckptXml(name)), (c) => c.getName());
}

export const checkpointsVirsh: Scenario = {
  name: "checkpoints: libvirt's virsh-checkpoint chain, queries, deletes and redefine",
  instance: "private",
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const dom = await conn.getDomainByName("test");
    await create(r, dom, "c1");
    await create(r, dom, "c1", "create c1 again");
    await create(r, dom, "c3");
    await create(r, dom, "c2");
    await r.call("snapshot with checkpoints", dom.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>"));
    r.set("tree", await ckptTree(dom));
    r.set("roots", await ckptList(dom, C.LIST_ROOTS));
    r.set("leaves", await ckptList(dom, C.LIST_LEAVES));
    r.set("no leaves", await ckptList(dom, C.LIST_NO_LEAVES));
    r.set("leaves and no leaves", await ckptList(dom, C.LIST_LEAVES | C.LIST_NO_LEAVES));
    const c3 = await dom.getCheckpointByName("c3");
    const c1 = await dom.getCheckpointByName("c1");
    r.set("children of c3", await childList(c3, 0));
    r.set("descendants of c1", await childList(c1, C.LIST_DESCENDANTS));
    r.set("all", await ckptList(dom, 0));
    const topo = await dom.listAllCheckpoints(C.LIST_TOPOLOGICAL);
    r.set("topological", topo.map((c) => c.getName()));
    r.set("topo ok", await topoOk(topo));
    await r.call("delete c1", c1.delete(0));
    r.set("tree after delete c1", await ckptTree(dom));
    const c3xml = await c3.getXmlDescription(0);
    const c2xml = await (await dom.getCheckpointByName("c2")).getXmlDescription(0);
    r.set("xml c3", normMomentXml(c3xml));
    r.set("xml c2", normMomentXml(c2xml));
    r.set("xml c2 NO_DOMAIN", await momentXml(await dom.getCheckpointByName("c2"), C.XML_NO_DOMAIN));
    r.set("xml c2 SIZE", await momentXml(await dom.getCheckpointByName("c2"), C.XML_SIZE));
    await r.call("delete c3 children only", c3.delete(C.DELETE_CHILDREN_ONLY));
    r.set("leaves after children-only", await ckptList(dom, C.LIST_LEAVES));
    await r.call("delete c3 with children", c3.delete(C.DELETE_CHILDREN));
    r.set("leaves after delete c3", await ckptList(dom, C.LIST_LEAVES));
    await r.call("lookup deleted c3", dom.getCheckpointByName("c3"));
    await r.call("root parent", dom.createCheckpoint(ckptXml("solo")).then((c) => c.getParent()));
    await r.call("delete METADATA_ONLY", dom.getCheckpointByName("solo").then((c) => c.delete(C.DELETE_METADATA_ONLY)));

    const conn2 = await env.open();
    const dom2 = await conn2.getDomainByName("test");
    await r.call("redefine c2 first", dom2.createCheckpoint(c2xml, C.CREATE_REDEFINE), (c) => c.getName());
    await r.call("redefine c3", dom2.createCheckpoint(c3xml, C.CREATE_REDEFINE), (c) => c.getName());
    await r.call("redefine c2", dom2.createCheckpoint(c2xml, C.CREATE_REDEFINE), (c) => c.getName());
    r.set("redefined leaves", await ckptList(dom2, C.LIST_LEAVES));
    r.set("redefined tree", await ckptTree(dom2));
    const c2 = await dom2.getCheckpointByName("c2");
    r.set("c2 info", {
      parent: (await c2.getParent()).getName(),
      children: names(await c2.listAllChildren(0)),
      descendants: names(await c2.listAllChildren(C.LIST_DESCENDANTS)),
    });
    return r.done();
  },
  known(t) {
    expectErr(t, "create c1 again", 9, 20);
    const tree = t["tree"] as { name: string; parent: { ok?: string } }[];
    assert.deepEqual(
      tree.map((x) => [x.name, x.parent.ok ?? null]),
      [
        ["c1", null],
        ["c2", "c3"],
        ["c3", "c1"],
      ],
    );
    expectEntry(t, "roots", { ok: ["c1"] });
    expectEntry(t, "leaves", { ok: ["c2"] });
    expectEntry(t, "no leaves", { ok: ["c1", "c3"] });
    expectEntry(t, "children of c3", { ok: ["c2"] });
    expectEntry(t, "descendants of c1", { ok: ["c2", "c3"] });
    expectEntry(t, "topological", ["c1", "c3", "c2"]);
    expectEntry(t, "leaves after children-only", { ok: ["c3"] });
    expectEntry(t, "leaves after delete c3", { ok: [] });
    expectErr(t, "redefine c2 first", 8, 20);
    expectEntry(t, "redefined leaves", { ok: ["c2"] });
    expectEntry(t, "c2 info", { parent: "c3", children: [], descendants: [] });
  },
};
