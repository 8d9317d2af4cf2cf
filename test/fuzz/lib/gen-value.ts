// Random values that fit a schema type, for encoding into valid inputs the
// mutators then damage. Sizes stay mostly small so a run covers many types;
// edge values (0, -1, limits) come up often because decoders break there.
import type { TypeNode, TypeRef, TypeTable } from "../../../src/xdr/schema.js";
import type { Rng } from "./rng.js";

const INT_EDGES = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 255, 65535, 4194304];
const UINT_EDGES = [0, 1, 2, 0xffffffff, 0x7fffffff, 0x80000000, 4194304];
const HYPER_EDGES = [0n, 1n, -1n, (1n << 63n) - 1n, -(1n << 63n)];
const UHYPER_EDGES = [0n, 1n, (1n << 64n) - 1n, 1n << 63n];
const DOUBLE_EDGES = [0, -0, 1.5, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
// Multi-byte UTF-8 on purpose: lengths count bytes, not characters.
const TEXT = ["a", "b", "z", "0", " ", "/", "é", "€", "漢", "😀", "-", "_", "<", ">"];
const MAX_DEPTH = 12;

function big64(r: Rng): bigint {
  return (BigInt(r.u32()) << 32n) | BigInt(r.u32());
}

function int(r: Rng, lo: number, hi: number, edges: readonly number[]): number {
  if (r.chance(0.3)) {
    const e = r.pick(edges);
    if (e >= lo && e <= hi) return e;
  }
  return r.int(lo, hi);
}

function str(r: Rng, max: number): string {
  const target = r.size(max);
  let s = "";
  let bytes = 0;
  while (bytes < target) {
    const c = r.pick(TEXT);
    const n = Buffer.byteLength(c);
    if (bytes + n > max) break;
    s += c;
    bytes += n;
  }
  return s;
}

/** A value of type `ref` that the codec encodes without error. */
export function genValue(types: TypeTable, ref: TypeRef, r: Rng, depth = 0): unknown {
  if (typeof ref === "string") {
    switch (ref) {
      case "int":
        return int(r, -0x80000000, 0x7fffffff, INT_EDGES);
      case "uint":
        return int(r, 0, 0xffffffff, UINT_EDGES);
      case "char":
        return int(r, -128, 127, INT_EDGES);
      case "uchar":
        return int(r, 0, 255, UINT_EDGES);
      case "short":
        return int(r, -32768, 32767, INT_EDGES);
      case "ushort":
        return int(r, 0, 65535, UINT_EDGES);
      case "hyper":
        return r.chance(0.3) ? r.pick(HYPER_EDGES) : BigInt.asIntN(64, big64(r));
      case "uhyper":
        return r.chance(0.3) ? r.pick(UHYPER_EDGES) : big64(r);
      case "float":
        return Math.fround(r.int(-1000, 1000) / 8);
      case "double":
        return r.chance(0.3) ? r.pick(DOUBLE_EDGES) : (r.next() - 0.5) * 1e9;
      case "bool":
        return r.chance(0.5);
      default:
        return genValue(types, types[ref]!, r, depth);
    }
  }
  const n: TypeNode = ref;
  const deep = depth >= MAX_DEPTH;
  switch (n.t) {
    case "string":
      return str(r, n.max);
    case "opaque":
      return r.bytes(r.size(n.max));
    case "fopaque":
      return r.bytes(n.len);
    case "array": {
      // Nested arrays stay short: a run should visit many types, not few big values.
      const len = deep ? 0 : depth > 2 ? r.int(0, Math.min(n.max, 3)) : r.size(n.max);
      const out: unknown[] = [];
      for (let i = 0; i < len; i++) out.push(genValue(types, n.of, r, depth + 1));
      return out;
    }
    case "vector": {
      const out: unknown[] = [];
      for (let i = 0; i < n.len; i++) out.push(genValue(types, n.of, r, depth + 1));
      return out;
    }
    case "opt":
      return deep || r.chance(0.3) ? null : genValue(types, n.of, r, depth + 1);
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const [name, fr] of n.fields) o[name] = genValue(types, fr, r, depth + 1);
      return o;
    }
    case "union": {
      const keys = Object.keys(n.arms).map(Number);
      const d = r.pick(keys);
      const arm = n.arms[d];
      const o: Record<string, unknown> = { [n.disc[0]]: d };
      if (arm) o[arm[0]] = genValue(types, arm[1], r, depth + 1);
      return o;
    }
    case "enum": {
      const vals = Object.values(n.values);
      return vals.length && r.chance(0.9) ? r.pick(vals) : r.int(-5, 100);
    }
    case "void":
      return null;
  }
}
