// Cancelling a migration. Abandoning the long PERFORM call (what a signal
// does to an ordinary call) would leave the migration running: peer-to-peer
// it completes later behind the caller's back; client-driven the client would
// tear the destination down under a live transfer. So the caller's signal and
// timeout abort the job on the source (virDomainAbortJob) and the call is
// awaited: once the promise settles, the guest is on exactly one host.
import type { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { CallTimeoutError } from "../../rpc/errors.js";

/** The caller's signal and timeout as one signal, for the whole migration. */
export interface Cancel {
  readonly signal: AbortSignal;
  /** Throws the abort reason once aborted. */
  check(): void;
  dispose(): void;
}

export function cancelOf(api: string, opts?: CallOptions): Cancel {
  const ac = new AbortController();
  const outer = opts?.signal;
  const follow = (): void => ac.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener("abort", follow, { once: true });
  const ms = opts?.timeout ?? 0;
  const timer = ms > 0 ? setTimeout(() => ac.abort(new CallTimeoutError(api, ms)), ms) : undefined;
  return {
    signal: ac.signal,
    check() {
      if (ac.signal.aborted) throw ac.signal.reason;
    },
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", follow);
    },
  };
}

/** How often abortJob is retried while the source has no abortable job yet. */
const RETRY_MS = 250;

/**
 * Runs a long migration call on `dom`'s host with no deadline of its own;
 * on abort, aborts the source's job (retrying until it takes or the call
 * ends) and waits for the call. Rejects with the abort reason if the call
 * failed after an abort; resolves if the migration completed regardless
 * (switch-over already under way, or post-copy, which cannot be aborted).
 */
export async function abortable<T>(dom: Domain, cancel: Cancel, run: (o: CallOptions) => Promise<T>): Promise<T> {
  cancel.check();
  let aborted = false;
  let pending = true;
  const abortJob = async (): Promise<void> => {
    aborted = true;
    while (pending) {
      try {
        await dom.conn.call("domain_abort_job", { dom: dom.ref }, {});
        return;
      } catch {
        // No migration job yet (or not abortable): try again while the call lasts.
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  };
  const onAbort = (): void => void abortJob();
  cancel.signal.addEventListener("abort", onAbort, { once: true });
  try {
    // timeout 0: the connection's default call timeout does not cut a migration short.
    return await run({ timeout: 0 });
  } catch (err) {
    if (aborted) throw cancel.signal.reason;
    throw err;
  } finally {
    pending = false;
    cancel.signal.removeEventListener("abort", onAbort);
  }
}
