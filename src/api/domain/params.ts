// Memory, blkio, NUMA, block I/O tune, interface bandwidth and perf event
// tunables: getters return Sys::Virt-style hashes, setters send each field
// with the wire type libvirt documents for it (param-tables.ts).
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { decodeTypedParams, encodeTypedParams, type ParamTable, type TypedParams } from "../typed-params.js";
import {
  BLKIO_PARAMS,
  BLOCK_IOTUNE_PARAMS,
  INTERFACE_PARAMS,
  MEMORY_PARAMS,
  NUMA_PARAMS,
  PERF_EVENT_PARAMS,
} from "./param-tables.js";
import { getCountedParams, type ParamsInput } from "./typed-fetch.js";
import { paramsObject, str, u32 } from "./args.js";

declare module "./handle.js" {
  interface Domain {
    /** MEMORY_* tunables (KiB; MEMORY_PARAM_UNLIMITED = no limit). */
    getMemoryParameters(flags?: number, opts?: CallOptions): Promise<TypedParams>;
    setMemoryParameters(params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
    /** BLKIO_* tunables; the per-device ones are strings ("/dev/sda,500"). */
    getBlkioParameters(flags?: number, opts?: CallOptions): Promise<TypedParams>;
    setBlkioParameters(params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
    /** numa_mode (NUMATUNE_MEM_*) and numa_nodeset. */
    getNumaParameters(flags?: number, opts?: CallOptions): Promise<TypedParams>;
    setNumaParameters(params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
    /** BLOCK_IOTUNE_* limits of one disk (target name or source path). */
    getBlockIotune(disk: string, flags?: number, opts?: CallOptions): Promise<TypedParams>;
    setBlockIotune(disk: string, params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
    /** BANDWIDTH_* (inbound.average, ...) of one interface (target device name or MAC). */
    getInterfaceParameters(intf: string, flags?: number, opts?: CallOptions): Promise<TypedParams>;
    setInterfaceParameters(intf: string, params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
    /** PERF_PARAM_* event name -> enabled. */
    getPerfEvents(flags?: number, opts?: CallOptions): Promise<TypedParams>;
    setPerfEvents(params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

function encode(params: ParamsInput, table: ParamTable) {
  return encodeTypedParams(paramsObject("params", params), table);
}

Domain.prototype.getMemoryParameters = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return getCountedParams(flags, (nparams, f) => this.conn.call("domain_get_memory_parameters", { dom: this.ref, nparams, flags: f }, opts));
};

Domain.prototype.setMemoryParameters = async function (this: Domain, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const p = encode(params, MEMORY_PARAMS);
  await this.conn.call("domain_set_memory_parameters", { dom: this.ref, params: p, flags: u32("flags", flags) }, opts);
};

Domain.prototype.getBlkioParameters = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return getCountedParams(flags, (nparams, f) => this.conn.call("domain_get_blkio_parameters", { dom: this.ref, nparams, flags: f }, opts));
};

Domain.prototype.setBlkioParameters = async function (this: Domain, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const p = encode(params, BLKIO_PARAMS);
  await this.conn.call("domain_set_blkio_parameters", { dom: this.ref, params: p, flags: u32("flags", flags) }, opts);
};

Domain.prototype.getNumaParameters = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return getCountedParams(flags, (nparams, f) => this.conn.call("domain_get_numa_parameters", { dom: this.ref, nparams, flags: f }, opts));
};

Domain.prototype.setNumaParameters = async function (this: Domain, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const p = encode(params, NUMA_PARAMS);
  await this.conn.call("domain_set_numa_parameters", { dom: this.ref, params: p, flags: u32("flags", flags) }, opts);
};

Domain.prototype.getBlockIotune = async function (this: Domain, disk: string, flags = 0, opts?: CallOptions) {
  const d = str("disk", disk);
  return getCountedParams(flags, (nparams, f) => this.conn.call("domain_get_block_io_tune", { dom: this.ref, disk: d, nparams, flags: f }, opts));
};

Domain.prototype.setBlockIotune = async function (this: Domain, disk: string, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const p = encode(params, BLOCK_IOTUNE_PARAMS);
  await this.conn.call("domain_set_block_io_tune", { dom: this.ref, disk: str("disk", disk), params: p, flags: u32("flags", flags) }, opts);
};

Domain.prototype.getInterfaceParameters = async function (this: Domain, intf: string, flags = 0, opts?: CallOptions) {
  const device = str("intf", intf);
  return getCountedParams(flags, (nparams, f) => this.conn.call("domain_get_interface_parameters", { dom: this.ref, device, nparams, flags: f }, opts));
};

Domain.prototype.setInterfaceParameters = async function (this: Domain, intf: string, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const p = encode(params, INTERFACE_PARAMS);
  await this.conn.call(
    "domain_set_interface_parameters",
    { dom: this.ref, device: str("intf", intf), params: p, flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.getPerfEvents = async function (this: Domain, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_get_perf_events", { dom: this.ref, flags: u32("flags", flags) }, opts);
  return decodeTypedParams(r.params);
};

Domain.prototype.setPerfEvents = async function (this: Domain, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const p = encode(params, PERF_EVENT_PARAMS);
  await this.conn.call("domain_set_perf_events", { dom: this.ref, params: p, flags: u32("flags", flags) }, opts);
};
