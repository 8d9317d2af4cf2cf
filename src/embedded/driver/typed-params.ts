// Typed parameters as the driver sees them, and virTypedParamsValidate.
import { ErrCode, ErrDomain, virErr } from "./errors.js";

export const P = { INT: 1, UINT: 2, LLONG: 3, ULLONG: 4, DOUBLE: 5, BOOLEAN: 6, STRING: 7 } as const;
export type ParamType = (typeof P)[keyof typeof P];

export type TypedParam =
  | { field: string; type: typeof P.INT | typeof P.UINT | typeof P.DOUBLE; value: number }
  | { field: string; type: typeof P.LLONG | typeof P.ULLONG; value: bigint }
  | { field: string; type: typeof P.BOOLEAN; value: boolean }
  | { field: string; type: typeof P.STRING; value: string };

const TYPE_NAMES: Record<number, string> = {
  1: "int",
  2: "uint",
  3: "llong",
  4: "ullong",
  5: "double",
  6: "boolean",
  7: "string",
};

export const tp = {
  int: (field: string, value: number): TypedParam => ({ field, type: P.INT, value }),
  uint: (field: string, value: number): TypedParam => ({ field, type: P.UINT, value }),
  llong: (field: string, value: bigint): TypedParam => ({ field, type: P.LLONG, value }),
  ullong: (field: string, value: bigint | number): TypedParam => ({ field, type: P.ULLONG, value: BigInt(value) }),
  bool: (field: string, value: boolean): TypedParam => ({ field, type: P.BOOLEAN, value }),
  str: (field: string, value: string): TypedParam => ({ field, type: P.STRING, value }),
};

/**
 * virTypedParamsValidate: every field known with the right type, and no
 * field twice unless `multiple` lists it. libvirt walks the parameters
 * sorted by name, so the first problem in that order is the one reported.
 */
export function validateParams(params: readonly TypedParam[], spec: Record<string, ParamType>, multiple: readonly string[] = []): void {
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

/** Getters drop string parameters unless the caller set VIR_TYPED_PARAM_STRING_OKAY. */
export const TYPED_PARAM_STRING_OKAY = 4;

