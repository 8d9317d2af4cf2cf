// test:///default is shared while connections are open and reset once the
// last one closes.
import { setTimeout as sleep } from "node:timers/promises";
import type { Connection } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder } from "../record.js";
import { listed, expectEntry } from "./common.js";

const MINI = "<domain type='test'><name>keep</name><uuid>8c0ffee0-0000-4000-8000-000000000001</uuid><memory>1024</memory><os><type>hvm</type></os></domain>";

/** libvirtd drops its default instance shortly after the socket closes; poll a bounded number of times. */
async function freshAgain(open: () => Promise<Connection>): Promise<{ conn: Connection; fresh: boolean }> {
  for (let i = 0; ; i++) {
    const c = await open();
    const fresh = !(await c.listAllDomains(0)).some((d) => d.getName() === "keep");
    if (fresh || i >= 50) return { conn: c, fresh };
    await c.close();
    await sleep(100);
  }
}

export const defaultReset: Scenario = {
  name: "test:///default: shared while open, reset after the last close",
  instance: "shared",
  async run(env) {
    const r = new Recorder();
    const a = await env.open();
    const b = await env.open();
    await a.defineDomain(MINI);
    await (await a.getDomainByName("test")).suspend();
    r.set("b sees define", await listed(b));
    await a.close();
    r.set("b still sees it after a closes", await listed(b));
    r.set("b sees state", await (await b.getDomainByName("test")).getState());
    await b.close();
    const { conn: c, fresh } = await freshAgain(() => env.open());
    r.set("fresh after last close", fresh);
    r.set("list after reset", await listed(c));
    r.set("state after reset", await (await c.getDomainByName("test")).getState());
    return r.done();
  },
  known(t) {
    expectEntry(t, "fresh after last close", true);
    expectEntry(t, "list after reset", { ok: [["test", 1]] });
    expectEntry(t, "state after reset", [1, 0]);
  },
};
