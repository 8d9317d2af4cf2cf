// Scheduler tunables. Their names and types differ per driver (cpu_shares
// ullong for QEMU, weight uint for the test driver, ...), so like Sys::Virt
// the setter first reads the current parameters to learn the types.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { decodeTypedParams, encodeTypedParams, typesOf, type TypedParams } from "../typed-params.js";
import { stringOkay, type ParamsInput } from "./typed-fetch.js";
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
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

/** The driver's scheduler parameters as listed; the count comes with the scheduler's name. */
async function schedulerParams(dom: Domain, flags: number, opts?: CallOptions): Promise<remote_typed_param[]> {
  const { nparams } = await dom.conn.call("domain_get_scheduler_type", { dom: dom.ref }, opts);
  if (flags === 0) return (await dom.conn.call("domain_get_scheduler_parameters", { dom: dom.ref, nparams }, opts)).params;
  const f = stringOkay(flags);
  return (await dom.conn.call("domain_get_scheduler_parameters_flags", { dom: dom.ref, nparams, flags: f }, opts)).params;
}

Domain.prototype.getSchedulerType = async function (this: Domain, opts?: CallOptions): Promise<string> {
  return (await this.conn.call("domain_get_scheduler_type", { dom: this.ref }, opts)).type;
};

Domain.prototype.getSchedulerParameters = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return decodeTypedParams(await schedulerParams(this, u32("flags", flags), opts));
};

Domain.prototype.setSchedulerParameters = async function (this: Domain, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const input = paramsObject("params", params);
  const f = u32("flags", flags);
  // The current values (plain Get, as Sys::Virt reads them) give each field's wire type.
  const p = encodeTypedParams(input, typesOf(await schedulerParams(this, 0, opts)));
  if (f !== 0) {
    await this.conn.call("domain_set_scheduler_parameters_flags", { dom: this.ref, params: p, flags: f }, opts);
  } else {
    await this.conn.call("domain_set_scheduler_parameters", { dom: this.ref, params: p }, opts);
  }
};
