import { Connection } from "./connection.js";
import { Domain } from "./domain/handle.js";
import type { CallOptions } from "../rpc/call-options.js";
import { VirtError } from "../rpc/errors.js";
import { decodeTypedParams, type TypedParams } from "./typed-params.js";
import { REMOTE_CONST } from "../protocol/generated/remote.js";
import { intArg, invalidArgument } from "./validate.js";

/** One element of getAllDomainStats, as Sys::Virt's { dom, data } hash. */
export interface DomainStatsRecord {
  dom: Domain;
  data: TypedParams;
}

declare module "./connection.js" {
  interface Connection {
    /**
     * Statistics for many domains in one call (virConnectGetAllDomainStats, or
     * virDomainListGetStats when `domains` is given). stats: Domain.STATS_*;
     * flags: Domain.GET_ALL_STATS_*.
     */
    getAllDomainStats(stats: number, domains?: readonly Domain[] | null, flags?: number, opts?: CallOptions): Promise<DomainStatsRecord[]>;
    /** Free memory in bytes of NUMA cells `start`..`end` inclusive (Sys::Virt's get_node_cells_free_memory). */
    getNodeCellsFreeMemory(start: number, end: number, opts?: CallOptions): Promise<bigint[]>;
  }
}

Connection.prototype.getAllDomainStats = async function (
  this: Connection,
  stats: number,
  domains: readonly Domain[] | null = null,
  flags = 0,
  opts?: CallOptions,
) {
  const doms = domains ?? [];
  if (!Array.isArray(doms)) throw invalidArgument(VirtError.FROM_DOMAIN, "domains must be an array of Domain or null");
  for (const d of doms) {
    // virDomainListGetStats demands domains of one connection: this one.
    if (!(d instanceof Domain) || d.conn !== this) {
      throw invalidArgument(VirtError.FROM_DOMAIN, "domains must all be Domain handles of this connection");
    }
  }
  const r = await this.call("connect_get_all_domain_stats", { doms: doms.map((d) => d.ref), stats, flags }, opts);
  return r.retStats.map((rec) => ({ dom: new Domain(this, rec.dom), data: decodeTypedParams(rec.params) }));
};

Connection.prototype.getNodeCellsFreeMemory = async function (this: Connection, start: number, end: number, opts?: CallOptions) {
  const first = intArg(VirtError.FROM_NONE, "start", start, 0, 0x7fffffff);
  const last = intArg(VirtError.FROM_NONE, "end", end, 0, 0x7fffffff);
  const maxcells = last - first + 1;
  if (maxcells < 1 || maxcells > REMOTE_CONST.REMOTE_NODE_MAX_CELLS) {
    throw invalidArgument(VirtError.FROM_NONE, `cells must satisfy 0 <= start <= end < start + ${REMOTE_CONST.REMOTE_NODE_MAX_CELLS}, got ${first}..${last}`);
  }
  return (await this.call("node_get_cells_free_memory", { startCell: first, maxcells }, opts)).cells;
};
