// The state machine of a persistent domain: states with reasons, ids, the
// errors of wrong-state calls and the lifecycle events of each transition.
import assert from "node:assert/strict";
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { dominfo, expectEntry, expectErr, fresh, listed, openTest, stateOf } from "./common.js";

export const lifecycle: Scenario = {
  name: "lifecycle: suspend, resume, shutdown, create, destroy, reboot, reset",
  instance: "private",
  async run(env) {
    const { r, conn, log, dom } = await openTest(env);
    r.set("initial", await dominfo(dom));
    await r.call("resume while running", dom.resume());
    await r.call("suspend", dom.suspend());
    r.set("after suspend", await stateOf(dom));
    await r.call("suspend while paused", dom.suspend());
    r.set("events suspend", await log.take());
    await r.call("resume", dom.resume());
    r.set("after resume", await stateOf(dom));
    r.set("events resume", await log.take());
    await r.call("shutdown", dom.shutdown());
    r.set("after shutdown", await dominfo(dom));
    r.set("lookup after shutdown", await fresh(conn, "test"));
    r.set("events shutdown", await log.take());
    await r.call("lookup old id", conn.getDomainById(1));
    for (const [label, p] of [
      ["suspend inactive", () => dom.suspend()],
      ["resume inactive", () => dom.resume()],
      ["shutdown inactive", () => dom.shutdown()],
      ["destroy inactive", () => dom.destroy()],
      ["reboot inactive", () => dom.reboot()],
      ["reset inactive", () => dom.reset()],
    ] as const) {
      await r.call(label, p());
    }
    r.set("events of refused calls", await log.take());
    await r.call("create", dom.create());
    r.set("after create", await dominfo(dom));
    r.set("events create", await log.take());
    await r.call("create while running", dom.create());
    await r.call("create START_PAUSED", dom.create(Domain.START_PAUSED));
    await r.call("lookup new id", conn.getDomainById(dom.getId()), (d) => d.getName());
    await r.call("reboot", dom.reboot());
    r.set("after reboot", await stateOf(dom));
    await r.call("reset", dom.reset());
    r.set("after reset", await stateOf(dom));
    r.set("events reboot reset", await log.take());
    await r.call("suspend again", dom.suspend());
    await r.call("shutdown paused", dom.shutdown());
    r.set("after shutdown paused", await stateOf(dom));
    await r.call("create again", dom.create());
    await r.call("destroy", dom.destroy());
    r.set("after destroy", await dominfo(dom));
    r.set("events destroy", await log.take());
    await r.call("create third time", dom.create());
    await r.call("destroy GRACEFUL", dom.destroy(Domain.DESTROY_GRACEFUL));
    await r.call("shutdown ACPI flag", dom.shutdown(Domain.SHUTDOWN_ACPI_POWER_BTN));
    r.set("events last", await log.take());
    r.set("active list", await listed(conn, Domain.LIST_ACTIVE));
    r.set("inactive list", await listed(conn, Domain.LIST_INACTIVE));
    r.set("ids", await conn.listDomainIds(10));
    return r.done();
  },
  known(t) {
    expectEntry(t, "after suspend", { ok: [3, 1] });
    expectEntry(t, "after resume", { ok: [1, 5] });
    expectEntry(t, "events suspend", [["test", 1, "lifecycle", 3, 0]]);
    expectEntry(t, "events resume", [["test", 1, "lifecycle", 4, 0]]);
    expectErr(t, "resume while running", 1, 12);
    expectErr(t, "lookup old id", 42, 12);
    expectErr(t, "suspend inactive", 1, 12);
    expectErr(t, "destroy inactive", 55, 20);
    expectErr(t, "create while running", 1, 12);
    expectErr(t, "create START_PAUSED", 8, 12);
    const sd = t["after shutdown"] as { state: unknown; handleId: number };
    // shutdown leaves the handle's cached id stale.
    assert.deepEqual([sd.state, sd.handleId], [{ ok: [5, 1] }, 1]);
    const cr = t["after create"] as { state: unknown; handleId: number };
    assert.deepEqual(cr.state, { ok: [1, 1] });
    assert.ok(cr.handleId > 1, "create gives a new, larger id");
    const de = t["after destroy"] as { state: unknown; handleId: number };
    assert.deepEqual([de.state, de.handleId], [{ ok: [5, 2] }, -1]);
    expectEntry(t, "events reboot reset", []);
  },
};
