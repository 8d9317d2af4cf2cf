import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { VirtError } from "../../rpc/errors.js";
import { REMOTE_CONST } from "../../protocol/generated/remote.js";
import { badArg, i32, u32, u64 } from "./args.js";

/** Sys::Virt's memory_stats hash; a key is present when the driver reports it. Units: KiB, except faults (counts) and last_update (seconds). */
export interface MemoryStats {
  swap_in?: bigint;
  swap_out?: bigint;
  major_fault?: bigint;
  minor_fault?: bigint;
  unused?: bigint;
  available?: bigint;
  actual_balloon?: bigint;
  rss?: bigint;
  usable?: bigint;
  last_update?: bigint;
  disk_caches?: bigint;
  hugetlb_pgalloc?: bigint;
  hugetlb_pgfail?: bigint;
}

// VIR_DOMAIN_MEMORY_STAT_* tag -> Sys::Virt's key. Tags newer than these are dropped, as Sys::Virt does.
const STAT_KEYS: readonly (keyof MemoryStats)[] = [
  "swap_in", "swap_out", "major_fault", "minor_fault", "unused", "available",
  "actual_balloon", "rss", "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail",
];

declare module "./handle.js" {
  interface Domain {
    /** Maximum memory in KiB (virDomainSetMaxMemory). */
    setMaxMemory(kib: number | bigint, opts?: CallOptions): Promise<void>;
    /** Current memory in KiB: virDomainSetMemory, or SetMemoryFlags when flags are given (MEM_* / AFFECT_*). */
    setMemory(kib: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    /** Balloon statistics refresh period in seconds (0 disables). */
    setMemoryStatsPeriod(period: number, flags?: number, opts?: CallOptions): Promise<void>;
    memoryStats(flags?: number, opts?: CallOptions): Promise<MemoryStats>;
    /** `size` bytes of guest memory at `offset`; flags must be MEMORY_VIRTUAL or MEMORY_PHYSICAL. */
    memoryPeek(offset: number | bigint, size: number, flags?: number, opts?: CallOptions): Promise<Buffer>;
  }
}

Domain.prototype.setMaxMemory = async function (this: Domain, kib: number | bigint, opts?: CallOptions) {
  await this.conn.call("domain_set_max_memory", { dom: this.ref, memory: u64("memory", kib) }, opts);
};

Domain.prototype.setMemory = async function (this: Domain, kib: number | bigint, flags = 0, opts?: CallOptions) {
  const memory = u64("memory", kib);
  if (u32("flags", flags) !== 0) {
    await this.conn.call("domain_set_memory_flags", { dom: this.ref, memory, flags }, opts);
  } else {
    await this.conn.call("domain_set_memory", { dom: this.ref, memory }, opts);
  }
};

Domain.prototype.setMemoryStatsPeriod = async function (this: Domain, period: number, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_set_memory_stats_period",
    { dom: this.ref, period: i32("period", period), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.memoryStats = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<MemoryStats> {
  // The server caps the request at the number of tags it knows, so ask for the protocol maximum.
  const r = await this.conn.call(
    "domain_memory_stats",
    { dom: this.ref, maxStats: REMOTE_CONST.REMOTE_DOMAIN_MEMORY_STATS_MAX, flags: u32("flags", flags) },
    opts,
  );
  const out: MemoryStats = {};
  for (const s of r.stats) {
    const key = STAT_KEYS[s.tag];
    if (key !== undefined) out[key] = s.val;
  }
  return out;
};

Domain.prototype.memoryPeek = async function (
  this: Domain,
  offset: number | bigint,
  size: number,
  flags = 0,
  opts?: CallOptions,
): Promise<Buffer> {
  const max = REMOTE_CONST.REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX;
  const n = u32("size", size);
  if (n > max) throw badArg(`size ${n} exceeds the protocol limit of ${max} bytes`);
  const r = await this.conn.call(
    "domain_memory_peek",
    { dom: this.ref, offset: u64("offset", offset), size: n, flags: u32("flags", flags) },
    opts,
  );
  // libvirt's client makes the same check: a short buffer would be silent corruption.
  if (r.buffer.length !== n) {
    throw VirtError.local(VirtError.ERR_RPC, VirtError.FROM_REMOTE, `returned buffer is not same size as requested (${r.buffer.length} != ${n})`);
  }
  return r.buffer;
};
