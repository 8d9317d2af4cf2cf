// Scheduler tunables. Their names and types differ per driver (cpu_shares
// ullong for QEMU, weight uint for the test driver, ...), so like Sys::Virt
// the setter first reads the current parameters to learn the types.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { decodeTypedParams, encodeTypedParams, typesOf, type TypedParams } from "../typed-params.js";
import { stringOkay, type ParamsInput } from "./typed-fetch.js";
import { paramsObject, u32 } from "./args.js";

declare module "./handle.js" {
  interface Domain {
    /** The scheduler's name ("posix", "fair", ...). */
    getSchedulerType(opts?: CallOptions): Promise<string>;
    /** virDomainGetSchedulerParameters, or the Flags variant when flags are given. */
    getSchedulerParameters(flags?: number, opts?: CallOptions): Promise<TypedParams>;
    /** Fields must be ones getSchedulerParameters reports; each is sent with the type the driver uses. */
    setSchedulerParameters(params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.getSchedulerType = async function (this: Domain, opts?: CallOptions): Promise<string> {
  return (await this.conn.call("domain_get_scheduler_type", { dom: this.ref }, opts)).type;
};

Domain.prototype.getSchedulerParameters = async function (this: Domain, flags = 0, opts?: CallOptions) {
  u32("flags", flags);
  const { nparams } = await this.conn.call("domain_get_scheduler_type", { dom: this.ref }, opts);
  if (flags === 0) {
    return decodeTypedParams((await this.conn.call("domain_get_scheduler_parameters", { dom: this.ref, nparams }, opts)).params);
  }
  const f = stringOkay(flags);
  const r = await this.conn.call("domain_get_scheduler_parameters_flags", { dom: this.ref, nparams, flags: f }, opts);
  return decodeTypedParams(r.params);
};

Domain.prototype.setSchedulerParameters = async function (this: Domain, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const input = paramsObject("params", params);
  u32("flags", flags);
  const { nparams } = await this.conn.call("domain_get_scheduler_type", { dom: this.ref }, opts);
  const current = await this.conn.call("domain_get_scheduler_parameters", { dom: this.ref, nparams }, opts);
  const p = encodeTypedParams(input, typesOf(current.params));
  if (flags !== 0) {
    await this.conn.call("domain_set_scheduler_parameters_flags", { dom: this.ref, params: p, flags }, opts);
  } else {
    await this.conn.call("domain_set_scheduler_parameters", { dom: this.ref, params: p }, opts);
  }
};
