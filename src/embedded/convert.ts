// Between wire shapes (generated remote types) and the driver's own.
import type { remote_nonnull_domain, remote_typed_param } from "../protocol/generated/remote-types.js";
import type { DomRef } from "./driver/domain-obj.js";
import { P, TYPED_PARAM_STRING_OKAY, type TypedParam } from "./driver/typed-params.js";
import { ErrCode, ErrDomain, virErr } from "./driver/errors.js";

export function toRef(d: remote_nonnull_domain): DomRef {
  return { name: d.name, uuid: d.uuid, id: d.id };
}

export function fromRef(r: DomRef): remote_nonnull_domain {
  return { name: r.name, uuid: Buffer.from(r.uuid), id: r.id };
}

type WireValue = remote_typed_param["value"];

export function paramToWire(p: TypedParam): remote_typed_param {
  let value: WireValue;
  switch (p.type) {
    case P.INT:
      value = { type: P.INT, i: p.value } as WireValue;
      break;
    case P.UINT:
      value = { type: P.UINT, ui: p.value } as WireValue;
      break;
    case P.DOUBLE:
      value = { type: P.DOUBLE, d: p.value } as WireValue;
      break;
    case P.LLONG:
      value = { type: P.LLONG, l: p.value } as WireValue;
      break;
    case P.ULLONG:
      value = { type: P.ULLONG, ul: p.value } as WireValue;
      break;
    case P.BOOLEAN:
      value = { type: P.BOOLEAN, b: p.value ? 1 : 0 } as WireValue;
      break;
    case P.STRING:
      value = { type: P.STRING, s: p.value } as WireValue;
      break;
  }
  return { field: p.field, value };
}

/**
 * Getters leave string parameters out unless the caller set
 * VIR_TYPED_PARAM_STRING_OKAY, as libvirtd's serializer does.
 */
export function paramsToWire(params: readonly TypedParam[], flags: number | null): remote_typed_param[] {
  const strOk = flags === null || (flags & TYPED_PARAM_STRING_OKAY) !== 0;
  return params.filter((p) => strOk || p.type !== P.STRING).map(paramToWire);
}

export function paramsFromWire(list: readonly remote_typed_param[]): TypedParam[] {
  return list.map((w) => {
    const v = w.value as unknown as Record<string, unknown> & { type: number };
    switch (v.type) {
      case P.INT:
        return { field: w.field, type: P.INT, value: v["i"] as number };
      case P.UINT:
        return { field: w.field, type: P.UINT, value: v["ui"] as number };
      case P.DOUBLE:
        return { field: w.field, type: P.DOUBLE, value: v["d"] as number };
      case P.LLONG:
        return { field: w.field, type: P.LLONG, value: v["l"] as bigint };
      case P.ULLONG:
        return { field: w.field, type: P.ULLONG, value: v["ul"] as bigint };
      case P.BOOLEAN:
        return { field: w.field, type: P.BOOLEAN, value: (v["b"] as number) !== 0 };
      case P.STRING:
        return { field: w.field, type: P.STRING, value: v["s"] as string };
      default:
        throw virErr(ErrCode.RPC, ErrDomain.RPC, `Parameter ${w.field} has unknown type ${v.type}`);
    }
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
