// Representative bad arguments and the exact error each gets, before
// anything reaches the server: wrong types, out-of-range numbers, oversize
// strings and arrays, bad call options.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtError, ProtocolError } from "../../src/index.js";
import { faulty, type Faulty } from "../faults/harness.js";

const BIG = "x".repeat(4194305); // REMOTE_STRING_MAX + 1

async function refused(f: Faulty, sent: () => number, call: () => Promise<unknown>, check: (e: unknown) => boolean): Promise<void> {
  const before = sent();
  await assert.rejects(call(), (e: unknown) => {
    assert.ok(check(e), `unexpected ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return true;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(sent(), before, "something was sent");
  void f;
}

const xdr = (code: string, path: RegExp) => (e: unknown) => e instanceof ProtocolError && e.code === code && path.test(e.message);
const invalid = (msg: RegExp) => (e: unknown) => e instanceof VirtError && e.code === VirtError.ERR_INVALID_ARG && msg.test(e.message);

async function setup(): Promise<{ f: Faulty; sent: () => number }> {
  const f = await faulty();
  let n = 0;
  f.hooks.onReceive = () => void n++;
  return { f, sent: () => n };
}

test("wrong types", async () => {
  const { f, sent } = await setup();
  await refused(f, sent, () => f.conn.defineDomain(42 as unknown as string), xdr("XDR_TYPE", /remote_domain_define_xml_args\.xml: expected string, got 42/));
  await refused(f, sent, () => f.conn.getDomainByName(Symbol("s") as unknown as string), xdr("XDR_TYPE", /got symbol/));
  await refused(f, sent, () => f.dom.setMemory("1024" as unknown as number), invalid(/memory must be an integer/));
  await refused(f, sent, () => f.dom.setAutostart("yes" as unknown as boolean), invalid(/autostart must be a boolean, got "yes"/));
  await refused(f, sent, () => f.conn.getDomainByUuid(null as unknown as string), invalid(/UUID must be a string or 16 bytes, got null/));
  await refused(f, sent, () => f.dom.pinVcpu(0, "not-a-mask" as unknown as Buffer), invalid(/mask must be a Buffer/));
  await refused(f, sent, () => f.dom.openConsole(7 as unknown as string), invalid(/devname must be a string or null, got 7/));
  await refused(f, sent, () => f.conn.domainEventRegisterAny(null, 0, "nope" as unknown as () => void), invalid(/callback must be a function/));
  await refused(f, sent, () => f.conn.domainEventDeregisterAny(Symbol("x") as unknown as number), invalid(/callback ID must be an integer/));
  f.rpc.destroy();
});

test("typed parameters: the setter learns the types from the server, then refuses before setting", async () => {
  const f = await faulty();
  const procs: number[] = [];
  f.hooks.onReceive = (h) => void procs.push(h.proc);
  await assert.rejects(f.dom.setSchedulerParameters({ weight: "heavy" }), invalid(/parameter 'weight' must be an integer/));
  await assert.rejects(f.dom.setSchedulerParameters({ bogus: 1 }), invalid(/unknown parameter 'bogus' \(known: weight\)/));
  // Only reads went out: domain_get_scheduler_type (56) and domain_get_scheduler_parameters (57), twice.
  assert.deepEqual(procs, [56, 57, 56, 57]);
  f.rpc.destroy();
});

test("out-of-range numbers", async () => {
  const { f, sent } = await setup();
  await refused(f, sent, () => f.dom.reboot(-1), xdr("XDR_RANGE", /remote_domain_reboot_args\.flags: -1 is not a valid uint/));
  await refused(f, sent, () => f.dom.reboot(1.5), xdr("XDR_RANGE", /1\.5 is not a valid uint/));
  await refused(f, sent, () => f.conn.getDomainById(-(2 ** 40)), xdr("XDR_RANGE", /is not a valid int/));
  await refused(f, sent, () => f.dom.setVcpus(2 ** 32), invalid(/count must be an integer in 0\.\.4294967295/));
  await refused(f, sent, () => f.conn.listDomainIds(16385), invalid(/maxids must be an integer in 0\.\.16384/));
  await refused(f, sent, () => f.conn.getNodeCellsFreeMemory(0, 1e6), invalid(/cells must satisfy/));
  await refused(f, sent, () => f.dom.setTime(1.5, 0), invalid(/seconds must be an integer/));
  await refused(f, sent, () => f.conn.domainEventRegisterAny(null, 99 as 0, () => {}), invalid(/unknown domain event id 99/));
  f.rpc.destroy();
});

test("oversize strings and arrays", async () => {
  const { f, sent } = await setup();
  await refused(f, sent, () => f.conn.defineDomain(BIG), xdr("XDR_LIMIT", /xml: string of 4194305 bytes exceeds the maximum of 4194304/));
  await refused(f, sent, () => f.dom.setMetadata(0, BIG), xdr("XDR_LIMIT", /metadata: string of 4194305 bytes/));
  await refused(f, sent, () => f.dom.setUserPassword("root", BIG), xdr("XDR_LIMIT", /password: string of 4194305 bytes/));
  await refused(f, sent, () => f.dom.sendKey(0, 10, new Array<number>(17).fill(1)), invalid(/keycodes has 17 entries, the protocol allows 16/));
  await refused(f, sent, () => f.dom.fsFreeze(new Array<string>(300).fill("/m")), invalid(/mountPoints has 300 entries, the protocol allows 256/));
  await refused(f, sent, () => f.dom.authorizedSshKeysSet("root", new Array<string>(3000).fill("k")), invalid(/keys has 3000 entries/));
  await refused(
    f,
    sent,
    () => f.conn.getAllDomainStats(0, new Array(16385).fill(f.dom)),
    xdr("XDR_LIMIT", /remote_connect_get_all_domain_stats_args\.doms: 16385 elements exceed the maximum of 16384/),
  );
  f.rpc.destroy();
});

test("bad call options are refused before the call takes a serial", async () => {
  const { f, sent } = await setup();
  const bad: unknown[] = ["soon", { timeout: "soon" }, { timeout: -5 }, { timeout: 2 ** 40 }, { signal: "x" }, { signal: {} }];
  for (const o of bad) {
    await refused(f, sent, () => f.conn.getType(o as { timeout: number }), invalid(/call option|call options/));
  }
  await refused(f, sent, () => f.dom.screenshot(0, 0, { maxBufferedBytes: -1 }), invalid(/maxBufferedBytes must be an integer/));
  // Nothing was left half-registered: the connection is healthy and closes cleanly.
  assert.equal(f.rpc.inFlight, 0);
  assert.equal(await f.conn.getType({ timeout: 5000 }), "TEST");
  f.rpc.destroy();
});
