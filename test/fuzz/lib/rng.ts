// Seeded PRNG for the fuzzers: every input is rebuilt from (seed, index), so a
// failure found after millions of inputs is reproduced by its index alone.

export class Rng {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  /** The generator for input `index` of a run seeded with `seed`. */
  static forInput(seed: number, index: number): Rng {
    // Two rounds of a 32-bit hash so neighbouring indices start far apart.
    let h = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ index;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    return new Rng(h ^ (h >>> 16) ^ Math.imul(index, 0x27d4eb2d));
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in lo..hi inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  u32(): number {
    return (this.next() * 4294967296) >>> 0;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }

  /** Mostly small sizes, sometimes up to `max`: fuzzing wants both. */
  size(max: number): number {
    const r = this.next();
    const cap = r < 0.7 ? 4 : r < 0.95 ? 32 : 300;
    return this.int(0, Math.min(max, cap));
  }
}
