import { Domain } from "./handle.js";
import { charsToString } from "../connection.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { VirtError } from "../../rpc/errors.js";
import { decodeTypedParams, encodeTypedParams, type TypedParams } from "../typed-params.js";
import { LAUNCH_SECURITY_STATE_PARAMS } from "./param-tables.js";
import { stringOkay, type ParamsInput } from "./typed-fetch.js";
import { paramsObject, u32 } from "./args.js";

/** Sys::Virt's security label hash. */
export interface SecurityLabel {
  /** The label ("" when no security driver labels the domain). */
  label: string;
  /** 1 when the label is enforced. */
  enforcing: number;
}

/** The wire label is a char array that includes C's terminating NUL. */
function toLabel(l: { label: number[]; enforcing: number }): SecurityLabel {
  return { label: charsToString(l.label), enforcing: l.enforcing };
}

declare module "./handle.js" {
  interface Domain {
    /** The first security label of the domain. */
    getSecurityLabel(opts?: CallOptions): Promise<SecurityLabel>;
    /** Every security label, one per security driver. */
    getSecurityLabelList(opts?: CallOptions): Promise<SecurityLabel[]>;
    /** LAUNCH_SECURITY_* info of an SEV guest (an empty hash for others). */
    getLaunchSecurityInfo(flags?: number, opts?: CallOptions): Promise<TypedParams>;
    /** Inject a launch secret: sev-secret, sev-secret-header, sev-secret-set-address. */
    setLaunchSecurityState(params: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.getSecurityLabel = async function (this: Domain, opts?: CallOptions): Promise<SecurityLabel> {
  return toLabel(await this.conn.call("domain_get_security_label", { dom: this.ref }, opts));
};

Domain.prototype.getSecurityLabelList = async function (this: Domain, opts?: CallOptions): Promise<SecurityLabel[]> {
  const r = await this.conn.call("domain_get_security_label_list", { dom: this.ref }, opts);
  // The daemon answers a failure of this one call with success and ret -1, dropping the error;
  // libvirt's client then reports its generic error, and so do we.
  if (r.ret < 0) throw VirtError.local(VirtError.ERR_INTERNAL_ERROR, VirtError.FROM_NONE, "An error occurred, but the cause is unknown");
  return r.labels.map(toLabel);
};

Domain.prototype.getLaunchSecurityInfo = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<TypedParams> {
  const f = stringOkay(u32("flags", flags));
  const r = await this.conn.call("domain_get_launch_security_info", { dom: this.ref, flags: f }, opts);
  return decodeTypedParams(r.params);
};

Domain.prototype.setLaunchSecurityState = async function (this: Domain, params: ParamsInput, flags = 0, opts?: CallOptions) {
  const p = encodeTypedParams(paramsObject("params", params), LAUNCH_SECURITY_STATE_PARAMS);
  await this.conn.call("domain_set_launch_security_state", { dom: this.ref, params: p, flags: u32("flags", flags) }, opts);
};
