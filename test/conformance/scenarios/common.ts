// Small helpers shared by scenarios.
import assert from "node:assert/strict";
import type { Connection, Domain } from "../../../src/index.js";
import { Recorder, clockish, outcome, type Outcome } from "../record.js";
import { EventLog } from "../event-log.js";
import type { Env } from "../scenario.js";

/** The usual start of a scenario: a transcript, a connection watching events and its "test" domain. */
export async function openTest(env: Env): Promise<{ r: Recorder; conn: Connection; log: EventLog; dom: Domain }> {
  const r = new Recorder();
  const conn = await env.open();
  const log = await EventLog.attach(conn);
  const dom = await conn.getDomainByName("test");
  return { r, conn, log, dom };
}

/** [state, reason] or the error. */
export function stateOf(dom: Domain): Promise<Outcome<[number, number]>> {
  return outcome(dom.getState());
}

/** getInfo with the clock-derived cpuTime normalised (N6). */
export function infoOf(dom: Domain): Promise<Outcome<unknown>> {
  return outcome(dom.getInfo(), (i) => ({ ...i, cpuTime: clockish(i.cpuTime, 1_000_000n) }));
}

/** What virsh dominfo shows, each item as an outcome. */
export async function dominfo(dom: Domain): Promise<Record<string, unknown>> {
  return {
    handleId: dom.getId(),
    state: await outcome(dom.getState()),
    info: await infoOf(dom),
    active: await outcome(dom.isActive()),
    persistent: await outcome(dom.isPersistent()),
    updated: await outcome(dom.isUpdated()),
    autostart: await outcome(dom.getAutostart()),
    managedSave: await outcome(dom.hasManagedSaveImage()),
    osType: await outcome(dom.getOsType()),
    maxMemory: await outcome(dom.getMaxMemory()),
  };
}

/** Domains listed with `flags`, as [name, id] sorted by name. */
export async function listed(conn: Connection, flags = 0): Promise<Outcome<[string, number][]>> {
  return outcome<Domain[], [string, number][]>(conn.listAllDomains(flags), (ds) =>
    ds.map((d): [string, number] => [d.getName(), d.getId()]).sort((a, b) => a[0].localeCompare(b[0])),
  );
}

/** Fresh lookup by name: [id, state, reason] as the driver has them now. */
export async function fresh(conn: Connection, name: string): Promise<unknown> {
  return outcome(conn.getDomainByName(name), async (d) => [d.getId(), ...(await d.getState())]);
}

/** Assert an entry of a transcript (known values from TEST-DRIVER.md). */
export function expectEntry(t: Record<string, unknown>, label: string, value: unknown): void {
  assert.ok(Object.prototype.hasOwnProperty.call(t, label), `transcript has no ${label}`);
  assert.deepEqual(t[label], value, `known value of ${label}`);
}

/** An error outcome with this code and domain. */
export function expectErr(t: Record<string, unknown>, label: string, code: number, domain: number): void {
  const v = t[label] as { err?: { code: number; domain: number } } | undefined;
  assert.ok(v?.err, `${label} should have failed, got ${JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? String(x) : x))}`);
  assert.deepEqual([v.err.code, v.err.domain], [code, domain], `error of ${label}`);
}
