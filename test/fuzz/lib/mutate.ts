// Damage to valid encodings: bit flips, truncation, insertion, deletion,
// length words set to hostile values, splices of two inputs. Several may be
// stacked on one input.
import type { Rng } from "./rng.js";

export type MutationKind =
  | "flip"
  | "byte"
  | "truncate"
  | "insert"
  | "delete"
  | "length"
  | "splice"
  | "duplicate"
  | "append"
  | "random";

export const MUTATIONS: readonly MutationKind[] = [
  "flip",
  "byte",
  "truncate",
  "insert",
  "delete",
  "length",
  "splice",
  "duplicate",
  "append",
  "random",
];

const BYTES = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe];

/** Words that break length and count checks: huge, just past a limit, just past the input. */
function hostileWord(r: Rng, remaining: number): number {
  const fixed = [
    0xffffffff, 0xfffffffe, 0x80000000, 0x7fffffff, 0x40000000, 0x01000000, 0x00400001, 0x00400000, 0x00100001,
    0x02000005, 0x4001, 0x4000, 0x10001, 65, 17, 3, 2, 1, 0,
  ];
  const k = r.int(0, 3);
  if (k === 0) return Math.max(0, remaining + r.int(-2, 8)) >>> 0;
  if (k === 1) return Math.floor(remaining / 4) + r.int(0, 2);
  return r.pick(fixed);
}

function flip(r: Rng, b: Buffer): Buffer {
  if (b.length === 0) return b;
  const out = Buffer.from(b);
  const i = r.int(0, out.length - 1);
  out[i] = out[i]! ^ (1 << r.int(0, 7));
  return out;
}

/** Apply one mutation of `kind`; `other` makes a second valid input for splices. */
export function mutateOnce(r: Rng, kind: MutationKind, b: Buffer, other: () => Buffer): Buffer {
  switch (kind) {
    case "flip":
      return flip(r, b);
    case "byte": {
      if (b.length === 0) return b;
      const out = Buffer.from(b);
      out[r.int(0, out.length - 1)] = r.chance(0.5) ? r.pick(BYTES) : r.int(0, 255);
      return out;
    }
    case "truncate":
      return b.subarray(0, r.int(0, Math.max(0, b.length - 1)));
    case "insert": {
      const at = r.int(0, b.length);
      // Whole words keep later fields aligned, so more of the input is parsed.
      const n = r.chance(0.5) ? 4 * r.int(1, 2) : r.int(1, 7);
      return Buffer.concat([b.subarray(0, at), r.bytes(n), b.subarray(at)]);
    }
    case "delete": {
      if (b.length === 0) return b;
      const at = r.int(0, b.length - 1);
      const n = r.chance(0.5) ? 4 : r.int(1, Math.min(16, b.length - at));
      return Buffer.concat([b.subarray(0, at), b.subarray(at + n)]);
    }
    case "length": {
      if (b.length < 4) return Buffer.concat([b, Buffer.alloc(4, 0xff)]);
      const out = Buffer.from(b);
      const words = out.length >> 2;
      const at = 4 * r.int(0, words - 1);
      out.writeUInt32BE(hostileWord(r, out.length - at - 4), at);
      return out;
    }
    case "splice": {
      const o = other();
      const cut = r.int(0, b.length);
      const from = r.int(0, o.length);
      return Buffer.concat([b.subarray(0, cut), o.subarray(from)]);
    }
    case "duplicate": {
      if (b.length === 0) return b;
      const at = r.int(0, b.length - 1);
      const n = r.int(1, Math.min(32, b.length - at));
      const to = r.int(0, b.length);
      return Buffer.concat([b.subarray(0, to), b.subarray(at, at + n), b.subarray(to)]);
    }
    case "append":
      return Buffer.concat([b, r.bytes(r.int(1, 8))]);
    case "random":
      return r.bytes(r.size(256));
  }
}

/** One to four stacked mutations; returns the damaged bytes and what was done. */
export function mutate(r: Rng, b: Buffer, other: () => Buffer): { bytes: Buffer; kinds: MutationKind[] } {
  const n = r.chance(0.6) ? 1 : r.int(2, 4);
  const kinds: MutationKind[] = [];
  let out = b;
  for (let i = 0; i < n; i++) {
    const k = r.pick(MUTATIONS);
    kinds.push(k);
    out = mutateOnce(r, k, out, other);
  }
  return { bytes: out, kinds };
}
