// Runs a Scenario on an opened WireClient and fails on the first mismatch.
import type { RemoteProcedures } from "../../src/protocol/generated/remote-types.js";
import type { WireClient } from "./wire-client.js";
import type { Ctx, Scenario } from "./scenarios.js";

type AnyCall = (name: keyof RemoteProcedures, args?: unknown) => ReturnType<WireClient["call"]>;

export interface RunOptions {
  /** Extra wait for events after the barrier (libvirtd delivers them from its event loop). */
  settle?: () => Promise<void>;
}

/** Registers a lifecycle callback, then runs the steps; returns the context. */
export async function runScenario(c: WireClient, s: Scenario, opts: RunOptions = {}): Promise<Ctx> {
  const call = c.call.bind(c) as unknown as AnyCall;
  const reg = await call("connect_domain_event_callback_register_any", { eventID: 0, dom: null });
  if (!reg.ok) throw new Error(`${s.name}: event registration failed`);
  const cbId = (reg.ret as { callbackID: number }).callbackID;
  const ctx: Ctx = {};
  for (const [i, step] of s.steps.entries()) {
    const where = `${s.name} #${i} ${String(step.call)}`;
    c.events.length = 0;
    const r = await call(step.call, step.args?.(ctx));
    if (step.err) {
      if (r.ok) throw new Error(`${where}: expected error ${step.err.code}, got success`);
      const e = r.err;
      if (e.code !== step.err.code || e.domain !== step.err.domain) {
        throw new Error(`${where}: expected error ${step.err.code}/${step.err.domain}, got ${e.code}/${e.domain} ${e.message ?? ""}`);
      }
      if (step.err.message !== undefined && e.message !== step.err.message) {
        throw new Error(`${where}: expected message ${JSON.stringify(step.err.message)}, got ${JSON.stringify(e.message)}`);
      }
    } else {
      if (!r.ok) throw new Error(`${where}: failed with ${r.err.code}/${r.err.domain} ${r.err.message ?? ""}`);
      step.check?.(r.ret as never, ctx);
    }
    if (step.lifecycle) {
      // A round trip: the server sends an event before answering later calls.
      await call("connect_get_type");
      await opts.settle?.();
      const got = c.events
        .filter((e) => e.name === "domain_event_callback_lifecycle")
        .map((e) => e.msg as { callbackID: number; msg: { event: number; detail: number } })
        .filter((m) => m.callbackID === cbId)
        .map((m) => [m.msg.event, m.msg.detail]);
      if (JSON.stringify(got) !== JSON.stringify(step.lifecycle)) {
        throw new Error(`${where}: expected events ${JSON.stringify(step.lifecycle)}, got ${JSON.stringify(got)}`);
      }
    }
  }
  return ctx;
}
