// Counts the bytes a decoder asks for while it runs: every Buffer it
// allocates and every string it builds from input bytes. Installed by
// wrapping Buffer's allocators once per process; counting only happens
// between start() and stop(), so the harness's own encoding is not counted.

export interface AllocMeter {
  /** Begin counting from zero. */
  start(): void;
  /** Stop counting; returns bytes counted and the largest single request. */
  stop(): { bytes: number; largest: number };
}

let installed: AllocMeter | null = null;

export function allocMeter(): AllocMeter {
  if (installed) return installed;
  let on = false;
  let bytes = 0;
  let largest = 0;
  const note = (n: number): void => {
    if (!on) return;
    bytes += n;
    if (n > largest) largest = n;
  };
  const B = Buffer as unknown as Record<"allocUnsafe" | "allocUnsafeSlow" | "alloc", (size: number, ...rest: unknown[]) => Buffer>;
  for (const name of ["allocUnsafe", "allocUnsafeSlow", "alloc"] as const) {
    const orig = B[name];
    B[name] = function (size: number, ...rest: unknown[]): Buffer {
      note(size);
      return orig.call(Buffer, size, ...rest);
    };
  }
  const proto = Buffer.prototype as unknown as { toString: (this: Buffer, enc?: string, s?: number, e?: number) => string };
  const origToString = proto.toString;
  proto.toString = function (this: Buffer, enc?: string, s?: number, e?: number): string {
    if (on) note(Math.max(0, (e ?? this.length) - (s ?? 0)));
    return origToString.call(this, enc, s, e);
  };
  installed = {
    start() {
      bytes = 0;
      largest = 0;
      on = true;
    },
    stop() {
      on = false;
      return { bytes, largest };
    },
  };
  return installed;
}

/**
 * JS values in a decoded result (objects, arrays, strings, Buffers, numbers,
 * bigints): each costs a small constant beyond its payload bytes.
 */
export function countNodes(v: unknown): number {
  if (v === null || typeof v !== "object") return 1;
  if (v instanceof Uint8Array) return 1;
  let n = 1;
  if (Array.isArray(v)) {
    for (const x of v) n += countNodes(x);
  } else {
    for (const k in v as Record<string, unknown>) n += countNodes((v as Record<string, unknown>)[k]);
  }
  return n;
}
