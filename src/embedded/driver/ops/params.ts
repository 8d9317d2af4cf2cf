// Typed-parameter tunables: scheduler, memory, NUMA, blkio, block I/O tune,
// interface bandwidth, perf events, and lifecycle actions.
import { checkFlags, ErrCode, ErrDomain, testErr, virErr } from "../errors.js";
import { AFFECT_CONFIG, AFFECT_LIVE, type DomRef } from "../domain-obj.js";
import type { Hypervisor } from "../hypervisor.js";
import { IOTUNE_FIELDS, PERF_EVENTS, domainDisks, type DiskDevice, type DomainDef, type NetDevice } from "../xml/domain-def.js";
import { formatSet, parseSet } from "../bitmap.js";
import { tp, validateParams, type TypedParam } from "../typed-params.js";
import { ParamType, TYPED_PARAM_STRING_OKAY, type ParamTypeCode } from "../../../protocol/typed-param-types.js";

const LC = AFFECT_LIVE | AFFECT_CONFIG;
const LCS = LC | TYPED_PARAM_STRING_OKAY;
/** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED */
export const UNLIMITED = 9007199254740991n;

/** A getter asked with nparams=0 answers how many parameters it has. */
export type ParamsOrCount = { count: number } | { params: TypedParam[] };

export function schedulerType(): { type: string; nparams: number } {
  return { type: "fair", nparams: 1 };
}

export function getSchedulerParams(hv: Hypervisor, ref: DomRef, flags: number): TypedParam[] {
  checkFlags(flags, 0, "testDomainGetSchedulerParametersFlags");
  hv.obj(ref);
  return [tp.uint("weight", 50)];
}

export function setSchedulerParams(hv: Hypervisor, ref: DomRef, params: readonly TypedParam[], flags: number): void {
  checkFlags(flags, 0, "testDomainSetSchedulerParametersFlags");
  validateParams(params, { weight: ParamType.UINT });
  hv.obj(ref);
}

export function getMemoryParams(hv: Hypervisor, ref: DomRef, nparams: number, flags: number): ParamsOrCount {
  checkFlags(flags, LCS, "testDomainGetMemoryParameters");
  if (nparams === 0) return { count: 3 };
  const { def } = hv.obj(ref).getOneDef(flags & LC);
  const all = [
    tp.ullong("hard_limit", def.hardLimit ?? UNLIMITED),
    tp.ullong("soft_limit", def.softLimit ?? UNLIMITED),
    tp.ullong("swap_hard_limit", def.swapHardLimit ?? UNLIMITED),
  ];
  return { params: all.slice(0, nparams) };
}

export function setMemoryParams(hv: Hypervisor, ref: DomRef, params: readonly TypedParam[], flags: number): void {
  checkFlags(flags, LC, "testDomainSetMemoryParameters");
  validateParams(params, { hard_limit: ParamType.ULLONG, soft_limit: ParamType.ULLONG, swap_hard_limit: ParamType.ULLONG });
  const obj = hv.obj(ref);
  const { def } = obj.getOneDef(flags);
  const val = (f: string) => {
    const p = params.find((x) => x.field === f);
    return p ? (p.value as bigint) : undefined;
  };
  const hard = val("hard_limit");
  const soft = val("soft_limit");
  const swap = val("swap_hard_limit");
  if (hard !== undefined || swap !== undefined) {
    const memLimit = hard ?? obj.def.hardLimit ?? UNLIMITED;
    const swapLimit = swap ?? obj.def.swapHardLimit ?? UNLIMITED;
    if (memLimit > swapLimit) throw testErr.invalidArg("memory hard_limit tunable value must be lower than or equal to swap_hard_limit");
  }
  const lim = (v: bigint) => (v >= UNLIMITED ? null : v);
  if (soft !== undefined) def.softLimit = lim(soft);
  if (hard !== undefined) def.hardLimit = lim(hard);
  if (swap !== undefined) def.swapHardLimit = lim(swap);
}

const NUMA_MODES = ["strict", "preferred", "interleave", "restrictive"];

export function getNumaParams(hv: Hypervisor, ref: DomRef, nparams: number, flags: number): ParamsOrCount {
  checkFlags(flags, LCS, "testDomainGetNumaParameters");
  if (nparams === 0) return { count: 2 };
  const { def } = hv.obj(ref).getOneDef(flags & LC);
  const mode = def.numatune?.mode ? Math.max(0, NUMA_MODES.indexOf(def.numatune.mode)) : 0;
  const all = [tp.int("numa_mode", mode), tp.str("numa_nodeset", def.numatune?.nodeset ?? "")];
  return { params: all.slice(0, nparams) };
}

export function setNumaParams(hv: Hypervisor, ref: DomRef, params: readonly TypedParam[], flags: number): void {
  checkFlags(flags, LC, "testDomainSetNumaParameters");
  validateParams(params, { numa_mode: ParamType.INT, numa_nodeset: ParamType.STRING });
  const { def, live } = hv.obj(ref).getOneDef(flags);
  let mode = -1;
  let nodeset: string | null = null;
  for (const p of params) {
    if (p.field === "numa_mode") {
      mode = p.value as number;
      if (mode < 0 || mode >= NUMA_MODES.length) throw testErr.invalidArg(`unsupported numatune mode: '${mode}'`);
    } else if (p.field === "numa_nodeset") {
      const s = parseSet(p.value as string);
      if (!s) throw virErr(ErrCode.INVALID_ARG, ErrDomain.NONE, `Failed to parse bitmap '${p.value as string}'`);
      if (s.size === 0) throw testErr.opInvalid(`Invalid nodeset of 'numatune': ${p.value as string}`);
      nodeset = formatSet(s);
    }
  }
  const cur = def.numatune?.mode ?? null;
  if (live && mode !== -1 && cur !== null && cur !== NUMA_MODES[mode]) {
    throw testErr.opInvalid("can't change numatune mode for running domain");
  }
  if (mode === -1 && nodeset === null) return;
  const nt = def.numatune ?? { mode: null, nodeset: null, placement: null, rest: [] };
  if (mode !== -1) nt.mode = NUMA_MODES[mode]!;
  else if (nt.mode === null) nt.mode = "strict";
  if (nodeset !== null) {
    nt.nodeset = nodeset;
    nt.placement = null;
  }
  if (nt.nodeset === null && nt.placement === null && def.vcpuPlacement === "static") {
    throw virErr(ErrCode.CONFIG_UNSUPPORTED, ErrDomain.DOMAIN, "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
  }
  def.numatune = nt;
}

const BLKIO_LISTS: [string, "weight" | "readIops" | "writeIops" | "readBps" | "writeBps"][] = [
  ["device_weight", "weight"],
  ["device_read_iops_sec", "readIops"],
  ["device_write_iops_sec", "writeIops"],
  ["device_read_bytes_sec", "readBps"],
  ["device_write_bytes_sec", "writeBps"],
];

export function getBlkioParams(hv: Hypervisor, ref: DomRef, nparams: number, flags: number): ParamsOrCount {
  checkFlags(flags, LCS, "testDomainGetBlkioParameters");
  if (nparams === 0) return { count: 6 };
  const { def } = hv.obj(ref).getOneDef(flags & LC);
  const out: TypedParam[] = [tp.uint("weight", def.blkioWeight)];
  for (const [field, key] of BLKIO_LISTS) {
    const parts: string[] = [];
    for (const d of def.blkioDevices) {
      const v = d[key];
      if (v !== 0 && v !== 0n) parts.push(d.path, String(v));
    }
    out.push(tp.str(field, parts.join(",")));
  }
  return { params: out.slice(0, Math.min(nparams, 6)) };
}

export function setBlkioParams(hv: Hypervisor, ref: DomRef, params: readonly TypedParam[], flags: number): void {
  checkFlags(flags, LC, "testDomainSetBlkioParameters");
  const spec: Record<string, ParamTypeCode> = { weight: ParamType.UINT };
  for (const [f] of BLKIO_LISTS) spec[f] = ParamType.STRING;
  validateParams(params, spec);
  const { def } = hv.obj(ref).getOneDef(flags);
  for (const p of params) {
    if (p.field === "weight") {
      def.blkioWeight = p.value as number;
      continue;
    }
    const key = BLKIO_LISTS.find(([f]) => f === p.field)![1];
    const items = (p.value as string).split(",").filter((x) => x !== "");
    if (items.length % 2) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `unable to parse blkio device '${p.value as string}'`);
    for (let i = 0; i < items.length; i += 2) {
      const path = items[i]!;
      const raw = items[i + 1]!;
      if (!/^\d+$/.test(raw)) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `invalid value '${raw}' for parameter '${p.field}' of device '${path}'`);
      let dev = def.blkioDevices.find((d) => d.path === path);
      if (!dev) {
        dev = { path, weight: 0, readIops: 0, writeIops: 0, readBps: 0n, writeBps: 0n };
        def.blkioDevices.push(dev);
      }
      if (key === "readBps" || key === "writeBps") dev[key] = BigInt(raw);
      else dev[key] = Number(raw);
    }
    def.blkioDevices = def.blkioDevices.filter((d) => d.weight || d.readIops || d.writeIops || d.readBps || d.writeBps);
  }
}

/** The interface named by target device or MAC, or INVALID_ARG as the test driver reports it. */
export function findNet(def: DomainDef, device: string): NetDevice {
  const mac = device.toLowerCase();
  const n = def.devices.find((d): d is NetDevice => d.kind === "interface" && (d.mac === mac || d.ifname === device));
  if (!n) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `'${device}' is not a known interface`);
  return n;
}

const BW_FIELDS = ["inbound.average", "inbound.peak", "inbound.burst", "inbound.floor", "outbound.average", "outbound.peak", "outbound.burst"];

export function getInterfaceParams(hv: Hypervisor, ref: DomRef, device: string, nparams: number, flags: number): ParamsOrCount {
  checkFlags(flags, LCS, "testDomainGetInterfaceParameters");
  if (nparams === 0) return { count: 7 };
  const { def } = hv.obj(ref).getOneDef(flags & LC);
  const net = findNet(def, device);
  const i = net.bandwidth?.in;
  const o = net.bandwidth?.out;
  const vals = [i?.average, i?.peak, i?.burst, i?.floor, o?.average, o?.peak, o?.burst];
  return { params: BW_FIELDS.map((f, k) => tp.uint(f, vals[k] ?? 0)).slice(0, nparams) };
}

export function setInterfaceParams(hv: Hypervisor, ref: DomRef, device: string, params: readonly TypedParam[], flags: number): void {
  checkFlags(flags, LC, "testDomainSetInterfaceParameters");
  validateParams(params, Object.fromEntries(BW_FIELDS.map((f) => [f, ParamType.UINT])));
  const { def } = hv.obj(ref).getOneDef(flags);
  const net = findNet(def, device);
  const inb = { average: 0, peak: 0, burst: 0, floor: 0 };
  const outb = { average: 0, peak: 0, burst: 0, floor: 0 };
  let inSpecified = false;
  let outSpecified = false;
  for (const p of params) {
    const v = p.value as number;
    const [dir, key] = p.field.split(".") as ["inbound" | "outbound", "average" | "peak" | "burst" | "floor"];
    (dir === "inbound" ? inb : outb)[key] = v;
    if (dir === "inbound" && (key === "average" || key === "floor")) inSpecified = true;
    if (dir === "outbound" && key === "average") outSpecified = true;
  }
  const newIn = inb.average || inb.floor ? inb : null;
  const newOut = outb.average ? outb : null;
  if (!net.bandwidth) {
    net.bandwidth = { in: newIn, out: newOut };
    return;
  }
  if (newIn) net.bandwidth.in = newIn;
  else if (inSpecified) net.bandwidth.in = null;
  if (newOut) net.bandwidth.out = newOut;
  else if (outSpecified) net.bandwidth.out = null;
}

/** The disk whose target or source is `path`. */
export function diskByName(def: DomainDef, path: string): DiskDevice | undefined {
  return domainDisks(def).find((d) => d.dst === path || (d.src !== null && d.src === path));
}

export function getBlockIoTune(hv: Hypervisor, ref: DomRef, path: string | null, nparams: number, flags: number): ParamsOrCount {
  checkFlags(flags, LCS, "testDomainGetBlockIoTune");
  if (nparams === 0) return { count: 20 };
  const { def } = hv.obj(ref).getOneDef(flags & LC);
  const disk = path !== null ? diskByName(def, path) : undefined;
  if (!disk) throw testErr.invalidArg(`disk '${path ?? "(null)"}' was not found in the domain config`);
  const out = IOTUNE_FIELDS.map((f) =>
    f === "group_name" ? tp.str(f, disk.iotune.group_name ?? "") : tp.ullong(f, (disk.iotune[f] as bigint | undefined) ?? 0n),
  );
  return { params: out.slice(0, nparams) };
}

const IOTUNE_MAX = 1000000000000000n;

export function setBlockIoTune(hv: Hypervisor, ref: DomRef, path: string, params: readonly TypedParam[], flags: number): void {
  checkFlags(flags, LC, "testDomainSetBlockIoTune");
  validateParams(params, Object.fromEntries(IOTUNE_FIELDS.map((f) => [f, f === "group_name" ? ParamType.STRING : ParamType.ULLONG])));
  const { def } = hv.obj(ref).getOneDef(flags);
  const disk = diskByName(def, path);
  if (!disk) throw testErr.invalidArg(`missing persistent configuration for disk '${path}'`);
  const info = { ...disk.iotune };
  for (const p of params) {
    if (p.type === ParamType.STRING) {
      info.group_name = p.value;
      continue;
    }
    const v = p.value as bigint;
    if (v > IOTUNE_MAX) throw testErr.argUnsupported(`block I/O throttle limit value must be no more than ${IOTUNE_MAX}`);
    info[p.field] = v;
  }
  const n = (f: string) => (info[f] as bigint | undefined) ?? 0n;
  for (const kind of ["bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max"]) {
    if (n(`total_${kind}`) && (n(`read_${kind}`) || n(`write_${kind}`))) {
      throw testErr.invalidArg(`total and read/write of ${kind} cannot be set at the same time`);
    }
  }
  for (const f of ["total_bytes_sec", "read_bytes_sec", "write_bytes_sec", "total_iops_sec", "read_iops_sec", "write_iops_sec"]) {
    if (n(f) > n(`${f}_max`)) throw testErr.invalidArg(`${f} cannot be set higher than ${f}_max `);
  }
  disk.iotune = info;
}

export function getPerfEvents(hv: Hypervisor, ref: DomRef, flags: number): TypedParam[] {
  checkFlags(flags, LCS, "testDomainGetPerfEvents");
  const { def } = hv.obj(ref).getOneDef(flags & LC);
  return PERF_EVENTS.map((e) => tp.bool(e, def.perf.get(e) === true));
}

export function setPerfEvents(hv: Hypervisor, ref: DomRef, params: readonly TypedParam[], flags: number): void {
  checkFlags(flags, LC, "testDomainSetPerfEvents");
  validateParams(params, Object.fromEntries(PERF_EVENTS.map((e) => [e, ParamType.BOOLEAN])));
  const { def } = hv.obj(ref).getOneDef(flags);
  for (const p of params) def.perf.set(p.field, p.value as boolean);
  // Keep libvirt's enum order for formatting.
  def.perf = new Map(PERF_EVENTS.filter((e) => def.perf.has(e)).map((e) => [e, def.perf.get(e)!]));
}

const LIFECYCLE_TYPES = ["poweroff", "reboot", "crash"];
const LIFECYCLE_ACTIONS = ["destroy", "restart", "rename-restart", "preserve", "coredump-destroy", "coredump-restart"];

export function setLifecycleAction(hv: Hypervisor, ref: DomRef, type: number, action: number, flags: number): void {
  if (type >= LIFECYCLE_TYPES.length) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `invalid lifecycle type '${type}'`);
  if (action >= LIFECYCLE_ACTIONS.length) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `invalid lifecycle action '${action}'`);
  checkFlags(flags, LC, "testDomainSetLifecycleAction");
  if (type !== 2 && action >= 4) {
    throw virErr(
      ErrCode.CONFIG_UNSUPPORTED,
      ErrDomain.DOMAIN,
      `Lifecycle event '${LIFECYCLE_TYPES[type]}' doesn't support '${LIFECYCLE_ACTIONS[action]}' action`,
    );
  }
  const { live, config } = hv.obj(ref).getDefs(flags);
  const name = LIFECYCLE_ACTIONS[action]!;
  for (const d of [live, config]) {
    if (!d) continue;
    if (type === 0) d.onPoweroff = name;
    else if (type === 1) d.onReboot = name;
    else d.onCrash = name;
  }
}
