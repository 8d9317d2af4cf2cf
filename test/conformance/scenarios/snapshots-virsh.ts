// libvirt's tests/virsh-snapshot, through the API: a tree built with
// reverts (names sorting differently by topology than by name), current
// moves, roots/leaves/descendants queries, deletes with children and
// children-only, then redefinition from XML in topological order on a fresh
// instance.
import assert from "node:assert/strict";
import { DomainSnapshot as S, type Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder, normMomentXml } from "../record.js";
import { childList, ckptXml, momentXml, snapList, snapTree, snapXml, topoOk } from "./moments.js";
import { expectEntry, expectErr } from "./common.js";

async function create(r: Recorder, dom: Domain, name: string, label = `create ${name}`): Promise<void> {
  await r.call(label, dom.createSnapshot(snapXml(name)), (s) => s.getName());
}

async function revert(r: Recorder, dom: Domain, name: string): Promise<void> {
  await r.call(`revert ${name}`, dom.getSnapshotByName(name).then((s) => s.revertTo(0)));
}

/** virsh snapshot-current DOM NAME: redefine the snapshot's own XML as current. */
async function makeCurrent(r: Recorder, dom: Domain, name: string): Promise<void> {
  const xml = await (await dom.getSnapshotByName(name)).getXmlDescription(S.XML_SECURE);
  await r.call(`set current ${name}`, dom.createSnapshot(xml, S.CREATE_REDEFINE | S.CREATE_CURRENT), (s) => s.getName());
}

export const snapshotsVirsh: Scenario = {
  name: "snapshots: libvirt's virsh-snapshot tree, queries, deletes and redefine",
  instance: "private",
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const dom = await conn.getDomainByName("test");
    await create(r, dom, "s1");
    await create(r, dom, "s1", "create s1 again");
    await create(r, dom, "s3");
    await create(r, dom, "s2");
    await revert(r, dom, "s3");
    await create(r, dom, "s6");
    await create(r, dom, "s5");
    await revert(r, dom, "s6");
    await create(r, dom, "s4");
    await revert(r, dom, "s1");
    await create(r, dom, "s7");
    await create(r, dom, "s8");
    // Checkpoints cannot be created while snapshots exist (test driver).
    await r.call("checkpoint with snapshots", dom.createCheckpoint(ckptXml("c1")));
    r.set("tree", await snapTree(dom));
    r.set("state after building", await dom.getState());
    await makeCurrent(r, dom, "s1");
    r.set("current after move", (await dom.currentSnapshot()).getName());
    // Deleting the current root leaves several roots and no current snapshot.
    await r.call("delete current s1", dom.currentSnapshot().then((s) => s.delete(0)));
    await r.call("current after delete", dom.currentSnapshot(), (s) => s.getName());
    r.set("roots", await snapList(dom, S.LIST_ROOTS));
    r.set("leaves", await snapList(dom, S.LIST_LEAVES));
    r.set("no leaves", await snapList(dom, S.LIST_NO_LEAVES));
    const s3 = await dom.getSnapshotByName("s3");
    r.set("children of s3", await childList(s3, 0));
    r.set("descendants of s3", await childList(s3, S.LIST_DESCENDANTS));
    r.set("leaf descendants of s3", await childList(s3, S.LIST_DESCENDANTS | S.LIST_LEAVES));
    r.set("roots and leaves", await snapList(dom, S.LIST_ROOTS | S.LIST_LEAVES));
    r.set("leaves and no leaves", await snapList(dom, S.LIST_LEAVES | S.LIST_NO_LEAVES));
    r.set("names by count", (await dom.listSnapshotNames(await dom.numOfSnapshots(S.LIST_ROOTS), S.LIST_ROOTS)).sort());
    // Delete flags: current moves up to the remaining parent.
    await makeCurrent(r, dom, "s4");
    await r.call("delete s6 children only", dom.getSnapshotByName("s6").then((s) => s.delete(S.DELETE_CHILDREN_ONLY)));
    r.set("current after children-only", (await dom.currentSnapshot()).getName());
    await r.call("delete s7 with children", dom.getSnapshotByName("s7").then((s) => s.delete(S.DELETE_CHILDREN)));
    r.set("current after delete s7", (await dom.currentSnapshot()).getName());
    await r.call("delete s6", dom.getSnapshotByName("s6").then((s) => s.delete(0)));
    r.set("current after delete s6", await dom.currentSnapshot().then((s) => s.getName()));
    await r.call("lookup deleted s8", dom.getSnapshotByName("s8"));
    await r.call("delete METADATA_ONLY", dom.getSnapshotByName("s2").then((s) => s.delete(S.DELETE_METADATA_ONLY)));
    // Now linear: the topological order is unambiguous.
    const topo = await dom.listAllSnapshots(S.LIST_TOPOLOGICAL);
    r.set("topological", topo.map((s) => s.getName()));
    r.set("final tree", await snapTree(dom));
    const s3xml = await (await dom.getSnapshotByName("s3")).getXmlDescription(0);
    const s2xml = await (await dom.getSnapshotByName("s2")).getXmlDescription(0);
    r.set("xml s3", normMomentXml(s3xml));
    r.set("xml s2", await momentXml(await dom.getSnapshotByName("s2")));

    // A fresh instance: redefine must follow the topology.
    const conn2 = await env.open();
    const dom2 = await conn2.getDomainByName("test");
    r.set("fresh instance has none", await dom2.numOfSnapshots(0));
    const redefine = S.CREATE_REDEFINE | S.CREATE_VALIDATE;
    await r.call("redefine s2 first", dom2.createSnapshot(s2xml, redefine), (s) => s.getName());
    await r.call("redefine s3", dom2.createSnapshot(s3xml, redefine), (s) => s.getName());
    await r.call("redefine s2 current", dom2.createSnapshot(s2xml, redefine | S.CREATE_CURRENT), (s) => s.getName());
    r.set("redefined tree", await snapTree(dom2));
    r.set("redefined xml s2", await momentXml(await dom2.getSnapshotByName("s2")));
    r.set("state after redefine", await dom2.getState());
    r.set("topo ok", await topoOk(topo));
    return r.done();
  },
  known(t) {
    const tree = t["tree"] as { rows: { name: string; parent: unknown; state: string }[]; current: unknown };
    const shape = tree.rows.map((x) => [x.name, (x.parent as { ok?: string }).ok ?? null]);
    assert.deepEqual(shape, [
      ["s1", null],
      ["s2", "s3"],
      ["s3", "s1"],
      ["s4", "s6"],
      ["s5", "s6"],
      ["s6", "s3"],
      ["s7", "s1"],
      ["s8", "s7"],
    ]);
    // Every snapshot was taken while running (reverting to a running snapshot leaves it running in 9.0).
    assert.deepEqual(
      tree.rows.map((x) => x.state),
      ["running", "running", "running", "running", "running", "running", "running", "running"],
    );
    assert.deepEqual(tree.current, { ok: "s8" });
    expectErr(t, "create s1 again", 9, 20);
    expectErr(t, "checkpoint with snapshots", 84, 12);
    expectEntry(t, "roots", { ok: ["s3", "s7"] });
    expectEntry(t, "leaves", { ok: ["s2", "s4", "s5", "s8"] });
    expectEntry(t, "no leaves", { ok: ["s3", "s6", "s7"] });
    expectEntry(t, "children of s3", { ok: ["s2", "s6"] });
    expectEntry(t, "descendants of s3", { ok: ["s2", "s4", "s5", "s6"] });
    expectEntry(t, "current after children-only", "s6");
    expectEntry(t, "current after delete s7", "s6");
    expectEntry(t, "current after delete s6", "s3");
    expectEntry(t, "topological", ["s3", "s2"]);
    expectErr(t, "current after delete", 72, 12);
    expectErr(t, "redefine s2 first", 8, 20);
    expectEntry(t, "topo ok", true);
  },
};
