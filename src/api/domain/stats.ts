import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { VirtError } from "../../rpc/errors.js";
import { REMOTE_CONST } from "../../protocol/generated/remote.js";
import { decodeTypedParams, type TypedParams, type TypedParamValue } from "../typed-params.js";
import { stringOkay } from "./typed-fetch.js";
import { i32, str, u32 } from "./args.js";

/**
 * Sys::Virt's block_stats hash. From virDomainBlockStatsFlags the keys are
 * the BLOCK_STATS_* fields, with rd_operations, wr_operations and
 * flush_operations renamed rd_req, wr_req and flush_reqs; drivers without
 * it (the test driver) give the five legacy counters.
 */
export interface BlockStats {
  rd_req?: bigint;
  rd_bytes?: bigint;
  wr_req?: bigint;
  wr_bytes?: bigint;
  errs?: bigint;
  flush_reqs?: bigint;
  rd_total_times?: bigint;
  wr_total_times?: bigint;
  flush_total_times?: bigint;
  [field: string]: TypedParamValue | undefined;
}

export interface InterfaceStats {
  rx_bytes: bigint;
  rx_packets: bigint;
  rx_errs: bigint;
  rx_drop: bigint;
  tx_bytes: bigint;
  tx_packets: bigint;
  tx_errs: bigint;
  tx_drop: bigint;
}

/** Bytes of the host storage behind a disk. */
export interface BlockInfo {
  capacity: bigint;
  allocation: bigint;
  physical: bigint;
}

export interface DiskError {
  path: string;
  /** DISK_ERROR_* */
  error: number;
}

// Sys::Virt's names for three BlockStatsFlags fields, kept from the legacy hash.
const LEGACY_NAMES: Readonly<Record<string, string>> = {
  rd_operations: "rd_req",
  wr_operations: "wr_req",
  flush_operations: "flush_reqs",
};

declare module "./handle.js" {
  interface Domain {
    /** I/O counters of one disk (target name or source path). */
    blockStats(path: string, flags?: number, opts?: CallOptions): Promise<BlockStats>;
    /** Counters of one interface (target device name or MAC). */
    interfaceStats(path: string, opts?: CallOptions): Promise<InterfaceStats>;
    getBlockInfo(dev: string, flags?: number, opts?: CallOptions): Promise<BlockInfo>;
    getDiskErrors(flags?: number, opts?: CallOptions): Promise<DiskError[]>;
    /**
     * Host CPU usage of the domain: one hash per host CPU from `startCpu`
     * (cpu_time, vcpu_time), or with startCpu -1 and numCpus 1 the total
     * (cpu_time, user_time, system_time). numCpus 0: through the last CPU.
     */
    getCpuStats(startCpu: number, numCpus: number, flags?: number, opts?: CallOptions): Promise<TypedParams[]>;
  }
}

Domain.prototype.blockStats = async function (this: Domain, path: string, flags = 0, opts?: CallOptions): Promise<BlockStats> {
  const p = str("path", path);
  u32("flags", flags);
  let nparams: number;
  try {
    const count = { dom: this.ref, path: p, nparams: 0, flags: stringOkay(0) };
    nparams = (await this.conn.call("domain_block_stats_flags", count, opts)).nparams;
  } catch (e) {
    if (!(e instanceof VirtError && e.code === VirtError.ERR_NO_SUPPORT && flags === 0)) throw e;
    const r = await this.conn.call("domain_block_stats", { dom: this.ref, path: p }, opts);
    return { rd_req: r.rd_req, rd_bytes: r.rd_bytes, wr_req: r.wr_req, wr_bytes: r.wr_bytes, errs: r.errs };
  }
  const r = await this.conn.call("domain_block_stats_flags", { dom: this.ref, path: p, nparams, flags: stringOkay(flags) }, opts);
  const out: BlockStats = {};
  for (const [k, v] of Object.entries(decodeTypedParams(r.params))) out[LEGACY_NAMES[k] ?? k] = v;
  return out;
};

Domain.prototype.interfaceStats = async function (this: Domain, path: string, opts?: CallOptions): Promise<InterfaceStats> {
  const r = await this.conn.call("domain_interface_stats", { dom: this.ref, device: str("path", path) }, opts);
  return {
    rx_bytes: r.rx_bytes,
    rx_packets: r.rx_packets,
    rx_errs: r.rx_errs,
    rx_drop: r.rx_drop,
    tx_bytes: r.tx_bytes,
    tx_packets: r.tx_packets,
    tx_errs: r.tx_errs,
    tx_drop: r.tx_drop,
  };
};

Domain.prototype.getBlockInfo = async function (this: Domain, dev: string, flags = 0, opts?: CallOptions): Promise<BlockInfo> {
  const r = await this.conn.call("domain_get_block_info", { dom: this.ref, path: str("dev", dev), flags: u32("flags", flags) }, opts);
  return { capacity: r.capacity, allocation: r.allocation, physical: r.physical };
};

Domain.prototype.getDiskErrors = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<DiskError[]> {
  u32("flags", flags);
  // First the count (libvirt's API returns it for maxerrors 0), then that many.
  const { nerrors } = await this.conn.call("domain_get_disk_errors", { dom: this.ref, maxerrors: 0, flags: 0 }, opts);
  if (nerrors === 0) return [];
  const max = Math.min(nerrors, REMOTE_CONST.REMOTE_DOMAIN_DISK_ERRORS_MAX);
  const r = await this.conn.call("domain_get_disk_errors", { dom: this.ref, maxerrors: max, flags }, opts);
  return r.errors.map((e) => ({ path: e.disk, error: e.error }));
};

Domain.prototype.getCpuStats = async function (
  this: Domain,
  startCpu: number,
  numCpus: number,
  flags = 0,
  opts?: CallOptions,
): Promise<TypedParams[]> {
  const start = i32("startCpu", startCpu);
  let ncpus = u32("numCpus", numCpus);
  u32("flags", flags);
  const f = stringOkay(flags);
  const ask = (nparams: number, start_cpu: number, n: number) =>
    this.conn.call("domain_get_cpu_stats", { dom: this.ref, nparams, start_cpu, ncpus: n, flags: f }, opts);
  // Stats per CPU: the total (start -1) has its own set, per-CPU ones are counted on CPU 0.
  const nparams = (await ask(0, start === -1 ? -1 : 0, 1)).nparams;
  if (ncpus === 0) ncpus = Math.max((await ask(0, 0, 0)).nparams - Math.max(start, 0), 0);
  if (nparams === 0 || ncpus === 0) return [];
  if (ncpus > REMOTE_CONST.REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX || nparams * ncpus > REMOTE_CONST.REMOTE_DOMAIN_GET_CPU_STATS_MAX) {
    throw VirtError.local(VirtError.ERR_RPC, VirtError.FROM_REMOTE, `${ncpus} CPUs x ${nparams} stats exceed the protocol limit; ask for fewer CPUs`);
  }
  const r = await ask(nparams, start, ncpus);
  // The server leaves out empty slots; r.nparams is the stride per CPU.
  const out: TypedParams[] = [];
  if (r.nparams === 0) return out;
  for (let i = 0; i + r.nparams <= r.params.length; i += r.nparams) {
    out.push(decodeTypedParams(r.params.slice(i, i + r.nparams)));
  }
  return out;
};
