import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { REMOTE_CONST } from "../../protocol/generated/remote.js";
import { encodeTypedParams } from "../typed-params.js";
import { IOTHREAD_PARAMS } from "./param-tables.js";
import type { ParamsInput } from "./typed-fetch.js";
import { bytes, paramsObject, u32 } from "./args.js";

/** One element of Sys::Virt's get_iothread_info list. */
export interface IothreadInfo {
  /** The IOThread id. */
  number: number;
  /** Host CPUs it may run on, one bit per CPU. */
  affinity: Buffer;
}

declare module "./handle.js" {
  interface Domain {
    getIothreadInfo(flags?: number, opts?: CallOptions): Promise<IothreadInfo[]>;
    /** Pin IOThread `iothread` to the host CPUs set in `mask`. */
    pinIothread(iothread: number, mask: Uint8Array, flags?: number, opts?: CallOptions): Promise<void>;
    addIothread(iothread: number, flags?: number, opts?: CallOptions): Promise<void>;
    delIothread(iothread: number, flags?: number, opts?: CallOptions): Promise<void>;
    /** Set IOTHREAD_* parameters (poll_max_ns, poll_grow, ...) of one IOThread. */
    setIothread(iothread: number, params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.getIothreadInfo = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<IothreadInfo[]> {
  const r = await this.conn.call("domain_get_iothread_info", { dom: this.ref, flags: u32("flags", flags) }, opts);
  return r.info.map((t) => ({ number: t.iothread_id, affinity: t.cpumap }));
};

Domain.prototype.pinIothread = async function (this: Domain, iothread: number, mask: Uint8Array, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_pin_iothread",
    {
      dom: this.ref,
      iothreads_id: u32("iothread", iothread),
      cpumap: bytes("mask", mask, REMOTE_CONST.REMOTE_CPUMAP_MAX),
      flags: u32("flags", flags),
    },
    opts,
  );
};

Domain.prototype.addIothread = async function (this: Domain, iothread: number, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_add_iothread", { dom: this.ref, iothread_id: u32("iothread", iothread), flags: u32("flags", flags) }, opts);
};

Domain.prototype.delIothread = async function (this: Domain, iothread: number, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_del_iothread", { dom: this.ref, iothread_id: u32("iothread", iothread), flags: u32("flags", flags) }, opts);
};

Domain.prototype.setIothread = async function (this: Domain, iothread: number, params: ParamsInput, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_set_iothread_params",
    {
      dom: this.ref,
      iothread_id: u32("iothread", iothread),
      params: encodeTypedParams(paramsObject("params", params), IOTHREAD_PARAMS),
      flags: u32("flags", flags),
    },
    opts,
  );
};
