import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { boolArg } from "../validate.js";
import type { DomainInfo } from "../../protocol/info-structs.js";

export type { DomainInfo };

/** Sys::Virt's get_control_info hash. */
export interface DomainControlInfo {
  /** One of Domain.CONTROL_*. */
  state: number;
  /** Domain.CONTROL_ERROR_REASON_* when state is CONTROL_ERROR, else 0. */
  details: number;
  /** Milliseconds spent in the current state. */
  stateTime: bigint;
}

declare module "./handle.js" {
  interface Domain {
    /** State, memory, vcpus and cpu time (virDomainGetInfo). */
    getInfo(opts?: CallOptions): Promise<DomainInfo>;
    /** [state, reason] (virDomainGetState). */
    getState(flags?: number, opts?: CallOptions): Promise<[number, number]>;
    /** State of the hypervisor's control channel to the domain (virDomainGetControlInfo). */
    getControlInfo(flags?: number, opts?: CallOptions): Promise<DomainControlInfo>;
    /** Guest OS type, e.g. "hvm" (virDomainGetOSType). */
    getOsType(opts?: CallOptions): Promise<string>;
    isActive(opts?: CallOptions): Promise<boolean>;
    isPersistent(opts?: CallOptions): Promise<boolean>;
    /** True when the running config differs from the persistent one. */
    isUpdated(opts?: CallOptions): Promise<boolean>;
    /** Maximum memory in KiB. */
    getMaxMemory(opts?: CallOptions): Promise<bigint>;
    getMaxVcpus(opts?: CallOptions): Promise<number>;
    getAutostart(opts?: CallOptions): Promise<boolean>;
    setAutostart(autostart: boolean, opts?: CallOptions): Promise<void>;
    hasManagedSaveImage(flags?: number, opts?: CallOptions): Promise<boolean>;
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

Domain.prototype.getControlInfo = async function (this: Domain, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_get_control_info", { dom: this.ref, flags }, opts);
  return { state: r.state, details: r.details, stateTime: r.stateTime };
};

Domain.prototype.getOsType = async function (this: Domain, opts?: CallOptions) {
  return (await this.conn.call("domain_get_os_type", { dom: this.ref }, opts)).type;
};

Domain.prototype.isActive = async function (this: Domain, opts?: CallOptions) {
  return (await this.conn.call("domain_is_active", { dom: this.ref }, opts)).active !== 0;
};

Domain.prototype.isPersistent = async function (this: Domain, opts?: CallOptions) {
  return (await this.conn.call("domain_is_persistent", { dom: this.ref }, opts)).persistent !== 0;
};

Domain.prototype.isUpdated = async function (this: Domain, opts?: CallOptions) {
  return (await this.conn.call("domain_is_updated", { dom: this.ref }, opts)).updated !== 0;
};

Domain.prototype.getMaxMemory = async function (this: Domain, opts?: CallOptions) {
  return (await this.conn.call("domain_get_max_memory", { dom: this.ref }, opts)).memory;
};

Domain.prototype.getMaxVcpus = async function (this: Domain, opts?: CallOptions) {
  return (await this.conn.call("domain_get_max_vcpus", { dom: this.ref }, opts)).num;
};

Domain.prototype.getAutostart = async function (this: Domain, opts?: CallOptions) {
  return (await this.conn.call("domain_get_autostart", { dom: this.ref }, opts)).autostart !== 0;
};

Domain.prototype.setAutostart = async function (this: Domain, autostart: boolean, opts?: CallOptions) {
  await this.conn.call("domain_set_autostart", { dom: this.ref, autostart: boolArg(20, "autostart", autostart) }, opts);
};

Domain.prototype.hasManagedSaveImage = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return (await this.conn.call("domain_has_managed_save_image", { dom: this.ref, flags }, opts)).result !== 0;
};
