/** Options every call accepts. */
export interface CallOptions {
  /** Abandon the call when this signal aborts; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Reject with CallTimeoutError after this many milliseconds (0 or undefined: no limit). */
  timeout?: number | undefined;
}

/** Longest timeout Node's timers keep; a larger one would fire at once. */
export const MAX_TIMEOUT_MS = 0x7fffffff;

/** Why `opts` is not usable CallOptions, or null. Checked before a call takes a serial. */
export function callOptionsProblem(opts: unknown): string | null {
  if (opts === undefined || opts === null) return null;
  if (typeof opts !== "object") return `call options must be an object, got ${typeof opts}`;
  const { signal, timeout } = opts as Record<string, unknown>;
  if (signal !== undefined && !(signal instanceof AbortSignal)) return "call option signal must be an AbortSignal";
  if (timeout !== undefined && !(typeof timeout === "number" && timeout >= 0 && timeout <= MAX_TIMEOUT_MS)) {
    return `call option timeout must be a number of milliseconds in 0..${MAX_TIMEOUT_MS}`;
  }
  return null;
}
