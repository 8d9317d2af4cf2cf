import type { Codec } from "../xdr/codec.js";
import { CallTimeoutError } from "./errors.js";
import type { CallOptions } from "./call-options.js";

/** One call in flight: settles exactly once, from a reply, an abort, a timeout or a close. */
export class PendingCall {
  readonly serial: number;
  readonly prog: number;
  /** Procedure number, which the reply must carry. */
  readonly proc: number;
  readonly procName: string;
  readonly retCodec: Codec | null;
  private resolveFn: (v: unknown) => void;
  private rejectFn: (e: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private signal: AbortSignal | undefined;
  private onAbort: (() => void) | undefined;
  settled = false;

  constructor(
    serial: number,
    prog: number,
    proc: number,
    procName: string,
    retCodec: Codec | null,
    resolve: (v: unknown) => void,
    reject: (e: unknown) => void,
  ) {
    this.serial = serial;
    this.prog = prog;
    this.proc = proc;
    this.procName = procName;
    this.retCodec = retCodec;
    this.resolveFn = resolve;
    this.rejectFn = reject;
  }

  /** Arm abort and timeout; `drop` removes the call from the table when either fires. */
  arm(opts: CallOptions | undefined, drop: (p: PendingCall) => void): void {
    if (!opts) return;
    const { signal, timeout } = opts;
    if (signal) {
      this.signal = signal;
      this.onAbort = () => {
        drop(this);
        this.reject(signal.reason);
      };
      signal.addEventListener("abort", this.onAbort, { once: true });
    }
    if (timeout !== undefined && timeout > 0) {
      this.timer = setTimeout(() => {
        drop(this);
        this.reject(new CallTimeoutError(this.procName, timeout));
      }, timeout);
    }
  }

  resolve(v: unknown): void {
    if (this.settled) return;
    this.cleanup();
    this.resolveFn(v);
  }

  reject(e: unknown): void {
    if (this.settled) return;
    this.cleanup();
    this.rejectFn(e);
  }

  private cleanup(): void {
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.signal && this.onAbort) this.signal.removeEventListener("abort", this.onAbort);
  }
}
