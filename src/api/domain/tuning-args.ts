// Argument checks for the tuning, stats and guest calls. A wrong type or an
// out-of-range number fails with VIR_ERR_INVALID_ARG in the DOMAIN error
// domain (as libvirt's own argument checks do) before anything is sent.
import { VirtError } from "../../rpc/errors.js";
import type { TypedParamValue } from "../typed-params.js";

export function badArg(message: string): VirtError {
  return VirtError.local(VirtError.ERR_INVALID_ARG, VirtError.FROM_DOMAIN, `invalid argument: ${message}`);
}

function show(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

function intIn(what: string, v: unknown, min: number, max: number): number {
  const n = typeof v === "bigint" && v >= BigInt(min) && v <= BigInt(max) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw badArg(`${what} must be an integer in ${min}..${max}, got ${show(v)}`);
  }
  return n;
}

/** C unsigned int (flags, ids, counts). */
export function u32(what: string, v: unknown): number {
  return intIn(what, v, 0, 0xffffffff);
}

/** C int. */
export function i32(what: string, v: unknown): number {
  return intIn(what, v, -0x80000000, 0x7fffffff);
}

function bigIn(what: string, v: unknown, min: bigint, max: bigint): bigint {
  let b: bigint | undefined;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  if (b === undefined || b < min || b > max) {
    throw badArg(`${what} must be an integer (number or bigint) in ${min}..${max}, got ${show(v)}`);
  }
  return b;
}

/** unsigned long long (sizes, offsets); numbers beyond 2^53 must be bigints. */
export function u64(what: string, v: unknown): bigint {
  return bigIn(what, v, 0n, (1n << 64n) - 1n);
}

/** long long. */
export function i64(what: string, v: unknown): bigint {
  return bigIn(what, v, -(1n << 63n), (1n << 63n) - 1n);
}

export function str(what: string, v: unknown): string {
  if (typeof v !== "string") throw badArg(`${what} must be a string, got ${show(v)}`);
  return v;
}

export function optStr(what: string, v: unknown): string | null {
  return v === null || v === undefined ? null : str(what, v);
}

export function strList(what: string, v: unknown, max: number): string[] {
  if (!Array.isArray(v)) throw badArg(`${what} must be an array of strings`);
  if (v.length > max) throw badArg(`${what} has ${v.length} entries, the protocol allows ${max}`);
  return v.map((s, i) => str(`${what}[${i}]`, s));
}

export function u32List(what: string, v: unknown, max: number): number[] {
  if (!Array.isArray(v)) throw badArg(`${what} must be an array of integers`);
  if (v.length > max) throw badArg(`${what} has ${v.length} entries, the protocol allows ${max}`);
  return v.map((n, i) => u32(`${what}[${i}]`, n));
}

/** Byte strings (cpumaps): a Buffer or Uint8Array of at most `max` bytes, copied. */
export function bytes(what: string, v: unknown, max: number): Buffer {
  if (!(v instanceof Uint8Array)) throw badArg(`${what} must be a Buffer or Uint8Array`);
  if (v.length > max) throw badArg(`${what} is ${v.length} bytes, the protocol allows ${max}`);
  return Buffer.from(v);
}

/** A plain object of typed-parameter values (a Sys::Virt hash). */
export function paramsObject(what: string, v: unknown): Record<string, TypedParamValue | undefined> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw badArg(`${what} must be an object`);
  return v as Record<string, TypedParamValue | undefined>;
}
