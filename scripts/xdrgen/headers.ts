// Integer symbols from libvirt's C headers: `#define NAME <int expr>` and
// enum members `NAME = <int literal>`. The .x files size some fields with
// these (VIR_UUID_BUFLEN, VIR_SECURITY_*_BUFLEN, VIR_TYPED_PARAM_*).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const DEFAULT_HEADER_DIR = "/usr/include/libvirt";

export interface HeaderSymbols {
  /** The value of `name`, or undefined when unknown or defined inconsistently. */
  get(name: string): number | undefined;
}

export function readHeaderSymbols(dir: string): HeaderSymbols {
  const values = new Map<string, number>();
  const clashes = new Set<string>();
  const add = (name: string, v: number): void => {
    const prev = values.get(name);
    if (prev !== undefined && prev !== v) clashes.add(name);
    values.set(name, v);
  };
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".h")) continue;
    const text = readFileSync(join(dir, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, " ");
    for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n]+)$/gm)) {
      const v = evalIntExpr(m[2]!);
      if (v !== null) add(m[1]!, v);
    }
    for (const m of text.matchAll(/^[ \t]*([A-Z_][A-Z0-9_]*)[ \t]*=[ \t]*(-?(?:0[xX][0-9A-Fa-f]+|\d+))[ \t]*,?[ \t]*$/gm)) {
      add(m[1]!, Number(m[2]));
    }
  }
  return { get: (name) => (clashes.has(name) ? undefined : values.get(name)) };
}

/** Evaluates a C integer expression of literals, + - * / << >> and parentheses; null if it is anything else. */
export function evalIntExpr(expr: string): number | null {
  const toks = expr.trim().match(/0[xX][0-9A-Fa-f]+[uUlL]*|\d+[uUlL]*|<<|>>|[-+*/()]|\S/g);
  if (!toks) return null;
  let i = 0;
  const lit = (t: string): number | null => {
    const s = t.replace(/[uUlL]+$/, "");
    if (/^0[xX][0-9A-Fa-f]+$/.test(s)) return parseInt(s.slice(2), 16);
    if (/^\d+$/.test(s)) return parseInt(s, 10);
    return null;
  };
  const primary = (): number | null => {
    const t = toks[i++];
    if (t === undefined) return null;
    if (t === "(") {
      const v = shift();
      return toks[i++] === ")" ? v : null;
    }
    if (t === "-") {
      const v = primary();
      return v === null ? null : -v;
    }
    return lit(t);
  };
  const binary = (next: () => number | null, ops: Record<string, (a: number, b: number) => number>) => (): number | null => {
    let a = next();
    while (a !== null && toks[i] !== undefined && ops[toks[i]!]) {
      const op = ops[toks[i++]!]!;
      const b = next();
      if (b === null) return null;
      a = op(a, b);
    }
    return a;
  };
  const mul = binary(primary, { "*": (a, b) => a * b, "/": (a, b) => Math.trunc(a / b) });
  const add = binary(mul, { "+": (a, b) => a + b, "-": (a, b) => a - b });
  const shift = binary(add, { "<<": (a, b) => a * 2 ** b, ">>": (a, b) => Math.floor(a / 2 ** b) });
  const v = shift();
  return v !== null && i === toks.length && Number.isSafeInteger(v) ? v : null;
}
