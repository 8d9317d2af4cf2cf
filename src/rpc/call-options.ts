/** Options every call accepts. */
export interface CallOptions {
  /** Abandon the call when this signal aborts; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Reject with CallTimeoutError after this many milliseconds (0 or undefined: no limit). */
  timeout?: number | undefined;
}
