// Opt-in reconnect: when the engine under a Connection is lost (daemon
// restart, network, keepalive), open a fresh one with exponential backoff,
// put it under the same Connection (Domain handles stay valid) and register
// every event subscription and the close callback again.
//
// While down, calls reject at once with the ConnectionClosedError that ended
// the old engine (they do not wait). Events during the outage are lost:
// "reconnected" says so.
import type { Connection } from "./connection.js";
import { ConnectionClosedError } from "../rpc/errors.js";
import { eventsOf } from "./events.js";

export interface ReconnectOptions {
  /** Delay before the first attempt, in ms (default 250). */
  initialDelay?: number;
  /** Upper bound of the delay between attempts, in ms (default 30,000). */
  maxDelay?: number;
  /** Growth of the delay per failed attempt (default 2). */
  factor?: number;
  /** Random spread of each delay, as a fraction (default 0.2 = ±20 %). */
  jitter?: number;
  /** Give up after this many failed attempts in a row (default: never). */
  maxAttempts?: number;
  /** Limit of one attempt (connect + handshake), in ms (default 10,000). */
  attemptTimeout?: number;
}

/** Payload of the "disconnected" event. */
export interface DisconnectedInfo {
  /** Why the engine ended (ConnectionClosedError / KeepaliveTimeoutError). */
  error: Error;
}

/** Payload of the "reconnected" event. */
export interface ReconnectedInfo {
  /** Attempts this outage took (1 = first try). */
  attempt: number;
  /** Milliseconds between the loss and the new engine being ready. */
  downtimeMs: number;
  /** Always true: the server does not replay events sent while we were away. */
  eventsMayHaveBeenMissed: true;
  /** Subscriptions that could not be registered again (e.g. the filtered domain is gone); id 0 = close callback. */
  resubscribeFailures: { localId: number; error: Error }[];
}

/** Payload of "reconnectAttemptFailed": one attempt failed, another follows after `nextDelayMs`. */
export interface ReconnectAttemptFailedInfo {
  attempt: number;
  error: Error;
  nextDelayMs: number;
}

/** Payload of "reconnectFailed" (then "close" follows). */
export interface ReconnectFailedInfo {
  attempts: number;
  error: Error;
}

/** Opens a fresh connection to the same place; the caller takes its engine. */
export type Reopen = (signal: AbortSignal) => Promise<Connection>;

const DEFAULTS = { initialDelay: 250, maxDelay: 30_000, factor: 2, jitter: 0.2, maxAttempts: Infinity, attemptTimeout: 10_000 };

/**
 * @internal used by connect() for `{ reconnect }`. Events on the Connection:
 * "disconnected" (DisconnectedInfo), "reconnected" (ReconnectedInfo),
 * "reconnectAttemptFailed" (ReconnectAttemptFailedInfo), "reconnectFailed"
 * (ReconnectFailedInfo, attempts exhausted); "close" only when the connection
 * ends for good (close() or attempts exhausted).
 */
export function enableReconnect(conn: Connection, reopen: Reopen, options: ReconnectOptions = {}): void {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  if (!(o.initialDelay >= 0) || !(o.maxDelay >= o.initialDelay) || !(o.factor >= 1) || !(o.jitter >= 0 && o.jitter < 1)) {
    throw new RangeError("reconnect: need 0 <= initialDelay <= maxDelay, factor >= 1, 0 <= jitter < 1");
  }
  const events = eventsOf(conn);
  events.survivesClose = true;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let attemptAbort: AbortController | null = null;
  let downSince = 0;

  const finish = (err: Error): void => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    attemptAbort?.abort(err);
    events.shutdown(err);
    conn.emit("close", err);
  };

  const delayFor = (attempt: number): number => {
    const base = Math.min(o.maxDelay, o.initialDelay * o.factor ** (attempt - 1));
    return Math.max(0, Math.round(base * (1 + o.jitter * (Math.random() * 2 - 1))));
  };

  const schedule = (attempt: number): number => {
    const delay = delayFor(attempt);
    timer = setTimeout(() => void tryOnce(attempt), delay);
    return delay;
  };

  const tryOnce = async (attempt: number): Promise<void> => {
    timer = undefined;
    if (stopped) return;
    const ac = new AbortController();
    attemptAbort = ac;
    const t = setTimeout(() => ac.abort(new Error(`reconnect attempt timed out after ${o.attemptTimeout} ms`)), o.attemptTimeout);
    let fresh: Connection;
    try {
      fresh = await reopen(ac.signal);
    } catch (err) {
      clearTimeout(t);
      attemptAbort = null;
      if (stopped) return;
      const error = err instanceof Error ? err : new Error(String(err));
      if (attempt >= o.maxAttempts) {
        conn.emit("reconnectFailed", { attempts: attempt, error } satisfies ReconnectFailedInfo);
        finish(error);
      } else {
        const delay = schedule(attempt + 1);
        conn.emit("reconnectAttemptFailed", { attempt, error, nextDelayMs: delay } satisfies ReconnectAttemptFailedInfo);
      }
      return;
    }
    clearTimeout(t);
    attemptAbort = null;
    if (stopped) {
      fresh.rpc.destroy();
      return;
    }
    conn.adoptRpc(fresh.rpc, fresh.features);
    events.bind(fresh.rpc);
    const failures = await events.reregisterAll();
    if (stopped) return;
    conn.emit("reconnected", {
      attempt,
      downtimeMs: Date.now() - downSince,
      eventsMayHaveBeenMissed: true,
      resubscribeFailures: failures,
    } satisfies ReconnectedInfo);
  };

  conn.onRpcClose = (err: Error) => {
    if (stopped) return;
    if (conn.closingByClient) {
      finish(err);
      return;
    }
    downSince = Date.now();
    conn.emit("disconnected", { error: err } satisfies DisconnectedInfo);
    schedule(1);
  };

  conn.on("closing", () => {
    // close() while down: nothing will emit the engine's close, so end here.
    if (conn.rpc.closed) finish(new ConnectionClosedError("connection closed by the client", "client"));
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
