// Typed parameters: scheduler, memory, blkio, NUMA, block I/O tuning,
// interface bandwidth and perf events; get, set, read back, live vs config,
// refused fields and flags.
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { expectEntry, openTest } from "./common.js";

export const params: Scenario = {
  name: "parameters: scheduler, memory, blkio, numa, iotune, interface, perf",
  instance: "private",
  async run(env) {
    const { r, log, dom } = await openTest(env);
    const { AFFECT_LIVE: LIVE, AFFECT_CONFIG: CONFIG } = Domain;
    await r.call("scheduler type", dom.getSchedulerType());
    await r.call("scheduler params", dom.getSchedulerParameters());
    await r.call("scheduler params CONFIG", dom.getSchedulerParameters(CONFIG));
    await r.call("set scheduler weight", dom.setSchedulerParameters({ weight: 100 }));
    await r.call("scheduler after set", dom.getSchedulerParameters());
    await r.call("set scheduler unknown", dom.setSchedulerParameters({ cap: 5 }));
    await r.call("memory params", dom.getMemoryParameters());
    await r.call("set memory hard_limit", dom.setMemoryParameters({ hard_limit: 4194304n }));
    await r.call("memory after set", dom.getMemoryParameters());
    await r.call("memory CONFIG", dom.getMemoryParameters(CONFIG));
    await r.call("set memory swap below hard", dom.setMemoryParameters({ swap_hard_limit: 1024n }));
    await r.call("blkio params", dom.getBlkioParameters());
    await r.call("set blkio weight", dom.setBlkioParameters({ weight: 500 }));
    await r.call("blkio after set", dom.getBlkioParameters());
    await r.call("set blkio device weight", dom.setBlkioParameters({ device_weight: "/dev/sda,300" }));
    await r.call("blkio after device", dom.getBlkioParameters(CONFIG));
    await r.call("numa params", dom.getNumaParameters());
    await r.call("set numa nodeset", dom.setNumaParameters({ numa_nodeset: "0" }, CONFIG));
    await r.call("numa CONFIG after set", dom.getNumaParameters(CONFIG));
    await r.call("set numa live", dom.setNumaParameters({ numa_mode: 1 }, LIVE));
    await r.call("numa live and config", dom.setNumaParameters({ numa_nodeset: "0" }, LIVE | CONFIG));
    await r.call("iotune vda", dom.getBlockIotune("vda"));
    await r.call("set iotune", dom.setBlockIotune("vda", { total_bytes_sec: 1000000n, read_iops_sec: 100n }));
    await r.call("iotune after set", dom.getBlockIotune("vda"));
    await r.call("set iotune conflicting", dom.setBlockIotune("vda", { total_bytes_sec: 5n, read_bytes_sec: 6n }));
    await r.call("iotune unknown disk", dom.getBlockIotune("vdz"));
    await r.call("interface params", dom.getInterfaceParameters("testnet0"));
    await r.call("interface params by mac", dom.getInterfaceParameters("aa:bb:cc:dd:ee:ff"));
    await r.call("set interface", dom.setInterfaceParameters("testnet0", { "inbound.average": 1000, "outbound.peak": 2000 }));
    await r.call("interface after set", dom.getInterfaceParameters("testnet0"));
    await r.call("interface unknown", dom.getInterfaceParameters("nope0"));
    await r.call("perf events", dom.getPerfEvents());
    await r.call("set perf", dom.setPerfEvents({ cmt: true, mbmt: false }));
    await r.call("perf after set", dom.getPerfEvents());
    r.set("xml after sets", await dom.getXmlDescription());
    r.set("events after sets", await log.take());
    await dom.destroy();
    await r.call("scheduler inactive", dom.getSchedulerParameters());
    await r.call("memory inactive", dom.getMemoryParameters());
    await r.call("memory inactive LIVE", dom.getMemoryParameters(LIVE));
    await r.call("iotune inactive", dom.getBlockIotune("vda"));
    await r.call("interface inactive", dom.getInterfaceParameters("testnet0"));
    await r.call("perf inactive", dom.getPerfEvents());
    await r.call("set iotune inactive", dom.setBlockIotune("vda", { total_iops_sec: 10n }));
    await r.call("iotune config after", dom.getBlockIotune("vda", CONFIG));
    r.set("xml inactive after", await dom.getXmlDescription());
    return r.done();
  },
  known(t) {
    expectEntry(t, "scheduler type", { ok: "fair" });
  },
};
