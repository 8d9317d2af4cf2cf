// Between wire shapes (generated remote types) and the driver's own.
import type { remote_nonnull_domain, remote_typed_param } from "../protocol/generated/remote-types.js";
import { TYPED_PARAM_ARMS } from "../protocol/typed-param-arms.js";
import type { DomRef } from "./driver/domain-obj.js";
import type { TypedParam } from "./driver/typed-params.js";
import { ParamType, TYPED_PARAM_STRING_OKAY } from "../protocol/typed-param-types.js";
import { ErrCode, ErrDomain, virErr } from "./driver/errors.js";

export function toRef(d: remote_nonnull_domain): DomRef {
  return { name: d.name, uuid: d.uuid, id: d.id };
}

export function fromRef(r: DomRef): remote_nonnull_domain {
  return { name: r.name, uuid: Buffer.from(r.uuid), id: r.id };
}

type WireValue = remote_typed_param["value"];

export function paramToWire(p: TypedParam): remote_typed_param {
  const v = p.type === ParamType.BOOLEAN ? (p.value ? 1 : 0) : p.value;
  return { field: p.field, value: { type: p.type, [TYPED_PARAM_ARMS[p.type]!]: v } as WireValue };
}

/**
 * Getters leave string parameters out unless the caller set
 * VIR_TYPED_PARAM_STRING_OKAY, as libvirtd's serializer does.
 */
export function paramsToWire(params: readonly TypedParam[], flags: number | null): remote_typed_param[] {
  const strOk = flags === null || (flags & TYPED_PARAM_STRING_OKAY) !== 0;
  return params.filter((p) => strOk || p.type !== ParamType.STRING).map(paramToWire);
}

export function paramsFromWire(list: readonly remote_typed_param[]): TypedParam[] {
  return list.map((w) => {
    const v = w.value as unknown as Record<string, unknown> & { type: number };
    const key = TYPED_PARAM_ARMS[v.type];
    if (key === undefined) throw virErr(ErrCode.RPC, ErrDomain.RPC, `Parameter ${w.field} has unknown type ${v.type}`);
    const value = v.type === ParamType.BOOLEAN ? (v[key] as number) !== 0 : v[key];
    return { field: w.field, type: v.type, value } as TypedParam;
  });
}

/** char<> / char[] fields travel as one number per byte. */
export function charsOf(s: string, nul: boolean): number[] {
  const b = Buffer.from(s, "utf8");
  const out = [...b].map((x) => (x > 127 ? x - 256 : x));
  if (nul) out.push(0);
  return out;
}

export function fixedChars(s: string, len: number): number[] {
  const out = charsOf(s, false).slice(0, len - 1);
  while (out.length < len) out.push(0);
  return out;
}
