import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { VirtError } from "../../rpc/errors.js";
import { REMOTE_CONST } from "../../protocol/generated/remote.js";
import { decodeTypedParams, type TypedParams } from "../typed-params.js";
import { bytes, i32, str, u32 } from "./args.js";

/** One element of Sys::Virt's get_vcpu_info list. */
export interface VcpuInfo {
  number: number;
  /** VCPU_* state; 0 when only pinning is known (flags given, or the domain is inactive). */
  state: number;
  cpuTime: bigint;
  /** Host CPU the vCPU runs on (0 when unknown). */
  cpu: number;
  /** Host CPUs it may run on: bit n (byte n >> 3, bit n & 7, LSB first) = host CPU n. */
  affinity: Buffer;
}

declare module "./handle.js" {
  interface Domain {
    /** virDomainSetVcpus, or SetVcpusFlags when flags are given (VCPU_* / AFFECT_*). */
    setVcpus(count: number, flags?: number, opts?: CallOptions): Promise<void>;
    /** Number of vCPUs as selected by flags (virDomainGetVcpusFlags). */
    getVcpus(flags?: number, opts?: CallOptions): Promise<number>;
    /**
     * Per-vCPU state and affinity. With flags 0 on a running domain from
     * virDomainGetVcpus; otherwise (or when that call is invalid, e.g. the
     * domain is inactive) only affinity, from virDomainGetVcpuPinInfo.
     */
    getVcpuInfo(flags?: number, opts?: CallOptions): Promise<VcpuInfo[]>;
    /** virDomainPinVcpu, or PinVcpuFlags when flags are given. `mask`: one bit per host CPU. */
    pinVcpu(vcpu: number, mask: Uint8Array, flags?: number, opts?: CallOptions): Promise<void>;
    /** Affinity of the emulator threads, one bit per host CPU. */
    getEmulatorPinInfo(flags?: number, opts?: CallOptions): Promise<Buffer>;
    pinEmulator(mask: Uint8Array, flags?: number, opts?: CallOptions): Promise<void>;
    /** Enable (state 1) or disable (0) the vCPUs listed in `cpumap` ("1-3,^2"). */
    setVcpu(cpumap: string, state: number, flags?: number, opts?: CallOptions): Promise<void>;
    /** The guest agent's view: { vcpus, online, offlinable } as cpu list strings. */
    getGuestVcpus(flags?: number, opts?: CallOptions): Promise<TypedParams>;
    setGuestVcpus(cpumap: string, state: number, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.setVcpus = async function (this: Domain, count: number, flags = 0, opts?: CallOptions) {
  const nvcpus = u32("count", count);
  if (u32("flags", flags) !== 0) {
    await this.conn.call("domain_set_vcpus_flags", { dom: this.ref, nvcpus, flags }, opts);
  } else {
    await this.conn.call("domain_set_vcpus", { dom: this.ref, nvcpus }, opts);
  }
};

Domain.prototype.getVcpus = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<number> {
  return (await this.conn.call("domain_get_vcpus_flags", { dom: this.ref, flags: u32("flags", flags) }, opts)).num;
};

/** Bytes per cpumap: one bit per host CPU the node reports (VIR_CPU_MAPLEN of VIR_NODEINFO_MAXCPUS). */
async function cpumapLength(dom: Domain, opts?: CallOptions): Promise<number> {
  const n = await dom.conn.call("node_get_info", undefined, opts);
  return Math.ceil((n.nodes * n.sockets * n.cores * n.threads) / 8);
}

Domain.prototype.getVcpuInfo = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<VcpuInfo[]> {
  u32("flags", flags);
  const maplen = await cpumapLength(this, opts);
  const nvcpus = (await this.conn.call("domain_get_info", { dom: this.ref }, opts)).nrVirtCpu;
  if (nvcpus * maplen > REMOTE_CONST.REMOTE_CPUMAPS_MAX) {
    throw VirtError.local(VirtError.ERR_RPC, VirtError.FROM_REMOTE, `vCPU maps of ${nvcpus} x ${maplen} bytes exceed the protocol limit`);
  }
  const affinity = (maps: Buffer, i: number): Buffer => Buffer.from(maps.subarray(i * maplen, (i + 1) * maplen));
  if (flags === 0) {
    try {
      const r = await this.conn.call("domain_get_vcpus", { dom: this.ref, maxinfo: nvcpus, maplen }, opts);
      return r.info.map((v, i) => ({ number: i, state: v.state, cpuTime: v.cpu_time, cpu: v.cpu, affinity: affinity(r.cpumaps, i) }));
    } catch (e) {
      if (!(e instanceof VirtError && e.code === VirtError.ERR_OPERATION_INVALID)) throw e;
    }
  }
  const r = await this.conn.call("domain_get_vcpu_pin_info", { dom: this.ref, ncpumaps: nvcpus, maplen, flags }, opts);
  const out: VcpuInfo[] = [];
  for (let i = 0; i < Math.min(r.num, nvcpus); i++) {
    out.push({ number: i, state: 0, cpuTime: 0n, cpu: 0, affinity: affinity(r.cpumaps, i) });
  }
  return out;
};

Domain.prototype.pinVcpu = async function (this: Domain, vcpu: number, mask: Uint8Array, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, vcpu: u32("vcpu", vcpu), cpumap: bytes("mask", mask, REMOTE_CONST.REMOTE_CPUMAP_MAX) };
  if (u32("flags", flags) !== 0) {
    await this.conn.call("domain_pin_vcpu_flags", { ...args, flags }, opts);
  } else {
    await this.conn.call("domain_pin_vcpu", args, opts);
  }
};

Domain.prototype.getEmulatorPinInfo = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<Buffer> {
  u32("flags", flags);
  const maplen = await cpumapLength(this, opts);
  const r = await this.conn.call("domain_get_emulator_pin_info", { dom: this.ref, maplen, flags }, opts);
  return r.cpumaps;
};

Domain.prototype.pinEmulator = async function (this: Domain, mask: Uint8Array, flags = 0, opts?: CallOptions) {
  const cpumap = bytes("mask", mask, REMOTE_CONST.REMOTE_CPUMAP_MAX);
  await this.conn.call("domain_pin_emulator", { dom: this.ref, cpumap, flags: u32("flags", flags) }, opts);
};

Domain.prototype.setVcpu = async function (this: Domain, cpumap: string, state: number, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_set_vcpu",
    { dom: this.ref, cpumap: str("cpumap", cpumap), state: i32("state", state), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.getGuestVcpus = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<TypedParams> {
  const r = await this.conn.call("domain_get_guest_vcpus", { dom: this.ref, flags: u32("flags", flags) }, opts);
  return decodeTypedParams(r.params);
};

Domain.prototype.setGuestVcpus = async function (this: Domain, cpumap: string, state: number, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_set_guest_vcpus",
    { dom: this.ref, cpumap: str("cpumap", cpumap), state: i32("state", state), flags: u32("flags", flags) },
    opts,
  );
};
