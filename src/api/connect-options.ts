import type { KeepaliveOptions } from "../rpc/keepalive.js";
import type { ReconnectOptions } from "./reconnect.js";
import type { AuthOption } from "./auth-types.js";

export interface ConnectOptions {
  /** Open read-only (VIR_CONNECT_RO); on a unix socket this picks the -ro socket. */
  readonly?: boolean;
  /** Keepalive interval/count in seconds (libvirt's defaults 5/5), or false to send no pings. */
  keepalive?: KeepaliveOptions | false;
  /** Abort the connect. */
  signal?: AbortSignal;
  /** Give up connecting after this many milliseconds. */
  timeout?: number;
  /**
   * Default timeout in milliseconds for every call on this connection once
   * open (0: none): stream opens, event registrations and feature probes too.
   * A call's own `timeout` replaces it; the open itself is bounded by `timeout`.
   */
  callTimeout?: number;
  /**
   * Microseconds to keep polling the socket instead of sleeping while calls
   * are in flight (0, the default: never). Trades client CPU for latency:
   * on virtual machines, where waking a sleeping CPU is dear, 250 lifts
   * sequential call rates by a third or more. See docs/benchmarks.md.
   */
  busyPoll?: number;
  /**
   * Bytes that may wait unsent for a server that stopped reading before new
   * calls are refused with WriteQueueFullError (default 64 MiB).
   */
  maxQueuedBytes?: number;
  /** CONNECT_OPEN flags beyond read-only (e.g. VIR_CONNECT_NO_ALIASES = 2). */
  flags?: number;
  /**
   * Reconnect with exponential backoff when the connection is lost (opt-in;
   * see src/api/reconnect.ts): Domain handles and event subscriptions carry
   * over; the Connection emits "disconnected" and "reconnected"
   * ({ eventsMayHaveBeenMissed: true }). Calls while down reject at once with
   * ConnectionClosedError.
   */
  reconnect?: ReconnectOptions | boolean;
  /**
   * SASL credentials: { username, password } (used before libvirt's auth
   * file) or a callback asked for whatever the auth file did not provide.
   * See docs/remote.md.
   */
  auth?: AuthOption;
}
