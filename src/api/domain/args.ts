// Argument checks of Domain methods (and of the Connection calls on domains):
// validate.ts's checks in the DOMAIN error domain, as libvirt's own argument
// checks report them, plus the shapes only these calls take. A wrong type or
// an out-of-range number fails with VIR_ERR_INVALID_ARG before anything is sent.
import { resolve } from "node:path";
import { VirtError } from "../../rpc/errors.js";
import type { TypedParamValue } from "../typed-params.js";
import { bigIntArg, intArg, invalidArgument, optStringArg, stringArg } from "../validate.js";

const D = VirtError.FROM_DOMAIN;

/** "invalid argument: <message>" in the DOMAIN error domain. */
export function badArg(message: string): VirtError {
  return invalidArgument(D, message);
}

/** virReportInvalidArg's words, which libvirt reports without the "invalid argument:" prefix. */
export function reportInvalidArg(message: string): VirtError {
  return VirtError.local(VirtError.ERR_INVALID_ARG, D, message);
}

/** C unsigned int (flags, ids, counts). */
export function u32(what: string, v: unknown): number {
  return intArg(D, what, v, 0, 0xffffffff);
}

/** C int. */
export function i32(what: string, v: unknown): number {
  return intArg(D, what, v, -0x80000000, 0x7fffffff);
}

/** unsigned long long (sizes, offsets); numbers beyond 2^53 must be bigints. */
export function u64(what: string, v: unknown): bigint {
  return bigIntArg(D, what, v, 0n, (1n << 64n) - 1n);
}

/** long long. */
export function i64(what: string, v: unknown): bigint {
  return bigIntArg(D, what, v, -(1n << 63n), (1n << 63n) - 1n);
}

export function str(what: string, v: unknown): string {
  return stringArg(D, what, v);
}

export function optStr(what: string, v: unknown): string | null {
  return optStringArg(D, what, v);
}

function listOf<T>(what: string, v: unknown, max: number, kind: string, each: (what: string, v: unknown) => T): T[] {
  if (!Array.isArray(v)) throw badArg(`${what} must be an array of ${kind}`);
  if (v.length > max) throw badArg(`${what} has ${v.length} entries, the protocol allows ${max}`);
  return v.map((x, i) => each(`${what}[${i}]`, x));
}

export function strList(what: string, v: unknown, max: number): string[] {
  return listOf(what, v, max, "strings", str);
}

export function u32List(what: string, v: unknown, max: number): number[] {
  return listOf(what, v, max, "integers", u32);
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

/** A list of file descriptor numbers (checked, though only an empty list can be sent). */
export function fdList(what: string, v: unknown, nonEmpty: boolean): readonly number[] {
  if (!Array.isArray(v) || (nonEmpty && v.length === 0) || !v.every((fd) => Number.isInteger(fd) && fd >= 0)) {
    throw badArg(`${what} must be ${nonEmpty ? "a non-empty array" : "an array"} of file descriptor numbers`);
  }
  return v as number[];
}

/**
 * libvirt's client library makes save/restore/dump paths absolute before the
 * call, because the daemon resolves them against its own working directory.
 */
export function absolutePath(what: string, path: unknown): string {
  if (typeof path !== "string" || path === "") throw badArg(`${what} must be a non-empty path`);
  return resolve(path);
}
