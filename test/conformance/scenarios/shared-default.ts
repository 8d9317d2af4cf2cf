// test:///default: its initial inventory, node facts, and one state shared
// by several connections (events caused on one reach the others; a handle's
// cached id goes stale). Runs on an isolated default instance on both sides.
import assert from "node:assert/strict";
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder, outcome } from "../record.js";
import { EventLog, MARKER } from "../event-log.js";
import { MARKER_DOMAIN, TEST_UUID } from "../nodes.js";
import { dominfo, fresh, listed, expectEntry } from "./common.js";
import { snapXml, snapTree } from "./moments.js";

export const defaultInventory: Scenario = {
  name: "test:///default: initial inventory and node facts",
  instance: "shared",
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    r.set("type", await conn.getType());
    r.set("version", await conn.getVersion());
    r.set("node info", await conn.getNodeInfo());
    r.set("max vcpus", await outcome(conn.getMaxVcpus(null)));
    r.set("max vcpus test", await outcome(conn.getMaxVcpus("test")));
    r.set("cells free", await outcome(conn.getNodeCellsFreeMemory(0, 1)));
    r.set("cells free past end", await outcome(conn.getNodeCellsFreeMemory(1, 3)));
    r.set("sysinfo", await outcome(conn.getSysinfo()));
    r.set("capabilities", await conn.getCapabilities());
    r.set("list", await listed(conn));
    const dom = await conn.getDomainByName("test");
    r.set("test", await dominfo(dom));
    r.set("test uuid", dom.getUuidString());
    r.set("test xml", await dom.getXmlDescription());
    r.set("test xml inactive", await dom.getXmlDescription(Domain.XML_INACTIVE));
    r.set("by id", await outcome(conn.getDomainById(1), (d) => d.getName()));
    r.set("by uuid", await outcome(conn.getDomainByUuid(TEST_UUID), (d) => [d.getName(), d.getId()]));
    r.set("unknown name", await outcome(conn.getDomainByName("nope")));
    r.set("unknown uuid", await outcome(conn.getDomainByUuid("00000000-0000-0000-0000-000000000000")));
    r.set("vcpus", await outcome(dom.getVcpus(0)));
    r.set("max vcpus dom", await outcome(dom.getMaxVcpus()));
    r.set("scheduler", await outcome(dom.getSchedulerType()));
    r.set("addresses lease", await outcome(dom.getInterfaceAddresses(Domain.INTERFACE_ADDRESSES_SRC_LEASE)));
    r.set("addresses agent", await outcome(dom.getInterfaceAddresses(Domain.INTERFACE_ADDRESSES_SRC_AGENT)));
    r.set("hostname", await outcome(dom.getHostname()));
    r.set("block info", await outcome(dom.getBlockInfo("vda")));
    return r.done();
  },
  known(t) {
    expectEntry(t, "type", "TEST");
    expectEntry(t, "version", 2n);
    expectEntry(t, "node info", { model: "i686", memory: 3145728n, cpus: 16, mhz: 1400, nodes: 2, sockets: 2, cores: 2, threads: 2 });
    expectEntry(t, "max vcpus", { ok: 32 });
    expectEntry(t, "cells free", { ok: [2097152n, 4194304n] });
    expectEntry(t, "test uuid", TEST_UUID);
    const info = t["test"] as { handleId: number; state: unknown; info: { ok: Record<string, unknown> }; osType: unknown; persistent: unknown };
    assert.equal(info.handleId, 1);
    assert.deepEqual(info.state, { ok: [1, 0] });
    assert.deepEqual(info.osType, { ok: "linux" });
    assert.deepEqual(info.persistent, { ok: true });
    assert.equal(info.info.ok["maxMem"], 8388608n);
    assert.equal(info.info.ok["memory"], 2097152n);
    assert.equal(info.info.ok["nrVirtCpu"], 2);
    expectEntry(t, "list", { ok: [["test", 1]] });
  },
};

export const crossConnection: Scenario = {
  name: "test:///default: two connections, one state, events across",
  instance: "shared",
  async run(env) {
    const r = new Recorder();
    const watcher = await env.open();
    const actor = await env.open();
    // The barrier's domain, defined for this scenario and removed at the end.
    await actor.defineDomain(MARKER_DOMAIN);
    await (await actor.getDomainByName(MARKER)).create();
    const log = await EventLog.attach(watcher);
    const mine = await watcher.getDomainByName("test");
    const theirs = await actor.getDomainByName("test");
    await theirs.suspend();
    r.set("watcher sees paused", await mine.getState());
    r.set("events suspend", await log.take(actor));
    await theirs.resume();
    await theirs.destroy();
    r.set("watcher handle id after destroy elsewhere", mine.getId());
    r.set("watcher state", await mine.getState());
    r.set("watcher fresh lookup", await fresh(watcher, "test"));
    r.set("events destroy", await log.take(actor));
    await theirs.create();
    r.set("actor id after create", theirs.getId());
    r.set("watcher stale id", mine.getId());
    await r.call("watcher call with stale id", mine.getInfo(), (i) => i.state);
    r.set("events create", await log.take(actor));
    const d = await actor.defineDomain("<domain type='test'><name>xconn</name><uuid>3c0ffee0-0000-4000-8000-000000000001</uuid><memory>1024</memory><os><type>hvm</type></os></domain>");
    r.set("watcher sees defined", await fresh(watcher, "xconn"));
    await d.createSnapshot(snapXml("x1"));
    r.set("watcher sees snapshot", await snapTree(await watcher.getDomainByName("xconn")));
    await d.setMetadata(Domain.METADATA_TITLE, "from actor");
    r.set("watcher sees title", await (await watcher.getDomainByName("xconn")).getMetadata(Domain.METADATA_TITLE));
    await d.undefine(Domain.UNDEFINE_SNAPSHOTS_METADATA);
    r.set("events define undefine", await log.take(actor));
    // Restore the shared state: the marker goes; `test` runs again (new id).
    const m = await actor.getDomainByName(MARKER);
    await m.destroy();
    await m.undefine();
    r.set("list at end", await listed(watcher));
    return r.done();
  },
  known(t) {
    expectEntry(t, "watcher sees paused", [3, 1]);
    expectEntry(t, "events suspend", [["test", 1, "lifecycle", 3, 0]]);
    expectEntry(t, "watcher handle id after destroy elsewhere", 1);
  },
};
