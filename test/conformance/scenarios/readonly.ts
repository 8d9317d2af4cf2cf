// A read-only connection: reads work, every change is refused alike.
import type { Scenario } from "../scenario.js";
import { Recorder } from "../record.js";
import { expectErr } from "./common.js";
import { snapXml } from "./moments.js";

export const readonly: Scenario = {
  name: "read-only connection",
  instance: "private",
  async run(env) {
    const r = new Recorder();
    const conn = await env.open({ readonly: true });
    r.set("isReadonly", conn.isReadonly());
    const dom = await conn.getDomainByName("test");
    await r.call("state", dom.getState());
    await r.call("xml", dom.getXmlDescription());
    await r.call("xml secure", dom.getXmlDescription(1));
    await r.call("suspend", dom.suspend());
    await r.call("destroy", dom.destroy());
    await r.call("define", conn.defineDomain("<domain type='test'><name>ro</name><memory>1024</memory><os><type>hvm</type></os></domain>"));
    await r.call("set memory", dom.setMemory(1024));
    await r.call("snapshot", dom.createSnapshot(snapXml("x")));
    await r.call("list snapshots", dom.listAllSnapshots(0), (l) => l.length);
    await r.call("metadata", dom.setMetadata(1, "x"));
    await r.call("get metadata", dom.getMetadata(1));
    await r.call("hostname", dom.getHostname());
    await r.call("time", dom.getTime());
    await r.call("scheduler params", dom.getSchedulerParameters());
    await r.call("block stats", dom.blockStats("vda"), (s) => Object.keys(s).sort());
    await r.call("register events", conn.domainEventRegisterAny(null, 0, () => undefined), () => "registered");
    r.set("still running", await dom.getState());
    return r.done();
  },
  known(t) {
    expectErr(t, "suspend", 29, 20);
  },
};
