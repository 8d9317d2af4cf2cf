// Memory and vCPU counts, pinning and IOThreads: limits, live vs config,
// the errors when inactive or out of range, and what lands in the XML.
import { Domain, type Domain as Dom } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { clockish, outcome } from "../record.js";
import { expectEntry, expectErr, infoOf, openTest } from "./common.js";

async function vcpuInfo(dom: Dom, flags = 0): Promise<unknown> {
  return outcome(dom.getVcpuInfo(flags), (list) =>
    list.map((v) => ({ number: v.number, state: v.state, cpu: v.cpu, cpuTime: clockish(v.cpuTime, 100n), affinity: v.affinity.toString("hex") })),
  );
}

async function counts(dom: Dom): Promise<unknown> {
  const { VCPU_MAXIMUM: MAX, AFFECT_LIVE: LIVE, AFFECT_CONFIG: CONFIG } = Domain;
  const out: Record<string, unknown> = {};
  for (const [label, f] of [
    ["current", 0],
    ["live", LIVE],
    ["config", CONFIG],
    ["max", MAX],
    ["max config", MAX | CONFIG],
    ["max live", MAX | LIVE],
    ["guest", Domain.VCPU_GUEST],
  ] as const) {
    out[label] = await outcome(dom.getVcpus(f));
  }
  return out;
}

export const vcpuMemory: Scenario = {
  name: "vcpus, memory, pinning and iothreads",
  instance: "private",
  async run(env) {
    const { r, log, dom } = await openTest(env);
    const { AFFECT_LIVE: LIVE, AFFECT_CONFIG: CONFIG, VCPU_MAXIMUM: MAX, MEM_MAXIMUM } = Domain;
    r.set("counts", await counts(dom));
    r.set("max vcpus", await outcome(dom.getMaxVcpus()));
    r.set("vcpu info", await vcpuInfo(dom));
    r.set("vcpu info CONFIG", await vcpuInfo(dom, CONFIG));
    await r.call("set vcpus 1", dom.setVcpus(1));
    await r.call("set vcpus 0", dom.setVcpus(0));
    await r.call("set vcpus above max", dom.setVcpus(3));
    await r.call("set max config 4", dom.setVcpus(4, MAX | CONFIG));
    await r.call("set max live", dom.setVcpus(4, MAX | LIVE));
    await r.call("set config 3", dom.setVcpus(3, CONFIG));
    await r.call("set vcpus GUEST", dom.setVcpus(1, Domain.VCPU_GUEST));
    r.set("counts after", await counts(dom));
    await r.call("pin vcpu 0", dom.pinVcpu(0, Buffer.from([0x05, 0x00])));
    await r.call("pin vcpu 9", dom.pinVcpu(9, Buffer.from([0x01])));
    await r.call("pin vcpu config", dom.pinVcpu(0, Buffer.from([0x02]), CONFIG));
    r.set("vcpu info after pin", await vcpuInfo(dom));
    r.set("vcpu info CONFIG after pin", await vcpuInfo(dom, CONFIG));
    await r.call("emulator pin info", dom.getEmulatorPinInfo(), (b) => b.toString("hex"));
    await r.call("pin emulator", dom.pinEmulator(Buffer.from([0x03])));
    await r.call("emulator pin after", dom.getEmulatorPinInfo(), (b) => b.toString("hex"));
    await r.call("iothreads", dom.getIothreadInfo(), (l) => l.map((x) => [x.number, x.affinity.toString("hex")]));
    await r.call("add iothread 3", dom.addIothread(3));
    await r.call("add iothread 3 again", dom.addIothread(3));
    await r.call("add iothread 0", dom.addIothread(0));
    await r.call("pin iothread 3", dom.pinIothread(3, Buffer.from([0x04])));
    await r.call("pin iothread 8", dom.pinIothread(8, Buffer.from([0x04])));
    await r.call("set iothread poll", dom.setIothread(3, { poll_max_ns: 1000n, poll_grow: 2, poll_shrink: 3 }));
    await r.call("iothreads after", dom.getIothreadInfo(), (l) => l.map((x) => [x.number, x.affinity.toString("hex")]));
    await r.call("del iothread 3", dom.delIothread(3));
    await r.call("del iothread 7", dom.delIothread(7));
    await r.call("add iothread config", dom.addIothread(5, CONFIG));
    await r.call("iothreads config", dom.getIothreadInfo(CONFIG), (l) => l.map((x) => [x.number, x.affinity.toString("hex")]));
    // Memory.
    await r.call("set memory 1 GiB", dom.setMemory(1048576));
    await r.call("set memory above max", dom.setMemory(9000000));
    await r.call("set memory CONFIG", dom.setMemory(524288, CONFIG));
    await r.call("set max memory while running", dom.setMaxMemory(4194304));
    await r.call("set memory MAXIMUM CONFIG", dom.setMemory(4194304, MEM_MAXIMUM | CONFIG));
    await r.call("set memory MAXIMUM LIVE", dom.setMemory(4194304, MEM_MAXIMUM | LIVE));
    await r.call("stats period", dom.setMemoryStatsPeriod(5));
    await r.call("memory stats", dom.memoryStats());
    await r.call("memory peek", dom.memoryPeek(0, 16, Domain.MEMORY_VIRTUAL), (b) => b.toString("hex"));
    r.set("info after", await infoOf(dom));
    r.set("xml after", await dom.getXmlDescription());
    r.set("xml config after", await dom.getXmlDescription(Domain.XML_INACTIVE));
    r.set("events", await log.take());
    await dom.destroy();
    r.set("counts inactive", await counts(dom));
    r.set("vcpu info inactive", await vcpuInfo(dom));
    await r.call("set vcpus LIVE inactive", dom.setVcpus(1, LIVE));
    await r.call("pin vcpu inactive", dom.pinVcpu(0, Buffer.from([0x01])));
    await r.call("set memory LIVE inactive", dom.setMemory(1024, LIVE));
    await r.call("set max memory inactive", dom.setMaxMemory(2097152));
    await r.call("max memory after", dom.getMaxMemory());
    await r.call("set memory inactive", dom.setMemory(1048576));
    r.set("info inactive", await infoOf(dom));
    await r.call("memory stats inactive", dom.memoryStats());
    r.set("xml inactive", await dom.getXmlDescription());
    return r.done();
  },
  known(t) {
    expectErr(t, "set vcpus 0", 8, 20);
    expectErr(t, "set memory above max", 8, 12);
    expectErr(t, "set max memory while running", 55, 12);
    expectErr(t, "pin vcpu inactive", 55, 12);
    // Unpinned: one CPU per current vCPU of the config (3 by then).
    expectEntry(t, "iothreads config", { ok: [[5, "07"]] });
  },
};
