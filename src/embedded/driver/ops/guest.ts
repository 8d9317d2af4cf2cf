// Guest-facing and statistics APIs: clock, filesystems, keys, signals,
// addresses, block/interface/memory/CPU statistics, labels and messages.
import { checkFlags, ErrCode, ErrDomain, testErr, virErr } from "../errors.js";
import { State, type DomRef } from "../domain-obj.js";
import type { Hypervisor } from "../hypervisor.js";
import { domainDisks, type NetDevice } from "../xml/domain-def.js";
import { tp, type TypedParam } from "../typed-params.js";
import { TYPED_PARAM_STRING_OKAY } from "../../../protocol/typed-param-types.js";
import { checkActive } from "./lifecycle.js";
import { diskByName, findNet } from "./params.js";

const nowUs = () => BigInt(Date.now()) * 1000n;

export function getTime(hv: Hypervisor, ref: DomRef, flags: number): { seconds: bigint; nseconds: number } {
  checkFlags(flags, 0, "testDomainGetTime");
  const obj = hv.obj(ref);
  if (obj.state !== State.RUNNING) throw testErr.opInvalid("domain is not running");
  return { seconds: obj.seconds, nseconds: obj.nseconds };
}

export function setTime(hv: Hypervisor, ref: DomRef, seconds: bigint, nseconds: number, flags: number): void {
  checkFlags(flags, 1 /* TIME_SYNC */, "testDomainSetTime");
  const obj = hv.obj(ref);
  checkActive(obj);
  obj.seconds = seconds;
  obj.nseconds = nseconds;
}

const MOUNTS = ["/", "/boot"];

function mountIndex(m: string): number {
  const i = MOUNTS.indexOf(m);
  if (i < 0) throw testErr.opInvalid(`mount point not found: ${m}`);
  return i;
}

/** Freeze (to = true) or thaw the named mounts, or all; returns how many changed. */
function setFrozen(hv: Hypervisor, ref: DomRef, mountpoints: readonly string[], flags: number, fn: string, to: boolean): number {
  checkFlags(flags, 0, fn);
  const obj = hv.obj(ref);
  checkActive(obj);
  const f: [boolean, boolean] = [...obj.frozen];
  const targets = mountpoints.length === 0 ? MOUNTS.map((_, i) => i) : mountpoints.map(mountIndex);
  let n = 0;
  for (const i of targets) {
    if (f[i] !== to) {
      f[i] = to;
      n++;
    }
  }
  obj.frozen = f;
  return n;
}

export function fsFreeze(hv: Hypervisor, ref: DomRef, mountpoints: readonly string[], flags: number): number {
  return setFrozen(hv, ref, mountpoints, flags, "testDomainFSFreeze", true);
}

export function fsThaw(hv: Hypervisor, ref: DomRef, mountpoints: readonly string[], flags: number): number {
  return setFrozen(hv, ref, mountpoints, flags, "testDomainFSThaw", false);
}

export function fsTrim(hv: Hypervisor, ref: DomRef, mountPoint: string | null, flags: number): void {
  checkFlags(flags, 0, "testDomainFSTrim");
  checkActive(hv.obj(ref));
  if (mountPoint !== null && !MOUNTS.includes(mountPoint)) throw testErr.opInvalid(`mount point not found: ${mountPoint}`);
}

export interface FsInfo {
  mountpoint: string;
  name: string;
  fstype: string;
  devAliases: string[];
}

export function fsInfo(hv: Hypervisor, ref: DomRef, flags: number): FsInfo[] {
  checkFlags(flags, 0, "testDomainGetFSInfo");
  const obj = hv.obj(ref);
  checkActive(obj);
  const disk = domainDisks(obj.def).find((d) => d.device === "disk");
  if (!disk) return [];
  return [
    { mountpoint: "/", name: `${disk.dst}1`, fstype: "ext4", devAliases: [disk.dst] },
    { mountpoint: "/boot", name: `${disk.dst}2`, fstype: "ext4", devAliases: [disk.dst] },
  ];
}

export function setUserPassword(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 1 /* PASSWORD_ENCRYPTED */, "testDomainSetUserPassword");
  checkActive(hv.obj(ref));
}

// Highest keycode of each codeset's table (linux, xt, atset1, atset2,
// atset3, osx, xt_kbd, usb, win32, qnum); a coarse stand-in for libvirt's keymaps.
const KEYCODE_MAX = [0x2ff, 0x7f, 0xe07f, 0xe07f, 0xff, 0x7f, 0xff, 0xe7, 0xfe, 0xff];
const CODESETS = ["linux", "xt", "atset1", "atset2", "atset3", "osx", "xt_kbd", "usb", "win32", "qnum"];

export function sendKey(hv: Hypervisor, ref: DomRef, codeset: number, keycodes: readonly number[], flags: number): void {
  checkFlags(flags, 0, "testDomainSendKey");
  checkActive(hv.obj(ref));
  for (const k of keycodes) {
    if (k > (KEYCODE_MAX[codeset] ?? 0xffff)) throw testErr.internal(`invalid keycode ${k} of ${CODESETS[codeset] ?? ""} codeset`);
  }
}

export function injectNmi(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 0, "testDomainInjectNMI");
  checkActive(hv.obj(ref));
}

export function sendProcessSignal(hv: Hypervisor, ref: DomRef, pid: bigint, signum: number, flags: number): void {
  checkFlags(flags, 0, "testDomainSendProcessSignal");
  if (pid !== 1n) throw testErr.invalidArg("only sending a signal to pid 1 is supported");
  if (signum >= 65) throw testErr.invalidArg(`signum value ${signum} is out of range`);
  hv.obj(ref);
}

export interface IfaceAddr {
  name: string;
  hwaddr: string;
  addrs: { type: number; addr: string; prefix: number }[];
}

function addToIpv4(ip: string, n: number): string {
  const v = ip.split(".").reduce((a, x) => a * 256 + Number(x), 0) + n;
  return [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join(".");
}

export function interfaceAddresses(hv: Hypervisor, ref: DomRef, source: number, flags: number): IfaceAddr[] {
  checkFlags(flags, 0, "testDomainInterfaceAddresses");
  if (source >= 3) throw testErr.argUnsupported(`Unknown IP address data source ${source}`);
  const obj = hv.obj(ref);
  checkActive(obj);
  const nets = obj.def.devices.filter((d): d is NetDevice => d.kind === "interface");
  return nets.map((n, i) => {
    const out: IfaceAddr = { name: n.ifname ?? "", hwaddr: n.mac, addrs: [] };
    if (n.type === "network") {
      const net = hv.networks.find((x) => x.name === n.network);
      if (!net) throw virErr(ErrCode.NO_NETWORK, ErrDomain.TEST, `no network with matching name '${n.network ?? ""}'`);
      const offset = 20 * (obj.def.id - 1) + i + 1;
      const base = net.rangeStart ?? net.address ?? "0.0.0.0";
      const v6 = net.family === "ipv6";
      out.addrs.push({ type: v6 ? 1 : 0, addr: v6 ? base : addToIpv4(base, offset), prefix: net.prefix ?? (v6 ? 64 : 24) });
    } else {
      out.addrs.push({ type: 0, addr: `192.168.0.${1 + i}`, prefix: 24 });
    }
    return out;
  });
}

export function blockStats(hv: Hypervisor, ref: DomRef, path: string) {
  if (path === "") throw testErr.opUnsupported("summary statistics are not supported yet");
  const obj = hv.obj(ref);
  checkActive(obj);
  if (!diskByName(obj.def, path)) throw testErr.invalidArg(`invalid path: ${path}`);
  const s = nowUs();
  return { rd_req: s / 10n, rd_bytes: s / 20n, wr_req: s / 30n, wr_bytes: s / 40n, errs: s / 2000000n };
}

export function interfaceStats(hv: Hypervisor, ref: DomRef, device: string) {
  const obj = hv.obj(ref);
  checkActive(obj);
  findNet(obj.def, device);
  const s = nowUs();
  return {
    rx_bytes: s / 10n,
    rx_packets: s / 100n,
    rx_errs: s / 1000000n,
    rx_drop: s / 2000000n,
    tx_bytes: s / 20n,
    tx_packets: s / 110n,
    tx_errs: s / 3000000n,
    tx_drop: s / 4000000n,
  };
}

export function blockInfo(hv: Hypervisor, ref: DomRef, path: string, flags: number) {
  checkFlags(flags, 0, "testDomainGetBlockInfo");
  const obj = hv.obj(ref);
  const disk = diskByName(obj.def, path);
  if (!disk) throw testErr.invalidArg(`invalid path ${path} not assigned to domain`);
  if (disk.src === null) throw testErr.invalidArg(`disk '${path}' does not currently have a source assigned`);
  return { capacity: 1099506450432n, allocation: 1099511627776n, physical: 1099511627776n };
}

/** With maxerrors 0 libvirt answers the number of disks; otherwise one fake error per disk. */
export function diskErrors(hv: Hypervisor, ref: DomRef, maxerrors: number, flags: number): { count: number; errors: { disk: string; error: number }[] } {
  checkFlags(flags, 0, "testDomainGetDiskErrors");
  const obj = hv.obj(ref);
  checkActive(obj);
  const disks = domainDisks(obj.def);
  if (maxerrors === 0) return { count: disks.length, errors: [] };
  const errors = disks.slice(0, maxerrors).map((d, i) => ({ disk: d.dst, error: (i % 2) + 1 }));
  return { count: errors.length, errors };
}

export function memoryStats(hv: Hypervisor, ref: DomRef, max: number, flags: number): { tag: number; val: bigint }[] {
  checkFlags(flags, 0, "testDomainMemoryStats");
  const obj = hv.obj(ref);
  checkActive(obj);
  if (!obj.def.devices.some((d) => d.kind === "memballoon" && d.model !== "none")) return [];
  const cur = BigInt(obj.def.currentMemoryKiB);
  const all: [number, bigint][] = [
    [6, cur], // actual balloon
    [0, 0n], // swap in
    [1, 0n], // swap out
    [2, 0n], // major faults
    [3, 0n], // minor faults
    [4, cur / 2n], // unused
    [5, cur], // available
    [8, cur / 2n], // usable
    [9, 627319920n], // last update
    [10, cur / 8n], // disk caches
    [11, 0n], // hugetlb alloc
    [12, 0n], // hugetlb fail
    [7, cur / 2n], // rss
  ];
  return all.slice(0, max).map(([tag, val]) => ({ tag, val }));
}

export function memoryPeek(hv: Hypervisor, ref: DomRef, start: bigint, size: number, flags: number): Buffer {
  checkFlags(flags, 1 | 2, "testDomainMemoryPeek");
  if (flags !== 1 && flags !== 2) throw testErr.invalidArg("flags parameter must be VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL");
  checkActive(hv.obj(ref));
  const b = Buffer.alloc(size);
  let v = Number(start & 0xffn);
  for (let i = 0; i < size; i++) b[i] = v++ & 0xff;
  return b;
}

const TOTAL_CPUTIME = 48772617035n;

/**
 * virDomainGetCPUStats. `params` is laid out per CPU (nparams slots each);
 * `count` is the driver's return value.
 */
export function cpuStats(hv: Hypervisor, ref: DomRef, nparams: number, startCpu: number, ncpus: number, flags: number): { params: TypedParam[]; count: number } {
  checkFlags(flags, TYPED_PARAM_STRING_OKAY, "testDomainGetCPUStats");
  const obj = hv.obj(ref);
  checkActive(obj);
  if (startCpu === -1) {
    if (nparams === 0) return { params: [], count: 3 };
    const all = [tp.ullong("cpu_time", TOTAL_CPUTIME), tp.ullong("user_time", 5540000000n), tp.ullong("system_time", 6460000000n)];
    const n = Math.min(nparams, 3);
    return { params: all.slice(0, n), count: n };
  }
  const total = hv.nodeInfo.cores;
  if (nparams === 0 && ncpus !== 0) return { params: [], count: 2 };
  if (ncpus === 0) return { params: [], count: total };
  if (startCpu >= total) throw testErr.invalidArg(`start_cpu ${startCpu} larger than maximum of ${total - 1}`);
  const per = TOTAL_CPUTIME / BigInt(total);
  const need = Math.min(total, startCpu + ncpus);
  const params: TypedParam[] = [];
  for (let i = startCpu; i < need; i++) {
    params.push(tp.ullong("cpu_time", per + BigInt(i)));
    if (nparams > 1) params.push(tp.ullong("vcpu_time", per + BigInt(i) - 1234567890n));
  }
  return { params, count: nparams > 1 ? 2 : 1 };
}

export function securityLabel(hv: Hypervisor, ref: DomRef): { label: string; enforcing: number } {
  const obj = hv.obj(ref);
  return obj.active ? { label: "libvirt-test", enforcing: 1 } : { label: "", enforcing: 0 };
}

export function launchSecurityInfo(hv: Hypervisor, ref: DomRef, flags: number): TypedParam[] {
  checkFlags(flags, 0, "testDomainGetLaunchSecurityInfo");
  void hv;
  void ref;
  return [];
}

export function messages(hv: Hypervisor, ref: DomRef, flags: number): string[] {
  checkFlags(flags, 1 | 2 /* TAINTING | DEPRECATION */, "testDomainGetMessages");
  const obj = hv.obj(ref);
  const out: string[] = [];
  if (!flags || flags & 1) for (const t of obj.taints) out.push(`tainted: ${t}`);
  if (!flags || flags & 2) for (const m of obj.messages) out.push(`deprecated configuration: ${m}`);
  return out;
}
