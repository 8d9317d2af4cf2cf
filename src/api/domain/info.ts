import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";

/** Sys::Virt's get_info hash. */
export interface DomainInfo {
  state: number;
  maxMem: bigint;
  memory: bigint;
  nrVirtCpu: number;
  cpuTime: bigint;
}

declare module "./handle.js" {
  interface Domain {
    /** State, memory, vcpus and cpu time (virDomainGetInfo). */
    getInfo(opts?: CallOptions): Promise<DomainInfo>;
    /** [state, reason] (virDomainGetState). */
    getState(flags?: number, opts?: CallOptions): Promise<[number, number]>;
  }
}

Domain.prototype.getInfo = async function (this: Domain, opts?: CallOptions): Promise<DomainInfo> {
  const r = await this.conn.call("domain_get_info", { dom: this.ref }, opts);
  return { state: r.state, maxMem: r.maxMem, memory: r.memory, nrVirtCpu: r.nrVirtCpu, cpuTime: r.cpuTime };
};

Domain.prototype.getState = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<[number, number]> {
  const r = await this.conn.call("domain_get_state", { dom: this.ref, flags }, opts);
  return [r.state, r.reason];
};
