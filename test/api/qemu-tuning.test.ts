// Tunables, statistics, pinning and hotplug on a real QEMU guest. One
// persistent, diskless SeaBIOS guest (no kernel: the OS does not matter here)
// with a blank qcow2 disk, a tap NIC, one IOThread and 1 of 2 vCPUs online,
// started once and shared by the tests of this file.
import { test, after, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { connect, Domain, VirtError, type Connection } from "../../src/index.js";
import { copyGuestDisk, guestXml, requireGuest, uniqueGuestName } from "../helpers/live.js";
import { rejectsWith } from "./tuning-node.js";

const E = VirtError;
const name = uniqueGuestName("tune");
// Host interface names are limited to 15 characters.
const tap = `vwt${process.pid % 1_000_000}`;

interface Guest {
  c: Connection;
  dom: Domain;
  disk: string;
}
let shared: Promise<Guest> | undefined;
let created: Guest | undefined;

function xmlFor(disk: string): string {
  const base = guestXml({ name, boot: false, disk, vnc: false, vcpus: 2, memoryMiB: 64 });
  const xml = base
    .replace("<vcpu>2</vcpu>", "<vcpu placement='static' current='1'>2</vcpu>\n  <iothreads>1</iothreads>")
    .replace("<serial type='pty'>", `<interface type='ethernet'><target dev='${tap}'/><model type='virtio'/></interface>\n    <serial type='pty'>`);
  assert.ok(xml.includes("current='1'") && xml.includes(tap), "guestXml's layout changed");
  return xml;
}

async function start(uri: string): Promise<Guest> {
  const c = await connect(uri);
  const disk = copyGuestDisk(name);
  const dom = await c.defineDomain(xmlFor(disk));
  created = { c, dom, disk };
  await dom.create();
  return created;
}

/** The shared guest, booted on first use; undefined after skipping. */
async function guest(t: TestContext): Promise<Guest | undefined> {
  const live = requireGuest(t);
  if (!live) return undefined;
  shared ??= start(live.uri);
  return shared;
}

after(async () => {
  if (!created) return;
  const { c, dom, disk } = created;
  await dom.destroy().catch(() => undefined);
  await dom.undefine().catch(() => undefined);
  await c.close();
  rmSync(disk, { force: true });
});

test("scheduler, blkio, memory and NUMA tunables, live and in the config", async (t) => {
  const g = await guest(t);
  if (!g) return;
  const { dom } = g;
  assert.equal(await dom.getSchedulerType(), "posix");
  const sched = await dom.getSchedulerParameters();
  assert.equal(typeof sched["cpu_shares"], "bigint");
  // cpu_shares is a ullong and vcpu_quota an llong for QEMU: the setter learns that from the getter.
  await dom.setSchedulerParameters({ cpu_shares: 2048, vcpu_quota: 50000 });
  const now = await dom.getSchedulerParameters(Domain.AFFECT_LIVE);
  assert.deepEqual([now["cpu_shares"], now["vcpu_quota"]], [2048n, 50000n]);
  await dom.setSchedulerParameters({ cpu_shares: 512 }, Domain.AFFECT_CONFIG);
  assert.equal((await dom.getSchedulerParameters(Domain.AFFECT_CONFIG))["cpu_shares"], 512n);
  assert.equal((await dom.getSchedulerParameters())["cpu_shares"], 2048n);
  await rejectsWith(dom.setSchedulerParameters({ weight: 5 }), E.ERR_INVALID_ARG, E.FROM_NONE, /unknown parameter 'weight'/);

  await dom.setBlkioParameters({ weight: 300 });
  const blkio = await dom.getBlkioParameters();
  assert.equal(blkio["weight"], 300);
  assert.equal(blkio["device_weight"], "");

  await dom.setMemoryParameters({ soft_limit: 1048576 });
  assert.equal((await dom.getMemoryParameters())["soft_limit"], 1048576n);
  await dom.setMemoryParameters({ hard_limit: 2097152n }, Domain.AFFECT_CONFIG);
  assert.equal((await dom.getMemoryParameters(Domain.AFFECT_CONFIG))["hard_limit"], 2097152n);

  await dom.setNumaParameters({ numa_nodeset: "0" }, Domain.AFFECT_CONFIG);
  assert.equal((await dom.getNumaParameters(Domain.AFFECT_CONFIG))["numa_nodeset"], "0");
});

test("memory: balloon stats, current memory, peeking at the BIOS", async (t) => {
  const g = await guest(t);
  if (!g) return;
  const { dom } = g;
  const stats = await dom.memoryStats();
  assert.equal(stats.actual_balloon, 65536n);
  assert.ok(stats.rss !== undefined && stats.rss > 0n);
  await dom.setMemoryStatsPeriod(2);
  await dom.setMemory(60000, Domain.MEM_CONFIG);
  assert.match(await dom.getXmlDescription(Domain.XML_INACTIVE), /<currentMemory unit='KiB'>60000<\/currentMemory>/);
  await rejectsWith(dom.setMaxMemory(131072), E.ERR_OPERATION_INVALID, E.FROM_QEMU, /active domain/);

  // SeaBIOS's reset vector: a far jump (0xEA), then its build date "06/23/99" at 0xFFFF5.
  const top = await dom.memoryPeek(0xffff0, 16, Domain.MEMORY_PHYSICAL);
  assert.equal(top[0], 0xea);
  assert.equal(top.subarray(5, 13).toString("latin1"), "06/23/99");
  const mib = await dom.memoryPeek(0, 1 << 20, Domain.MEMORY_PHYSICAL);
  assert.equal(mib.length, 1 << 20);
  assert.deepEqual(mib.subarray(0xffff0, 0xffffd), top.subarray(0, 13));
});

test("vCPUs: info, pinning, hotplug; emulator and IOThread pinning", async (t) => {
  const g = await guest(t);
  if (!g) return;
  const { c, dom } = g;
  const node = await c.getNodeInfo();
  const maplen = Math.ceil((node.nodes * node.sockets * node.cores * node.threads) / 8);
  assert.equal(await dom.getVcpus(Domain.VCPU_MAXIMUM), 2);

  const info = await dom.getVcpuInfo();
  assert.equal(info[0]!.state, Domain.VCPU_RUNNING);
  assert.equal(info[0]!.affinity.length, maplen);
  await dom.pinVcpu(0, Buffer.from([0x01]));
  assert.equal((await dom.getVcpuInfo())[0]!.affinity[0], 0x01);
  await dom.pinVcpu(0, Buffer.from([0x01]), Domain.AFFECT_CONFIG);
  assert.equal((await dom.getVcpuInfo(Domain.AFFECT_CONFIG))[0]!.affinity[0], 0x01);

  // Hotplug the second vCPU (QEMU cannot unplug it again without guest help).
  if ((await dom.getVcpus(Domain.AFFECT_LIVE)) === 1) await dom.setVcpus(2, Domain.AFFECT_LIVE);
  assert.equal(await dom.getVcpus(Domain.AFFECT_LIVE), 2);
  const two = await dom.getVcpuInfo();
  assert.deepEqual(two.map((v) => [v.number, v.state]), [[0, Domain.VCPU_RUNNING], [1, Domain.VCPU_RUNNING]]);
  await rejectsWith(dom.setVcpus(3, Domain.AFFECT_LIVE), E.ERR_INVALID_ARG, E.FROM_QEMU);

  await dom.pinEmulator(Buffer.from([0x02]));
  assert.equal((await dom.getEmulatorPinInfo())[0], 0x02);

  assert.deepEqual((await dom.getIothreadInfo()).map((i) => i.number), [1]);
  await dom.pinIothread(1, Buffer.from([0x01]));
  assert.equal((await dom.getIothreadInfo()).find((i) => i.number === 1)!.affinity[0], 0x01);
  await dom.addIothread(2);
  await dom.setIothread(2, { poll_max_ns: 32768n, poll_grow: 2, poll_shrink: 4 });
  assert.deepEqual((await dom.getIothreadInfo()).map((i) => i.number).sort(), [1, 2]);
  await dom.delIothread(2);
  assert.deepEqual((await dom.getIothreadInfo()).map((i) => i.number), [1]);
});

test("block and interface statistics on the qcow2 disk and the tap NIC", async (t) => {
  const g = await guest(t);
  if (!g) return;
  const { dom, disk } = g;
  // QEMU has BlockStatsFlags: Sys::Virt's names, nothing under the raw *_operations names.
  const bs = await dom.blockStats("vda");
  for (const key of ["rd_req", "rd_bytes", "wr_req", "wr_bytes", "flush_reqs", "rd_total_times"]) {
    assert.equal(typeof bs[key], "bigint", key);
  }
  assert.equal(bs["rd_operations"], undefined);
  assert.deepEqual(Object.keys(await dom.blockStats(disk)).sort(), Object.keys(bs).sort());

  const bi = await dom.getBlockInfo("vda");
  assert.equal(bi.capacity, 16n << 20n);
  assert.ok(bi.allocation > 0n && bi.physical > 0n);
  assert.deepEqual(await dom.getDiskErrors(), []);

  await dom.setBlockIotune("vda", { total_iops_sec: 1000, read_bytes_sec: 1n << 20n });
  const io = await dom.getBlockIotune("vda");
  assert.deepEqual([io["total_iops_sec"], io["read_bytes_sec"]], [1000n, 1n << 20n]);
  // A string field: present because the getter asks with TYPED_PARAM_STRING_OKAY.
  assert.ok(typeof io["group_name"] === "string" && io["group_name"] !== "");
  await dom.setBlockThreshold("vda", 8n << 20n);

  const is = await dom.interfaceStats(tap);
  assert.equal(Object.keys(is).length, 8);
  for (const v of Object.values(is)) assert.equal(typeof v, "bigint");
  const bw = await dom.getInterfaceParameters(tap);
  assert.equal(bw["inbound.average"], 0);
  await rejectsWith(dom.interfaceStats("nope0"), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /not a known interface/);
});

test("keys, NMI, CPU stats, labels, lifecycle and other one-shot calls", async (t) => {
  const g = await guest(t);
  if (!g) return;
  const { dom } = g;
  await dom.sendKey(Domain.KEYCODE_SET_LINUX, 20, [30, 48]);
  await dom.sendKey(Domain.KEYCODE_SET_QNUM, 20, [0x1e]);
  await dom.injectNmi();

  const [total] = await dom.getCpuStats(-1, 1);
  assert.ok(typeof total!["cpu_time"] === "bigint" && total!["cpu_time"] > 0n);
  assert.equal(typeof total!["user_time"], "bigint");

  const label = await dom.getSecurityLabel();
  assert.equal(typeof label.label, "string");
  const labels = await dom.getSecurityLabelList();
  assert.ok(labels.length >= 1);
  assert.deepEqual(labels[0], label);

  assert.deepEqual(await dom.getLaunchSecurityInfo(), {});
  await rejectsWith(dom.setLaunchSecurityState({ "sev-secret": "c2Vj", "sev-secret-header": "aGRy" }), E.ERR_OPERATION_UNSUPPORTED, E.FROM_QEMU, /SEV/);
  const perf = await dom.getPerfEvents();
  assert.equal(perf["cmt"], false);

  assert.ok(Array.isArray(await dom.getMessages()));
  await dom.setLifecycleAction(Domain.LIFECYCLE_CRASH, Domain.LIFECYCLE_ACTION_PRESERVE);
  assert.match(await dom.getXmlDescription(), /<on_crash>preserve<\/on_crash>/);
  await dom.startDirtyRateCalc(1);
  await dom.setAgentResponseTimeout(5);
  await rejectsWith(dom.sendProcessSignal(1, Domain.PROCESS_SIGNAL_TERM), E.ERR_NO_SUPPORT, E.FROM_DOMAIN);
});

test("guest-agent calls without an agent channel fail with ARGUMENT_UNSUPPORTED", async (t) => {
  const g = await guest(t);
  if (!g) return;
  const { dom } = g;
  const calls: [string, () => Promise<unknown>][] = [
    ["getTime", () => dom.getTime()],
    ["setTime", () => dom.setTime(1700000000, 0)],
    ["getHostname", () => dom.getHostname()],
    ["setUserPassword", () => dom.setUserPassword("root", "x")],
    ["authorizedSshKeysGet", () => dom.authorizedSshKeysGet("root")],
    ["authorizedSshKeysSet", () => dom.authorizedSshKeysSet("root", [])],
    ["fsFreeze", () => dom.fsFreeze()],
    ["fsThaw", () => dom.fsThaw()],
    ["fsTrim", () => dom.fsTrim(null, 0)],
    ["getFsInfo", () => dom.getFsInfo()],
    ["getInterfaceAddresses", () => dom.getInterfaceAddresses(Domain.INTERFACE_ADDRESSES_SRC_AGENT)],
    ["getGuestInfo", () => dom.getGuestInfo()],
    ["getGuestVcpus", () => dom.getGuestVcpus()],
    ["setGuestVcpus", () => dom.setGuestVcpus("0", 1)],
  ];
  for (const [what, call] of calls) {
    await rejectsWith(call(), E.ERR_ARGUMENT_UNSUPPORTED, E.FROM_QEMU, /QEMU guest agent is not configured/).catch((e: unknown) => {
      throw new Error(`${what}: ${String(e)}`);
    });
  }
  // The lease source needs no agent: a tap NIC has no DHCP lease.
  assert.deepEqual(await dom.getInterfaceAddresses(Domain.INTERFACE_ADDRESSES_SRC_LEASE), []);
});
