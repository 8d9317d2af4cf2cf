// Host CPU and memory figures (Sys::Virt's get_node_cpu_map, get_node_free_memory).
import { Connection } from "./connection.js";
import type { CallOptions } from "../rpc/call-options.js";

/** Sys::Virt's (totcpus, onlinemap, totonline): `map` has one bit per CPU, CPU 0 the lowest bit of byte 0. */
export interface NodeCpuMap {
  cpus: number;
  map: Buffer;
  online: number;
}

declare module "./connection.js" {
  interface Connection {
    /** The host's CPUs: how many there are and which are online (virNodeGetCPUMap). */
    getNodeCpuMap(flags?: number, opts?: CallOptions): Promise<NodeCpuMap>;
    /** Free memory of the host in bytes (virNodeGetFreeMemory). */
    getNodeFreeMemory(opts?: CallOptions): Promise<bigint>;
  }
}

Connection.prototype.getNodeCpuMap = async function (this: Connection, flags = 0, opts?: CallOptions) {
  const r = await this.call("node_get_cpu_map", { need_map: 1, need_online: 1, flags }, opts);
  return { cpus: r.ret, map: r.cpumap, online: r.online };
};

Connection.prototype.getNodeFreeMemory = async function (this: Connection, opts?: CallOptions) {
  return (await this.call("node_get_free_memory", undefined, opts)).freeMem;
};
