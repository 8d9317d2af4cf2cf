// Memory sizes, vCPU counts and CPU pinning (vcpus, emulator, IOThreads).
import { apiArgErr, checkFlags, ErrCode, ErrDomain, requireFlag, testErr, virErr } from "../errors.js";
import { AFFECT_CONFIG, AFFECT_LIVE, type DomRef } from "../domain-obj.js";
import type { Hypervisor } from "../hypervisor.js";
import type { DomainDef } from "../xml/domain-def.js";
import { formatSet, parseSet, range, setFromBytes, setToBytes } from "../bitmap.js";
import { validateParams, type TypedParam } from "../typed-params.js";
import { ParamType } from "../../../protocol/typed-param-types.js";

const LC = AFFECT_LIVE | AFFECT_CONFIG;
const MEM_MAXIMUM = 4;
const VCPU_MAXIMUM = 4;
export const MAX_VCPUS = 32;

function hostCpus(hv: Hypervisor): number {
  const n = hv.nodeInfo;
  return n.nodes * n.sockets * n.cores * n.threads;
}

export function getMaxMemory(hv: Hypervisor, ref: DomRef): bigint {
  return BigInt(hv.obj(ref).def.memoryKiB);
}

export function setMemoryFlags(hv: Hypervisor, ref: DomRef, memory: bigint, flags: number): void {
  checkFlags(flags, LC | MEM_MAXIMUM, "testDomainSetMemoryFlags");
  const obj = hv.obj(ref);
  const { def, live } = obj.getOneDef(flags & LC);
  const mem = Number(memory);
  if (flags & MEM_MAXIMUM) {
    if (live) throw testErr.opInvalid("cannot resize the maximum memory on an active domain");
    def.memoryKiB = mem;
    if (def.currentMemoryKiB > mem) def.currentMemoryKiB = mem;
  } else {
    if (mem > def.memoryKiB) throw testErr.invalidArg("cannot set memory higher than max memory");
    def.currentMemoryKiB = mem;
  }
}

export function setMemoryStatsPeriod(hv: Hypervisor, ref: DomRef, period: number, flags: number): void {
  if (period < 0) throw apiArgErr("virDomainSetMemoryStatsPeriod", "period", "must be zero or greater");
  checkFlags(flags, LC, "testDomainSetMemoryStatsPeriod");
  const { def } = hv.obj(ref).getOneDef(flags);
  const balloon = def.devices.find((d) => d.kind === "memballoon" && d.model !== "none");
  if (!balloon || balloon.kind !== "memballoon") {
    throw testErr.internal("No memory balloon device configured, can not set the collection period");
  }
  balloon.period = period;
}

export function getVcpusFlags(hv: Hypervisor, ref: DomRef, flags: number): number {
  checkFlags(flags, LC | VCPU_MAXIMUM, "testDomainGetVcpusFlags");
  const { def } = hv.obj(ref).getOneDef(flags & LC);
  return flags & VCPU_MAXIMUM ? def.vcpuMax : def.vcpuCurrent;
}

export function getMaxVcpus(hv: Hypervisor, ref: DomRef): number {
  return getVcpusFlags(hv, ref, AFFECT_LIVE | VCPU_MAXIMUM);
}

export function setVcpusFlags(hv: Hypervisor, ref: DomRef, nr: number, flags: number, api = "virDomainSetVcpusFlags"): void {
  // virDomainSetVcpusFlags' own checks, in its order.
  if (flags & VCPU_MAXIMUM && !(flags & AFFECT_CONFIG)) {
    throw requireFlag("VIR_DOMAIN_AFFECT_CONFIG", "VIR_DOMAIN_VCPU_MAXIMUM", ErrDomain.DOMAIN, api);
  }
  if (nr === 0) throw apiArgErr(api, "nvcpus", "must not be zero");
  checkFlags(flags, LC | VCPU_MAXIMUM, "testDomainSetVcpusFlags");
  if (nr > MAX_VCPUS) throw testErr.invalidArg(`requested cpu amount exceeds maximum supported amount (${nr} > ${MAX_VCPUS})`);
  const obj = hv.obj(ref);
  const { live, config } = obj.getDefs(flags & LC);
  if (live && live.vcpuMax < nr) throw testErr.invalidArg(`requested cpu amount exceeds maximum (${nr} > ${live.vcpuMax})`);
  if (config && !(flags & VCPU_MAXIMUM) && config.vcpuMax < nr) {
    throw testErr.invalidArg(`requested cpu amount exceeds maximum (${nr} > ${config.vcpuMax})`);
  }
  if (live) live.vcpuCurrent = nr;
  if (config) {
    if (flags & VCPU_MAXIMUM) {
      config.vcpuMax = nr;
      if (config.vcpuCurrent > nr) config.vcpuCurrent = nr;
      for (const v of [...config.vcpuPins.keys()]) if (v >= nr) config.vcpuPins.delete(v);
    } else config.vcpuCurrent = nr;
  }
}

/** CPUs a thread runs on: its own pin, else the domain cpuset, else all host CPUs. */
function cpusOf(hv: Hypervisor, def: DomainDef, pin: string | null | undefined): Set<number> {
  const set = pin ?? def.cpumask;
  return set !== null ? parseSet(set) ?? new Set() : range(hostCpus(hv));
}

export interface VcpuInfo {
  number: number;
  state: number;
  cpuTime: bigint;
  cpu: number;
}

export function getVcpus(hv: Hypervisor, ref: DomRef, maxinfo: number, maplen: number): { info: VcpuInfo[]; cpumaps: Buffer } {
  const obj = hv.obj(ref);
  if (!obj.active) throw testErr.opInvalid("cannot list vcpus for an inactive domain");
  const def = obj.def;
  const n = Math.min(maxinfo, def.vcpuCurrent);
  const info: VcpuInfo[] = [];
  const cpumaps = Buffer.alloc(Math.max(0, maxinfo * maplen));
  const now = BigInt(Date.now()) * 1000n;
  for (let i = 0; i < n; i++) {
    const set = cpusOf(hv, def, def.vcpuPins.get(i));
    if (maplen > 0) setToBytes(set, maplen).copy(cpumaps, i * maplen);
    info.push({ number: i, state: 1, cpuTime: now / 10n, cpu: set.size ? Math.max(...set) : -1 });
  }
  return { info, cpumaps };
}

export function pinVcpu(hv: Hypervisor, ref: DomRef, vcpu: number, cpumap: Uint8Array, flags: number): void {
  checkFlags(flags, 0, "testDomainPinVcpuFlags");
  const obj = hv.obj(ref);
  if (!obj.active) throw testErr.opInvalid("cannot pin vcpus on an inactive domain");
  if (vcpu >= obj.def.vcpuCurrent) throw testErr.invalidArg(`requested vcpu '${vcpu}' is not present in the domain`);
  obj.def.vcpuPins.set(vcpu, formatSet(setFromBytes(cpumap)));
}

export function getVcpuPinInfo(hv: Hypervisor, ref: DomRef, ncpumaps: number, maplen: number, flags: number): { cpumaps: Buffer; num: number } {
  const { def } = hv.obj(ref).getOneDef(flags);
  const cpumaps = Buffer.alloc(Math.max(0, ncpumaps * maplen));
  let i = 0;
  for (; i < def.vcpuMax && i < ncpumaps; i++) setToBytes(cpusOf(hv, def, def.vcpuPins.get(i)), maplen).copy(cpumaps, i * maplen);
  return { cpumaps, num: i };
}

export function pinEmulator(hv: Hypervisor, ref: DomRef, cpumap: Uint8Array, flags: number): void {
  checkFlags(flags, LC, "testDomainPinEmulator");
  const { def } = hv.obj(ref).getOneDef(flags);
  const set = setFromBytes(cpumap);
  if (set.size === 0) throw testErr.invalidArg("Empty cpu list for pinning");
  def.emulatorPin = formatSet(set);
}

export function getEmulatorPinInfo(hv: Hypervisor, ref: DomRef, maplen: number, flags: number): Buffer {
  checkFlags(flags, LC, "testDomainGetEmulatorPinInfo");
  const { def } = hv.obj(ref).getOneDef(flags);
  return setToBytes(cpusOf(hv, def, def.emulatorPin), maplen);
}

// --- IOThreads -----------------------------------------------------------

export function getIoThreadInfo(hv: Hypervisor, ref: DomRef, flags: number): { id: number; cpumap: Buffer }[] {
  checkFlags(flags, LC, "testDomainGetIOThreadInfo");
  const { def } = hv.obj(ref).getOneDef(flags);
  return def.iothreadIds.map((t) => {
    // Neither pinned nor under a domain cpuset: libvirt 9.0's test driver
    // answers one CPU per current vCPU of the definition asked about.
    const pin = t.cpuset ?? def.cpumask;
    const set = pin !== null ? parseSet(pin) ?? new Set<number>() : range(def.vcpuCurrent);
    // virBitmapToData: just enough bytes for the highest set bit.
    return { id: t.id, cpumap: setToBytes(set, set.size ? (Math.max(...set) >> 3) + 1 : 1) };
  });
}

// The test driver edits one definition per call (virDomainObjGetOneDef), so
// LIVE together with CONFIG is refused.

export function addIoThread(hv: Hypervisor, ref: DomRef, id: number, flags: number): void {
  checkFlags(flags, LC, "testDomainAddIOThread");
  if (id === 0) throw testErr.invalidArg("invalid value of 0 for iothread_id");
  const { def } = hv.obj(ref).getOneDef(flags);
  if (def.iothreadIds.some((t) => t.id === id)) {
    throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `an IOThread is already using iothread_id '${id}'`);
  }
  def.iothreadIds.push({ id, cpuset: null, autofill: false });
}

/** The public API has already refused iothread_id 0. */
export function delIoThread(hv: Hypervisor, ref: DomRef, id: number, flags: number): void {
  checkFlags(flags, LC, "testDomainDelIOThread");
  const { def } = hv.obj(ref).getOneDef(flags);
  const i = def.iothreadIds.findIndex((t) => t.id === id);
  if (i < 0) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `cannot find IOThread '${id}' in iothreadids list`);
  def.iothreadIds.splice(i, 1);
}

export function pinIoThread(hv: Hypervisor, ref: DomRef, id: number, cpumap: Uint8Array, flags: number): void {
  checkFlags(flags, LC, "testDomainPinIOThread");
  const set = setFromBytes(cpumap);
  const { def } = hv.obj(ref).getOneDef(flags);
  const t = def.iothreadIds.find((x) => x.id === id);
  if (!t) throw testErr.invalidArg(`iothreadid ${id} not found`);
  if (set.size === 0) throw testErr.invalidArg("Empty iothread cpumap list for pinning");
  t.cpuset = formatSet(set);
}

/** libvirt 9.0's test driver: live (or current) only, and the polling parameters only (no thread pool sizes). */
export function setIoThreadParams(hv: Hypervisor, ref: DomRef, id: number, params: readonly TypedParam[], flags: number): void {
  checkFlags(flags, AFFECT_LIVE, "testDomainSetIOThreadParams");
  const { def } = hv.obj(ref).getOneDef(flags);
  if (!def.iothreadIds.some((t) => t.id === id)) throw testErr.invalidArg(`cannot find IOThread '${id}' in iothreadids`);
  validateParams(params, { poll_max_ns: ParamType.ULLONG, poll_grow: ParamType.UINT, poll_shrink: ParamType.UINT });
}
