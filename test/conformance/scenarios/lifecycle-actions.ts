// Lifecycle actions: on_reboot/on_poweroff from the XML and from
// setLifecycleAction, on persistent and transient domains, and what reboot
// and shutdown then do (states, events, whether a transient domain remains).
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder, outcome } from "../record.js";
import { EventLog } from "../event-log.js";
import { fresh } from "./common.js";

const xml = (name: string, uuidTail: string, actions: string) =>
  `<domain type='test'><name>${name}</name><uuid>2c0ffee0-0000-4000-8000-${uuidTail.padStart(12, "0")}</uuid><memory>1024</memory><os><type>hvm</type></os>${actions}</domain>`;

export const lifecycleActions: Scenario = {
  name: "lifecycle actions: on_reboot, on_poweroff, setLifecycleAction, transient domains",
  instance: "private",
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const log = await EventLog.attach(conn);
    const { LIFECYCLE_POWEROFF: POWEROFF, LIFECYCLE_REBOOT: REBOOT, LIFECYCLE_CRASH: CRASH } = Domain;
    const { LIFECYCLE_ACTION_DESTROY: DESTROY, LIFECYCLE_ACTION_RESTART: RESTART, LIFECYCLE_ACTION_PRESERVE: PRESERVE } = Domain;
    const t1 = await conn.createDomain(xml("t1", "1", "<on_reboot>destroy</on_reboot>"));
    await r.call("reboot transient on_reboot destroy", t1.reboot());
    r.set("t1 after reboot", await fresh(conn, "t1"));
    r.set("events t1", await log.take());
    const t2 = await conn.createDomain(xml("t2", "2", "<on_poweroff>restart</on_poweroff>"));
    await r.call("shutdown transient on_poweroff restart", t2.shutdown());
    r.set("t2 after shutdown", await fresh(conn, "t2"));
    r.set("events t2", await log.take());
    const p = await conn.defineDomain(xml("p", "3", "<on_reboot>preserve</on_reboot><on_poweroff>preserve</on_poweroff>"));
    await p.create();
    await log.take();
    await r.call("reboot on_reboot preserve", p.reboot());
    r.set("p after reboot", await fresh(conn, "p"));
    await r.call("shutdown on_poweroff preserve", p.shutdown());
    r.set("p after shutdown", await fresh(conn, "p"));
    r.set("events p", await log.take());
    await p.create().catch(() => undefined);
    await log.take();
    for (const [label, type, action, flags] of [
      ["poweroff restart live", POWEROFF, RESTART, Domain.AFFECT_LIVE],
      ["reboot destroy config", REBOOT, DESTROY, Domain.AFFECT_CONFIG],
      ["crash preserve both", CRASH, PRESERVE, Domain.AFFECT_LIVE | Domain.AFFECT_CONFIG],
      ["crash coredump-restart", CRASH, Domain.LIFECYCLE_ACTION_COREDUMP_RESTART, 0],
      ["poweroff coredump", POWEROFF, Domain.LIFECYCLE_ACTION_COREDUMP_DESTROY, 0],
      ["reboot rename-restart", REBOOT, Domain.LIFECYCLE_ACTION_RESTART_RENAME, 0],
      ["bad action", REBOOT, 9, 0],
    ] as const) {
      await r.call(`set ${label}`, p.setLifecycleAction(type, action, flags));
    }
    const actions = (x: string) => [...x.matchAll(/<(on_\w+)>([^<]*)</g)].map((m) => `${m[1]}=${m[2]}`);
    r.set("live actions", await outcome(p.getXmlDescription(), actions));
    r.set("config actions", await outcome(p.getXmlDescription(Domain.XML_INACTIVE), actions));
    await r.call("shutdown with poweroff restart", p.shutdown());
    r.set("p after restart-shutdown", await fresh(conn, "p"));
    r.set("events restart-shutdown", await log.take());
    await p.destroy().catch(() => undefined);
    await r.call("set on inactive LIVE", p.setLifecycleAction(REBOOT, RESTART, Domain.AFFECT_LIVE));
    await r.call("set on inactive", p.setLifecycleAction(REBOOT, RESTART));
    r.set("config after inactive set", await outcome(p.getXmlDescription(), actions));
    return r.done();
  },
};
