// Client-side argument checks shared by the lifecycle, save and list calls.
// The server re-checks everything; these catch what the XDR encoder cannot
// see (meaning, not shape) and fail before a round trip.
import { resolve } from "node:path";
import { VirtError } from "../../rpc/errors.js";

/** VIR_ERR_INVALID_ARG raised locally, in the error domain of the API called (Domain: 20). */
export function invalidArg(domain: number, message: string): VirtError {
  return VirtError.local(VirtError.ERR_INVALID_ARG, domain, `invalid argument: ${message}`);
}

/** A list size ("maxnames") the protocol can carry: an integer in 0..max. */
export function checkCount(domain: number, what: string, n: number, max: number): void {
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw invalidArg(domain, `${what} must be an integer in 0..${max}, got ${String(n)}`);
  }
}

/**
 * libvirt's client library makes save/restore/dump paths absolute before the
 * call, because the daemon resolves them against its own working directory.
 */
export function absolutePath(domain: number, what: string, path: unknown): string {
  if (typeof path !== "string" || path === "") throw invalidArg(domain, `${what} must be a non-empty path`);
  return resolve(path);
}

/** A string or null, for optional (remote_string) arguments. */
export function optString(domain: number, what: string, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") throw invalidArg(domain, `${what} must be a string or null`);
  return v;
}
