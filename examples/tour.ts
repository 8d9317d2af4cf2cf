// A short tour of virtwire on the embedded test:///default hypervisor:
// list, info, suspend/resume, a snapshot and an event. No daemon needed.
import { connect, Domain, VirtError } from "../src/index.js";

const stateNames: Record<number, string> = {
  [Domain.STATE_NOSTATE]: "no state",
  [Domain.STATE_RUNNING]: "running",
  [Domain.STATE_BLOCKED]: "blocked",
  [Domain.STATE_PAUSED]: "paused",
  [Domain.STATE_SHUTDOWN]: "shutting down",
  [Domain.STATE_SHUTOFF]: "shut off",
  [Domain.STATE_CRASHED]: "crashed",
  [Domain.STATE_PMSUSPENDED]: "pm-suspended",
};

const lifecycleNames: Record<number, string> = {
  [Domain.EVENT_DEFINED]: "defined",
  [Domain.EVENT_UNDEFINED]: "undefined",
  [Domain.EVENT_STARTED]: "started",
  [Domain.EVENT_SUSPENDED]: "suspended",
  [Domain.EVENT_RESUMED]: "resumed",
  [Domain.EVENT_STOPPED]: "stopped",
  [Domain.EVENT_SHUTDOWN]: "shutdown",
  [Domain.EVENT_PMSUSPENDED]: "pm-suspended",
  [Domain.EVENT_CRASHED]: "crashed",
};

const conn = await connect("test:///default");
console.log(`connected to ${await conn.getUri()} (${await conn.getType()}), host ${await conn.getHostname()}`);

// Events arrive while we work; the reader never waits for this callback.
const events: string[] = [];
const cbId = await conn.domainEventRegisterAny(null, Domain.EVENT_ID_LIFECYCLE, (dom, ev) => {
  events.push(`${dom.getName()}: ${lifecycleNames[ev.event] ?? ev.event} (detail ${ev.detail})`);
});

console.log("\nId  Name   State");
for (const dom of await conn.listAllDomains()) {
  const [state] = await dom.getState();
  console.log(`${String(dom.getId()).padEnd(3)} ${dom.getName().padEnd(6)} ${stateNames[state]}`);
}

const dom = await conn.getDomainByName("test");
const info = await dom.getInfo();
console.log(`\n${dom.getName()} ${dom.getUuidString()}: ${info.nrVirtCpu} vcpus, ${info.memory} KiB of ${info.maxMem} KiB`);

await dom.suspend();
console.log(`after suspend: ${stateNames[(await dom.getState())[0]]}`);
await dom.resume();
console.log(`after resume:  ${stateNames[(await dom.getState())[0]]}`);

const snap = await dom.createSnapshot("<domainsnapshot><name>tour</name><description>from the tour</description></domainsnapshot>");
console.log(`snapshot '${snap.getName()}' created; current: ${(await dom.currentSnapshot()).getName()}`);

try {
  await conn.getDomainByName("no-such-domain");
} catch (err) {
  if (err instanceof VirtError) console.log(`lookup of a missing domain: VirtError code ${err.code} (ERR_NO_DOMAIN=${VirtError.ERR_NO_DOMAIN}): ${err.message}`);
}

// Give queued event callbacks a turn, then show what arrived.
await new Promise((r) => setImmediate(r));
console.log(`\nevents received:\n  ${events.join("\n  ")}`);
await conn.domainEventDeregisterAny(cbId);
await snap.delete();
await conn.close();
