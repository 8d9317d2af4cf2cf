// Seeded random round trips over every type of the test table, and decoding
// of damaged bytes: it must either succeed or fail with a ProtocolError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codecFor } from "../../src/xdr/codec.js";
import { ProtocolError } from "../../src/xdr/errors.js";
import type { TypeNode, TypeRef, TypeTable } from "../../src/xdr/schema.js";
import { T } from "./table.js";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gen(types: TypeTable, ref: TypeRef, rnd: () => number, depth: number): unknown {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const big64 = () => (BigInt(int(0, 0xffffffff)) << 32n) | BigInt(int(0, 0xffffffff));
  if (typeof ref === "string") {
    switch (ref) {
      case "int":
        return int(-0x80000000, 0x7fffffff);
      case "uint":
        return int(0, 0xffffffff);
      case "char":
        return int(-128, 127);
      case "uchar":
        return int(0, 255);
      case "short":
        return int(-32768, 32767);
      case "ushort":
        return int(0, 65535);
      case "hyper":
        return BigInt.asIntN(64, big64());
      case "uhyper":
        return big64();
      case "float":
        return int(-1000, 1000) / 4;
      case "double":
        return (rnd() - 0.5) * 1e12;
      case "bool":
        return rnd() < 0.5;
      default:
        return gen(types, types[ref]!, rnd, depth);
    }
  }
  const n: TypeNode = ref;
  switch (n.t) {
    case "string": {
      const chars = "abcxyz é€0";
      let s = "";
      while (true) {
        const next = s + chars[int(0, chars.length - 1)];
        if (Buffer.byteLength(next) > Math.min(n.max, 12) || rnd() < 0.2) return s;
        s = next;
      }
    }
    case "opaque":
      return Buffer.from(Array.from({ length: int(0, Math.min(n.max, 9)) }, () => int(0, 255)));
    case "fopaque":
      return Buffer.from(Array.from({ length: n.len }, () => int(0, 255)));
    case "array": {
      const len = depth > 3 ? 0 : int(0, Math.min(n.max, 3));
      return Array.from({ length: len }, () => gen(types, n.of, rnd, depth + 1));
    }
    case "vector":
      return Array.from({ length: n.len }, () => gen(types, n.of, rnd, depth + 1));
    case "opt":
      return depth > 3 || rnd() < 0.3 ? null : gen(types, n.of, rnd, depth + 1);
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const [name, fr] of n.fields) o[name] = gen(types, fr, rnd, depth + 1);
      return o;
    }
    case "union": {
      const keys = Object.keys(n.arms).map(Number);
      const useDefault = n.def !== undefined && rnd() < 0.3;
      const key = useDefault ? 1000 + int(0, 50) : keys[int(0, keys.length - 1)]!;
      const arm = useDefault ? n.def : n.arms[key];
      const discIsBool = n.disc[1] === "bool";
      const o: Record<string, unknown> = { [n.disc[0]]: discIsBool ? key === 1 : key };
      if (arm) o[arm[0]] = gen(types, arm[1], rnd, depth + 1);
      return o;
    }
    case "enum": {
      const vals = Object.values(n.values);
      return vals[int(0, vals.length - 1)];
    }
    case "void":
      return null;
  }
}

const names = Object.keys(T).filter((k) => k !== "nothing");

test("random values round-trip through every type", () => {
  const rnd = rng(12345);
  for (const name of names) {
    const c = codecFor(T, name);
    for (let i = 0; i < 40; i++) {
      const v = gen(T, name, rnd, 0);
      const bytes = c.encode(v);
      assert.equal(bytes.length % 4, 0, `${name}: output not 4-byte aligned`);
      const back = c.decode(bytes);
      assert.deepEqual(back, v, name);
      assert.deepEqual(c.encode(back), bytes, `${name}: re-encoding differs`);
    }
  }
});

test("damaged bytes decode or fail with ProtocolError, nothing else", () => {
  const rnd = rng(777);
  let failures = 0;
  for (const name of names) {
    const c = codecFor(T, name);
    for (let i = 0; i < 30; i++) {
      const bytes = c.encode(gen(T, name, rnd, 0));
      const variants: Buffer[] = [bytes.subarray(0, Math.floor(rnd() * bytes.length))];
      if (bytes.length > 0) {
        const flipped = Buffer.from(bytes);
        flipped[Math.floor(rnd() * bytes.length)] ^= 1 << Math.floor(rnd() * 8);
        variants.push(flipped);
        const huge = Buffer.from(bytes);
        const at = Math.floor(rnd() * (bytes.length / 4)) * 4;
        if (at + 4 <= huge.length) huge.writeUInt32BE(0xfffffff0, at);
        variants.push(huge);
      }
      for (const v of variants) {
        try {
          c.decode(v);
        } catch (err) {
          failures++;
          assert.ok(err instanceof ProtocolError, `${name}: ${String(err)}`);
        }
      }
    }
  }
  assert.ok(failures > 0);
});
