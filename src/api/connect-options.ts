import type { KeepaliveOptions } from "../rpc/keepalive.js";

export interface ConnectOptions {
  /** Open read-only (VIR_CONNECT_RO); on a unix socket this picks the -ro socket. */
  readonly?: boolean;
  /** Keepalive interval/count in seconds (libvirt's defaults 5/5), or false to send no pings. */
  keepalive?: KeepaliveOptions | false;
  /** Abort the connect. */
  signal?: AbortSignal;
  /** Give up connecting after this many milliseconds. */
  timeout?: number;
  /** Default timeout in milliseconds for every call on this connection (0: none). */
  callTimeout?: number;
  /** CONNECT_OPEN flags beyond read-only (e.g. VIR_CONNECT_NO_ALIASES = 2). */
  flags?: number;
}
