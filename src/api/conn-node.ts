// Host CPU and memory figures (Sys::Virt's get_node_cpu_map, get_node_free_memory,
// get_node_cpu_stats, get_node_memory_stats, get_node_free_pages) and
// node_suspend_for_duration.
import { Connection } from "./connection.js";
import type { CallOptions } from "../rpc/call-options.js";
import { badArg, i32, u32, u32List } from "./domain/args.js";

// REMOTE_NODE_MAX_CELLS: the most page sizes, and counts in the reply.
const MAX_CELLS = 1024;

/** Sys::Virt's (totcpus, onlinemap, totonline): `map` has one bit per CPU, CPU 0 the lowest bit of byte 0. */
export interface NodeCpuMap {
  cpus: number;
  map: Buffer;
  online: number;
}

/** One NUMA cell's free pages, by page size in KiB (Sys::Virt's { cell, pages } hash). */
export interface NodeCellFreePages {
  cell: number;
  pages: { size: number; free: bigint }[];
}

declare module "./connection.js" {
  interface Connection {
    /** The host's CPUs: how many there are and which are online (virNodeGetCPUMap). */
    getNodeCpuMap(flags?: number, opts?: CallOptions): Promise<NodeCpuMap>;
    /** Free memory of the host in bytes (virNodeGetFreeMemory). */
    getNodeFreeMemory(opts?: CallOptions): Promise<bigint>;
    /** CPU times in nanoseconds by field ("kernel", "user", ...), of one CPU or (-1) all (virNodeGetCPUStats). */
    getNodeCpuStats(cpuNum?: number, flags?: number, opts?: CallOptions): Promise<Record<string, bigint>>;
    /** Memory figures in KiB by field ("total", "free", ...), of one NUMA cell or (-1) all (virNodeGetMemoryStats). */
    getNodeMemoryStats(cellNum?: number, flags?: number, opts?: CallOptions): Promise<Record<string, bigint>>;
    /** Suspend the host (Connect.NODE_SUSPEND_TARGET_*) for `duration` seconds (virNodeSuspendForDuration). */
    nodeSuspendForDuration(target: number, duration: bigint, flags?: number, opts?: CallOptions): Promise<void>;
    /** Free pages of each size (KiB) in NUMA cells `start`..`end` inclusive (virNodeGetFreePages). */
    getNodeFreePages(pageSizes: readonly number[], start: number, end: number, flags?: number, opts?: CallOptions): Promise<NodeCellFreePages[]>;
  }
}

Connection.prototype.getNodeCpuMap = async function (this: Connection, flags = 0, opts?: CallOptions) {
  const r = await this.call("node_get_cpu_map", { need_map: 1, need_online: 1, flags }, opts);
  return { cpus: r.ret, map: r.cpumap, online: r.online };
};

Connection.prototype.getNodeFreeMemory = async function (this: Connection, opts?: CallOptions) {
  return (await this.call("node_get_free_memory", undefined, opts)).freeMem;
};

/** The fields in the server's order, as Sys::Virt's hash. */
function byField(params: readonly { field: string; value: bigint }[]): Record<string, bigint> {
  return Object.fromEntries(params.map((p) => [p.field, p.value]));
}

// Both ask the count first (nparams 0), then that many fields, as libvirt's client does.
Connection.prototype.getNodeCpuStats = async function (this: Connection, cpuNum = -1, flags = 0, opts?: CallOptions) {
  const { nparams } = await this.call("node_get_cpu_stats", { cpuNum, nparams: 0, flags }, opts);
  if (nparams === 0) return {};
  return byField((await this.call("node_get_cpu_stats", { cpuNum, nparams, flags }, opts)).params);
};

Connection.prototype.getNodeMemoryStats = async function (this: Connection, cellNum = -1, flags = 0, opts?: CallOptions) {
  const { nparams } = await this.call("node_get_memory_stats", { cellNum, nparams: 0, flags }, opts);
  if (nparams === 0) return {};
  return byField((await this.call("node_get_memory_stats", { cellNum, nparams, flags }, opts)).params);
};

Connection.prototype.getNodeFreePages = async function (
  this: Connection,
  pageSizes: readonly number[],
  start: number,
  end: number,
  flags = 0,
  opts?: CallOptions,
) {
  const sizes = u32List("pageSizes", pageSizes, MAX_CELLS);
  const first = i32("start", start);
  const cellCount = u32("cell count (end - start + 1)", i32("end", end) - first + 1);
  // The reply holds one count per size per cell, within the same limit.
  if (sizes.length * cellCount > MAX_CELLS) throw badArg(`${sizes.length} page sizes for ${cellCount} cells exceed ${MAX_CELLS} counts`);
  const { counts } = await this.call("node_get_free_pages", { pages: sizes, startCell: first, cellCount, flags }, opts);
  // The counts come cell by cell, one per page size.
  return Array.from({ length: cellCount }, (_, i) => ({
    cell: first + i,
    pages: sizes.map((size, j) => ({ size, free: counts[i * sizes.length + j] ?? 0n })),
  }));
};

Connection.prototype.nodeSuspendForDuration = async function (this: Connection, target: number, duration: bigint, flags = 0, opts?: CallOptions) {
  await this.call("node_suspend_for_duration", { target, duration, flags }, opts);
};
