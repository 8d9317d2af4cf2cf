// The two calling patterns of typed-parameter getters.
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
import { TYPED_PARAM_STRING_OKAY, type TypedParamValue } from "../typed-params.js";

/** What setters take: a Sys::Virt-style hash; undefined values are skipped. */
export type ParamsInput = Readonly<Record<string, TypedParamValue | undefined>>;

/**
 * Get*Parameters: the first call (nparams 0) returns only the count, the
 * second that many parameters. Nothing to fetch when the count is 0.
 */
export async function fetchCounted(
  get: (nparams: number) => Promise<{ params: remote_typed_param[]; nparams: number }>,
): Promise<remote_typed_param[]> {
  const { nparams } = await get(0);
  if (nparams === 0) return [];
  return (await get(nparams)).params;
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
