// What the test driver does not implement: each call must fail with the
// same code, domain and message on both drivers (VIR_ERR_NO_SUPPORT mostly).
import type { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder } from "../record.js";
import { expectErr } from "./common.js";

const DISK = "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='vdb' bus='virtio'/></disk>";

const CALLS: [string, (d: Domain) => Promise<unknown>][] = [
  ["attachDevice", (d) => d.attachDevice(DISK)],
  ["detachDevice", (d) => d.detachDevice(DISK)],
  ["updateDevice", (d) => d.updateDevice(DISK)],
  ["detachDeviceAlias", (d) => d.detachDeviceAlias("ua-disk")],
  ["getJobInfo", (d) => d.getJobInfo()],
  ["getJobStats", (d) => d.getJobStats()],
  ["abortJob", (d) => d.abortJob()],
  ["getBlockJobInfo", (d) => d.getBlockJobInfo("vda")],
  ["abortBlockJob", (d) => d.abortBlockJob("vda")],
  ["blockPull", (d) => d.blockPull("vda", 0)],
  ["blockRebase", (d) => d.blockRebase("vda", null, 0)],
  ["blockCommit", (d) => d.blockCommit("vda", null, null, 0)],
  ["blockResize", (d) => d.blockResize("vda", 1n << 30n)],
  ["blockPeek", (d) => d.blockPeek("vda", 0, 16)],
  ["setBlockThreshold", (d) => d.setBlockThreshold("vda", 1000)],
  ["migrateSetMaxSpeed", (d) => d.migrateSetMaxSpeed(100)],
  ["migrateGetMaxSpeed", (d) => d.migrateGetMaxSpeed()],
  ["migrateSetMaxDowntime", (d) => d.migrateSetMaxDowntime(100)],
  ["migrateStartPostCopy", (d) => d.migrateStartPostCopy()],
  ["managedSaveDefineXml", (d) => d.managedSaveDefineXml("<domain/>")],
  ["pmSuspendForDuration", (d) => d.pmSuspendForDuration(0, 0)],
  ["pmWakeup", (d) => d.pmWakeup()],
  ["getGuestInfo", (d) => d.getGuestInfo()],
  ["getGuestVcpus", (d) => d.getGuestVcpus()],
  ["setGuestVcpus", (d) => d.setGuestVcpus("0", 1)],
  ["setVcpu", (d) => d.setVcpu("1", 0)],
  ["setAgentResponseTimeout", (d) => d.setAgentResponseTimeout(5)],
  ["authorizedSshKeysGet", (d) => d.authorizedSshKeysGet("root")],
  ["backupBegin", (d) => d.backupBegin("<domainbackup/>")],
  ["backupGetXmlDescription", (d) => d.backupGetXmlDescription()],
  ["setLaunchSecurityState empty", (d) => d.setLaunchSecurityState({})],
  ["setLaunchSecurityState", (d) => d.setLaunchSecurityState({ "sev-secret": "aGk=" })],
  ["startDirtyRateCalc", (d) => d.startDirtyRateCalc(1)],
];

export const unsupported: Scenario = {
  name: "unsupported calls fail alike",
  instance: "private",
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const dom = await conn.getDomainByName("test");
    for (const [label, f] of CALLS) await r.call(label, f(dom));
    await r.call("domain capabilities", conn.call("connect_get_domain_capabilities", { emulatorbin: null, arch: null, machine: null, virttype: null, flags: 0 }));
    await r.call("node memory stats", conn.call("node_get_memory_stats", { nparams: 0, cellNum: -1, flags: 0 }));
    await r.call("xml from native", conn.call("connect_domain_xml_from_native", { nativeFormat: "qemu-argv", nativeConfig: "x", flags: 0 }));
    await r.call("compare cpu", conn.call("connect_compare_cpu", { xml: "<cpu/>", flags: 0 }));
    r.set("still running", await dom.getState());
    return r.done();
  },
  known(t) {
    expectErr(t, "attachDevice", 3, 20);
    expectErr(t, "getJobInfo", 3, 20);
    expectErr(t, "blockResize", 3, 20);
  },
};
