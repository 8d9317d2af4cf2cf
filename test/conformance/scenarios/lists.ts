// Domain lists with every filter flag over a node file holding domains in
// each state (test namespace: runstate, transient, hasmanagedsave), plus the
// count/ids/names calls and getAllDomainStats.
import assert from "node:assert/strict";
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder, outcome } from "../record.js";
import { MARKER_DOMAIN, TEST_DOMAIN, node, smallDomain } from "../nodes.js";
import { listed, expectEntry } from "./common.js";
import { snapXml, ckptXml } from "./moments.js";

export const LISTS_NODE = node(
  TEST_DOMAIN,
  MARKER_DOMAIN,
  smallDomain("paused", "1", "<test:runstate>3</test:runstate>"),
  smallDomain("off", "2", "<test:runstate>5</test:runstate>"),
  smallDomain("saved", "3", "<test:runstate>5</test:runstate><test:hasmanagedsave/>"),
  smallDomain("trans", "4", "<test:transient/>"),
);

const FLAGS: [string, number][] = [
  ["all", 0],
  ["ACTIVE", Domain.LIST_ACTIVE],
  ["INACTIVE", Domain.LIST_INACTIVE],
  ["PERSISTENT", Domain.LIST_PERSISTENT],
  ["TRANSIENT", Domain.LIST_TRANSIENT],
  ["RUNNING", Domain.LIST_RUNNING],
  ["PAUSED", Domain.LIST_PAUSED],
  ["SHUTOFF", Domain.LIST_SHUTOFF],
  ["OTHER", Domain.LIST_OTHER],
  ["MANAGEDSAVE", Domain.LIST_MANAGEDSAVE],
  ["NO_MANAGEDSAVE", Domain.LIST_NO_MANAGEDSAVE],
  ["AUTOSTART", Domain.LIST_AUTOSTART],
  ["NO_AUTOSTART", Domain.LIST_NO_AUTOSTART],
  ["HAS_SNAPSHOT", Domain.LIST_HAS_SNAPSHOT],
  ["NO_SNAPSHOT", Domain.LIST_NO_SNAPSHOT],
  ["HAS_CHECKPOINT", Domain.LIST_HAS_CHECKPOINT],
  ["NO_CHECKPOINT", Domain.LIST_NO_CHECKPOINT],
  ["ACTIVE|INACTIVE", Domain.LIST_ACTIVE | Domain.LIST_INACTIVE],
  ["ACTIVE|PERSISTENT", Domain.LIST_ACTIVE | Domain.LIST_PERSISTENT],
  ["INACTIVE|MANAGEDSAVE", Domain.LIST_INACTIVE | Domain.LIST_MANAGEDSAVE],
  ["RUNNING|PAUSED", Domain.LIST_RUNNING | Domain.LIST_PAUSED],
];

export const lists: Scenario = {
  name: "lists: listAllDomains filters, counts, ids, names and domain stats",
  instance: "private",
  node: LISTS_NODE,
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const off = await conn.getDomainByName("off");
    await off.setAutostart(true);
    await (await conn.getDomainByName("paused")).createSnapshot(snapXml("p1"));
    await (await conn.getDomainByName("test")).createCheckpoint(ckptXml("c1"));
    for (const [label, f] of FLAGS) r.set(`list ${label}`, await listed(conn, f));
    r.set("num active", await conn.numOfDomains());
    r.set("ids", (await conn.listDomainIds(100)).sort((a, b) => a - b));
    r.set("num defined", await conn.numOfDefinedDomains());
    r.set("defined names", (await conn.listDefinedDomainNames(100)).sort());
    r.set("listDomains", (await conn.listDomains()).map((d) => d.getName()).sort());
    r.set("listDefinedDomains", (await conn.listDefinedDomains()).map((d) => d.getName()).sort());
    for (const name of ["paused", "off", "saved", "trans"]) {
      const d = await conn.getDomainByName(name);
      r.set(`${name} state`, {
        id: d.getId(),
        state: await d.getState(),
        persistent: await d.isPersistent(),
        managedSave: await d.hasManagedSaveImage(),
        autostart: await d.getAutostart(),
      });
    }
    // State group of the stats call (the test driver fills no other group).
    const stats = await outcome(conn.getAllDomainStats(1, null, 0), (recs) =>
      recs.map((x) => [x.dom.getName(), x.data] as const).sort((a, b) => a[0].localeCompare(b[0])),
    );
    r.set("stats state", stats);
    r.set(
      "stats active, two domains",
      await outcome(
        (async () => {
          const ds = [await conn.getDomainByName("test"), await conn.getDomainByName("off")];
          return conn.getAllDomainStats(1, ds, 0);
        })(),
        (recs) => recs.map((x) => [x.dom.getName(), x.data]),
      ),
    );
    r.set("stats filter flag", await outcome(conn.getAllDomainStats(1, null, Domain.LIST_ACTIVE), (recs) => recs.map((x) => x.dom.getName()).sort()));
    r.set("stats all groups", await outcome(conn.getAllDomainStats(0, null, 0), (recs) => recs.map((x) => [x.dom.getName(), Object.keys(x.data).sort()]).sort()));
    r.set("stats unknown group", await outcome(conn.getAllDomainStats(1 << 20, null, 0), (recs) => recs.length));
    r.set("stats ENFORCE unknown", await outcome(conn.getAllDomainStats(1 << 20, null, Domain.GET_ALL_STATS_ENFORCE_STATS), (recs) => recs.length));
    r.set("list bad flag", await listed(conn, 1 << 20));
    return r.done();
  },
  known(t) {
    expectEntry(t, "list PAUSED", { ok: [["paused", 3]] });
    const all = t["list all"] as { ok: [string, number][] };
    assert.deepEqual(
      all.ok.map((x) => x[0]),
      ["marker", "off", "paused", "saved", "test", "trans"],
    );
    expectEntry(t, "list MANAGEDSAVE", { ok: [["saved", -1]] });
    expectEntry(t, "list TRANSIENT", { ok: [["trans", 4]] });
    expectEntry(t, "list AUTOSTART", { ok: [["off", -1]] });
    expectEntry(t, "list HAS_SNAPSHOT", { ok: [["paused", 3]] });
    expectEntry(t, "list HAS_CHECKPOINT", { ok: [["test", 1]] });
  },
};
