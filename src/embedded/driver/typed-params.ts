// Typed parameters as the driver sees them, and virTypedParamsValidate.
import { ParamType, type ParamTypeCode } from "../../protocol/typed-param-types.js";
import { ErrCode, ErrDomain, virErr } from "./errors.js";

export type TypedParam =
  | { field: string; type: typeof ParamType.INT | typeof ParamType.UINT | typeof ParamType.DOUBLE; value: number }
  | { field: string; type: typeof ParamType.LLONG | typeof ParamType.ULLONG; value: bigint }
  | { field: string; type: typeof ParamType.BOOLEAN; value: boolean }
  | { field: string; type: typeof ParamType.STRING; value: string };

// libvirt's names for the types are the constants' names in lower case.
const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(ParamType).map(([name, code]) => [code, name.toLowerCase()]));

export const tp = {
  int: (field: string, value: number): TypedParam => ({ field, type: ParamType.INT, value }),
  uint: (field: string, value: number): TypedParam => ({ field, type: ParamType.UINT, value }),
  llong: (field: string, value: bigint): TypedParam => ({ field, type: ParamType.LLONG, value }),
  ullong: (field: string, value: bigint | number): TypedParam => ({ field, type: ParamType.ULLONG, value: BigInt(value) }),
  bool: (field: string, value: boolean): TypedParam => ({ field, type: ParamType.BOOLEAN, value }),
  str: (field: string, value: string): TypedParam => ({ field, type: ParamType.STRING, value }),
};

/**
 * virTypedParamsValidate: every field known with the right type, and no
 * field twice unless `multiple` lists it. libvirt walks the parameters
 * sorted by name, so the first problem in that order is the one reported.
 */
export function validateParams(params: readonly TypedParam[], spec: Record<string, ParamTypeCode>, multiple: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const p of [...params].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))) {
    const want = spec[p.field];
    if (want === undefined) throw virErr(ErrCode.ARGUMENT_UNSUPPORTED, ErrDomain.NONE, `parameter '${p.field}' not supported`);
    if (seen.has(p.field) && !multiple.includes(p.field)) {
      throw virErr(ErrCode.INVALID_ARG, ErrDomain.NONE, `parameter '${p.field}' occurs multiple times`);
    }
    if (p.type !== want) {
      throw virErr(
        ErrCode.INVALID_ARG,
        ErrDomain.NONE,
        `invalid type '${TYPE_NAMES[p.type] ?? "unknown"}' for parameter '${p.field}', expected '${TYPE_NAMES[want]}'`,
      );
    }
    seen.add(p.field);
  }
}
