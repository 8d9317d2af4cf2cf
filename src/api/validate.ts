// Argument checks for public methods whose arguments are not simply handed
// to the XDR encoder (which refuses wrong types and ranges by itself with a
// ProtocolError): booleans sent as ints, callbacks, values used in arithmetic
// before the call, list sizes, meaning the encoder cannot see. Each fails with
// VIR_ERR_INVALID_ARG in the error domain of the API called before anything is
// sent, and never throws anything else whatever the value (a Symbol included).
// domain/args.ts binds these to the DOMAIN error domain for Domain methods.
import { VirtError } from "../rpc/errors.js";

/** A short printable form of any value; never throws. */
export function show(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v);
    case "bigint":
      return `${v}n`;
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    case "object":
      return v === null ? "null" : Array.isArray(v) ? "an array" : "an object";
    default:
      return String(v);
  }
}

/** VIR_ERR_INVALID_ARG raised locally in error domain `domain` (0 none, 20 domain, ...). */
export function invalidArgument(domain: number, message: string): VirtError {
  return VirtError.local(VirtError.ERR_INVALID_ARG, domain, `invalid argument: ${message}`);
}

/** true/false (or 1/0, as C callers pass): the wire's int 1/0. */
export function boolArg(domain: number, what: string, v: unknown): 0 | 1 {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  throw invalidArgument(domain, `${what} must be a boolean, got ${show(v)}`);
}

/** An integer in min..max (number, or a bigint in range); list sizes ("maxnames") are 0..max. */
export function intArg(domain: number, what: string, v: unknown, min: number, max: number): number {
  const n = typeof v === "bigint" && v >= BigInt(min) && v <= BigInt(max) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw invalidArgument(domain, `${what} must be an integer in ${min}..${max}, got ${show(v)}`);
  }
  return n;
}

/** A 64-bit integer in min..max: a bigint, or a number while it is exact. */
export function bigIntArg(domain: number, what: string, v: unknown, min: bigint, max: bigint): bigint {
  let b: bigint | undefined;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  if (b === undefined || b < min || b > max) {
    throw invalidArgument(domain, `${what} must be an integer (number or bigint) in ${min}..${max}, got ${show(v)}`);
  }
  return b;
}

export function stringArg(domain: number, what: string, v: unknown): string {
  if (typeof v !== "string") throw invalidArgument(domain, `${what} must be a string, got ${show(v)}`);
  return v;
}

/** A string, or null/undefined for "none" (a remote_string argument). */
export function optStringArg(domain: number, what: string, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") throw invalidArgument(domain, `${what} must be a string or null, got ${show(v)}`);
  return v;
}

export function callbackArg<F>(domain: number, what: string, v: F): F {
  if (typeof v !== "function") throw invalidArgument(domain, `${what} must be a function, got ${show(v)}`);
  return v;
}
