// How typed-parameter getters call: the two-step counted fetch, and the
// STRING_OKAY flag libvirt's client adds.
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
import { decodeTypedParams, type TypedParams, type TypedParamValue } from "../typed-params.js";
import { TYPED_PARAM_STRING_OKAY } from "../../protocol/typed-param-types.js";
import { u32 } from "./args.js";

/** What setters take: a Sys::Virt-style hash; undefined values are skipped. */
export type ParamsInput = Readonly<Record<string, TypedParamValue | undefined>>;

/**
 * Get*Parameters, as libvirt's client calls them: `flags` checked and
 * STRING_OKAY added; the first call (nparams 0) returns only the count, the
 * second that many parameters (none when the count is 0).
 */
export async function getCountedParams(
  flags: unknown,
  get: (nparams: number, flags: number) => Promise<{ params: remote_typed_param[]; nparams: number }>,
): Promise<TypedParams> {
  const f = stringOkay(u32("flags", flags));
  const { nparams } = await get(0, f);
  if (nparams === 0) return {};
  return decodeTypedParams((await get(nparams, f)).params);
}

/**
 * libvirt's client adds VIR_TYPED_PARAM_STRING_OKAY to these getters: without
 * it the daemon drops string parameters from the reply. (The daemon's own
 * libvirt adds the flag for the driver too, which is why the test driver's
 * scheduler and launch-security getters refuse every call that reaches them.)
 */
export function stringOkay(flags: number): number {
  return (flags | TYPED_PARAM_STRING_OKAY) >>> 0;
}
