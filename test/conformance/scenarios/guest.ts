// Guest-facing calls of the test driver: time, hostname, filesystems,
// interface addresses, freeze/thaw, passwords, security labels, control
// info, block info, statistics, keys and signals, lifecycle actions, core
// dumps and the screenshot, running and inactive.
import { join } from "node:path";
import { existsSync, statSync } from "node:fs";
import { Domain, type Domain as Dom } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { outcome } from "../record.js";
import { expectEntry, expectErr, openTest } from "./common.js";

/**
 * N7: block and interface counters are derived from the wall clock. Each
 * counter is recorded as its ratio to the first one (rounded), which is
 * fixed by the driver's formula, instead of its value.
 */
function ratios(stats: Record<string, unknown>): Record<string, number> {
  const entries = Object.entries(stats).filter((e): e is [string, bigint] => typeof e[1] === "bigint");
  const first = entries[0] ? Number(entries[0][1]) : 0;
  return Object.fromEntries(entries.map(([k, v]) => [k, v === 0n ? 0 : Math.round(first / Number(v))]));
}

/** N8: control info's stateTime counts milliseconds since the last state change. Recorded as its sign. */
async function control(dom: Dom): Promise<unknown> {
  return outcome(dom.getControlInfo(), (c) => ({ state: c.state, details: c.details, stateTime: c.stateTime >= 0n }));
}

export const guest: Scenario = {
  name: "guest calls, statistics, dumps and the screenshot",
  instance: "private",
  async run(env) {
    const { r, log, dom } = await openTest(env);
    await r.call("time", dom.getTime());
    await r.call("set time", dom.setTime(1_000_000_000n, 5));
    await r.call("time after set", dom.getTime());
    await r.call("set time SYNC", dom.setTime(0, 0, Domain.TIME_SYNC));
    await r.call("time after sync", dom.getTime());
    await r.call("set time bad nsec", dom.setTime(1, 1_000_000_000));
    await r.call("hostname", dom.getHostname());
    await r.call("hostname AGENT", dom.getHostname(Domain.GET_HOSTNAME_AGENT));
    await r.call("hostname LEASE", dom.getHostname(Domain.GET_HOSTNAME_LEASE));
    await r.call("fs info", dom.getFsInfo());
    await r.call("addresses lease", dom.getInterfaceAddresses(Domain.INTERFACE_ADDRESSES_SRC_LEASE));
    await r.call("addresses agent", dom.getInterfaceAddresses(Domain.INTERFACE_ADDRESSES_SRC_AGENT));
    await r.call("addresses arp", dom.getInterfaceAddresses(Domain.INTERFACE_ADDRESSES_SRC_ARP));
    await r.call("freeze all", dom.fsFreeze());
    await r.call("freeze all again", dom.fsFreeze());
    await r.call("thaw /boot", dom.fsThaw(["/boot"]));
    await r.call("thaw all", dom.fsThaw());
    await r.call("freeze unknown", dom.fsFreeze(["/nope"]));
    await r.call("trim", dom.fsTrim(null, 0));
    await r.call("trim mountpoint", dom.fsTrim("/", 0));
    await r.call("set password", dom.setUserPassword("root", "secret"));
    await r.call("security label", dom.getSecurityLabel());
    await r.call("security label list", dom.getSecurityLabelList());
    await r.call("launch security", dom.getLaunchSecurityInfo());
    await r.call("messages", dom.getMessages());
    r.set("control", await control(dom));
    await r.call("block info vda", dom.getBlockInfo("vda"));
    await r.call("block info path", dom.getBlockInfo("/guest/diskimage1"));
    await r.call("block info unknown", dom.getBlockInfo("vdz"));
    await r.call("disk errors", dom.getDiskErrors());
    await r.call("block stats", dom.blockStats("vda"), (s) => ratios(s as Record<string, unknown>));
    await r.call("block stats unknown", dom.blockStats("vdz"));
    await r.call("interface stats", dom.interfaceStats("testnet0"), (s) => ratios(s as unknown as Record<string, unknown>));
    await r.call("interface stats by mac", dom.interfaceStats("aa:bb:cc:dd:ee:ff"), (s) => Object.keys(s));
    await r.call("interface stats unknown", dom.interfaceStats("eth9"));
    await r.call("cpu stats total", dom.getCpuStats(-1, 1), (l) => l.map((p) => Object.keys(p).sort()));
    await r.call("cpu stats per cpu", dom.getCpuStats(0, 2), (l) => l.map((p) => Object.keys(p).sort()));
    await r.call("send key", dom.sendKey(Domain.KEYCODE_SET_LINUX, 100, [29, 56, 111]));
    await r.call("send key too many", dom.sendKey(Domain.KEYCODE_SET_LINUX, 100, Array.from({ length: 17 }, () => 1)));
    await r.call("nmi", dom.injectNmi());
    await r.call("signal", dom.sendProcessSignal(1, 15));
    await r.call("signal bad", dom.sendProcessSignal(1, 1000));
    await r.call("reboot action destroy", dom.setLifecycleAction(Domain.LIFECYCLE_REBOOT, Domain.LIFECYCLE_ACTION_DESTROY));
    await r.call("reboot with destroy action", dom.reboot());
    r.set("after reboot destroy", await outcome(dom.getState()));
    r.set("events reboot", await log.take());
    await r.call("lifecycle bad", dom.setLifecycleAction(7, 0));
    await r.call("create after reboot", dom.create());
    const dump = join(env.scratch, "core");
    await r.call("core dump", dom.coreDump(dump));
    r.set("dump written", existsSync(dump) ? statSync(dump).size > 0 : false);
    await r.call("core dump MEMORY_ONLY", dom.coreDump(dump, Domain.DUMP_MEMORY_ONLY));
    await r.call("core dump CRASH", dom.coreDump(join(env.scratch, "core2"), Domain.DUMP_CRASH));
    r.set("state after CRASH dump", await outcome(dom.getState()));
    await r.call("core dump format", dom.coreDumpFormat(join(env.scratch, "core3"), Domain.CORE_DUMP_FORMAT_RAW));
    await r.call("core dump format kdump", dom.coreDumpFormat(join(env.scratch, "core4"), Domain.CORE_DUMP_FORMAT_KDUMP_ZLIB));
    // D2 (docs/embedded.md): libvirt streams an image file it installs; the
    // embedded driver draws its own PNG of the same size. Compared: type and size in pixels.
    await r.call("screenshot", (async () => {
      const shot = await dom.screenshot(0);
      const parts: Buffer[] = [];
      for await (const chunk of shot.stream) parts.push(chunk as Buffer);
      const png = Buffer.concat(parts);
      const isPng = png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      return { mime: shot.mimeType, isPng, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
    })());
    r.set("events dumps", await log.take());
    await r.call("destroy after dumps", dom.destroy());
    await log.take();
    for (const [label, p] of [
      ["time inactive", () => dom.getTime()],
      ["hostname inactive", () => dom.getHostname()],
      ["fs info inactive", () => dom.getFsInfo()],
      ["addresses inactive", () => dom.getInterfaceAddresses(0)],
      ["freeze inactive", () => dom.fsFreeze()],
      ["password inactive", () => dom.setUserPassword("root", "x")],
      ["block stats inactive", () => dom.blockStats("vda")],
      ["interface stats inactive", () => dom.interfaceStats("testnet0")],
      ["block info inactive", () => dom.getBlockInfo("vda")],
      ["core dump inactive", () => dom.coreDump(join(env.scratch, "c5"))],
      ["nmi inactive", () => dom.injectNmi()],
      ["send key inactive", () => dom.sendKey(0, 0, [1])],
      ["security label inactive", () => dom.getSecurityLabel()],
      ["cpu stats inactive", () => dom.getCpuStats(-1, 1)],
      ["disk errors inactive", () => dom.getDiskErrors()],
    ] as const) {
      await r.call(label, (p as () => Promise<unknown>)());
    }
    r.set("control inactive", await control(dom));
    return r.done();
  },
  known(t) {
    expectEntry(t, "time", { ok: [627319920n, 0] });
    expectEntry(t, "hostname", { ok: "testhost" });
    expectErr(t, "core dump MEMORY_ONLY", 8, 12);
    expectErr(t, "time inactive", 55, 12);
  },
};
