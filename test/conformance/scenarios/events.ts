// Event registrations: per-domain filters, several callbacks for one id, the
// async iterator, deregistration, and which events each one sees.
import type { Domain as Dom } from "../../../src/index.js";
import type { DomainEventOf } from "../../../src/api/event-types.js";
import type { DomainEventStream } from "../../../src/api/events.js";
import type { Scenario } from "../scenario.js";
import { Recorder } from "../record.js";
import { EventLog } from "../event-log.js";
import { MARKER_DOMAIN, TEST_DOMAIN, node, smallDomain } from "../nodes.js";
import { expectEntry } from "./common.js";

async function take(stream: DomainEventStream<0>, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const r = await stream.next();
    if (r.done) break;
    const ev: DomainEventOf<0> = r.value;
    out.push([ev.dom.getName(), ev.event, ev.detail]);
  }
  return out;
}

export const eventRegistrations: Scenario = {
  name: "events: domain filters, several callbacks, the iterator, deregistration",
  instance: "private",
  node: node(TEST_DOMAIN, MARKER_DOMAIN, smallDomain("other", "1")),
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const log = await EventLog.attach(conn);
    const test = await conn.getDomainByName("test");
    const other = await conn.getDomainByName("other");
    const onlyTest: unknown[] = [];
    const second: unknown[] = [];
    const push = (to: unknown[]) => (d: Dom, ev: DomainEventOf<0>) => to.push([d.getName(), ev.event, ev.detail]);
    const idTest = await conn.domainEventRegisterAny(test, 0, push(onlyTest));
    const idSecond = await conn.domainEventRegisterAny(null, 0, push(second));
    const stream = conn.domainEvents(0, { domain: other });
    await stream.ready;
    await test.suspend();
    await other.suspend();
    await test.resume();
    await other.destroy();
    await other.create();
    r.set("all domains", await log.take());
    r.set("only test", onlyTest.splice(0));
    r.set("second callback", second.splice(0));
    r.set("iterator for other", await take(stream, 3));
    await r.call("deregister filtered", conn.domainEventDeregisterAny(idTest));
    await r.call("deregister again", conn.domainEventDeregisterAny(idTest));
    await stream.return();
    await test.suspend();
    await other.suspend();
    r.set("all after", await log.take());
    r.set("only test after", onlyTest.splice(0));
    r.set("second after", second.splice(0));
    await r.call("deregister second", conn.domainEventDeregisterAny(idSecond));
    await test.resume();
    r.set("all last", await log.take());
    r.set("second last", second.splice(0));
    return r.done();
  },
  known(t) {
    expectEntry(t, "only test", [
      ["test", 3, 0],
      ["test", 4, 0],
    ]);
    expectEntry(t, "iterator for other", [
      ["other", 3, 0],
      ["other", 5, 1],
      ["other", 2, 0],
    ]);
    expectEntry(t, "only test after", []);
  },
};
