import type { remote_typed_param } from "../protocol/generated/remote-types.js";
import type { ParamTypeCode } from "../protocol/typed-param-types.js";
import { invalidArgument } from "./validate.js";

export type TypedParamValue = number | bigint | string | boolean;
/** Typed parameters as a plain object, as Sys::Virt returns them as a hash. */
export type TypedParams = Record<string, TypedParamValue>;
/** Field name -> wire type, for the fields an API accepts. */
export type ParamTable = Readonly<Record<string, ParamTypeCode>>;

/** Decode the wire list: (u)int and double -> number, (u)llong -> bigint, boolean -> boolean. */
export function decodeTypedParams(list: readonly remote_typed_param[]): TypedParams {
  const out: TypedParams = {};
  for (const p of list) {
    const v = p.value;
    switch (v.type) {
      case 1: out[p.field] = v.i; break;
      case 2: out[p.field] = v.ui; break;
      case 3: out[p.field] = v.l; break;
      case 4: out[p.field] = v.ul; break;
      case 5: out[p.field] = v.d; break;
      case 6: out[p.field] = v.b !== 0; break;
      case 7: out[p.field] = v.s; break;
    }
  }
  return out;
}

/** The wire type of each field in a decoded list (to send values back with the types the server uses). */
export function typesOf(list: readonly remote_typed_param[]): Record<string, ParamTypeCode> {
  const out: Record<string, ParamTypeCode> = {};
  for (const p of list) out[p.field] = p.value.type;
  return out;
}

function bad(field: string, want: string, got: unknown): never {
  throw invalidArgument(0, `parameter '${field}' must be ${want}, got ${typeof got === "bigint" ? `${got}n` : JSON.stringify(got)}`);
}

function toInt(field: string, v: TypedParamValue, min: number, max: number): number {
  const n = typeof v === "bigint" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) bad(field, `an integer in ${min}..${max}`, v);
  return n;
}

function toBig(field: string, v: TypedParamValue, min: bigint, max: bigint): bigint {
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  else return bad(field, "an integer", v);
  if (b < min || b > max) bad(field, `an integer in ${min}..${max}`, v);
  return b;
}

/** Encode one value with an explicit wire type, validating its range. */
export function encodeParam(field: string, type: ParamTypeCode, v: TypedParamValue): remote_typed_param {
  switch (type) {
    case 1: return { field, value: { type, i: toInt(field, v, -0x80000000, 0x7fffffff) } };
    case 2: return { field, value: { type, ui: toInt(field, v, 0, 0xffffffff) } };
    case 3: return { field, value: { type, l: toBig(field, v, -(1n << 63n), (1n << 63n) - 1n) } };
    case 4: return { field, value: { type, ul: toBig(field, v, 0n, (1n << 64n) - 1n) } };
    case 5: {
      const d = typeof v === "bigint" ? Number(v) : v;
      if (typeof d !== "number" || Number.isNaN(d)) bad(field, "a number", v);
      return { field, value: { type, d } };
    }
    case 6: {
      if (typeof v !== "boolean" && v !== 0 && v !== 1 && v !== 0n && v !== 1n) bad(field, "a boolean", v);
      return { field, value: { type, b: v === true || v === 1 || v === 1n ? 1 : 0 } };
    }
    case 7:
      if (typeof v !== "string") bad(field, "a string", v);
      return { field, value: { type, s: v } };
  }
}

/**
 * Encode an object of parameters with the types given by `table`; fields the
 * table does not know are refused before anything is sent.
 */
export function encodeTypedParams(params: Readonly<Record<string, TypedParamValue | undefined>>, table: ParamTable): remote_typed_param[] {
  if (params === null || typeof params !== "object") throw invalidArgument(0, "parameters must be an object");
  const out: remote_typed_param[] = [];
  for (const [field, v] of Object.entries(params)) {
    if (v === undefined) continue;
    const type = table[field];
    if (type === undefined) {
      throw invalidArgument(0, `unknown parameter '${field}' (known: ${Object.keys(table).join(", ")})`);
    }
    out.push(encodeParam(field, type, v));
  }
  return out;
}
