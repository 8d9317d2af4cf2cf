import { REMOTE } from "../protocol/generated/remote.js";
import { QEMU } from "../protocol/generated/qemu.js";
import { KEEPALIVE } from "../protocol/generated/keepalive.js";
import { RpcClient } from "../rpc/client.js";
import { TransportError } from "../rpc/errors.js";
import type { Transport } from "../transport/transport.js";
import { parseUri, defaultUri, type ParsedUri } from "../transport/uri.js";
import { unixSocketFor } from "../transport/unix-path.js";
import { openUnix, openTcp } from "../transport/net.js";
import { memoryTransport } from "../transport/memory.js";
import { Connection } from "./connection.js";
import type { ConnectOptions } from "./connect-options.js";
import { withNewerEvents } from "../rpc/events-protocol.js";
import { enableReconnect } from "./reconnect.js";
import { openTlsForUri, openSshForUri, openExtForUri } from "../transport/open-remote.js";
import { openHandshake } from "./open-handshake.js";
import { asVirtError } from "./auth-errors.js";

// REMOTE plus event messages newer than the generated table.
const REMOTE_PROGRAM = withNewerEvents(REMOTE);


/** Whether a URI is served in-process by the embedded test driver (libvirt does the same). */
export function isEmbeddedUri(u: ParsedUri): boolean {
  return u.driver === "test" && !u.explicitTransport && u.host === null;
}

async function openTransport(u: ParsedUri, readonly: boolean, signal?: AbortSignal): Promise<Transport> {
  if (isEmbeddedUri(u)) {
    // Loaded on first use: applications that never open test:/// URIs skip the
    // driver and its XML library at start-up.
    const { openEmbedded } = await import("../embedded/index.js");
    return memoryTransport(openEmbedded(u.original));
  }
  switch (u.transport) {
    case "unix":
      return openUnix(unixSocketFor(u, readonly).path, signal);
    case "tcp":
      return openTcp(u.host ?? "localhost", u.port ?? 16509, signal);
    case "tls":
      return openTlsForUri(u, signal);
    case "ssh":
      return openSshForUri(u, readonly, signal);
    case "ext":
      return openExtForUri(u, signal);
    default:
      throw new TransportError(`transport "${u.transport}" is not supported yet (URI ${u.original})`);
  }
}

/** Open a connection to libvirt, as virConnectOpen(Auth) does. */
export async function connect(uri?: string | null, options: ConnectOptions = {}): Promise<Connection> {
  const parsed = parseUri(uri ?? defaultUri());
  const readonly = options.readonly ?? false;
  const signals = [options.signal, options.timeout ? AbortSignal.timeout(options.timeout) : undefined].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const transport = await openTransport(parsed, readonly, signal).catch((err: unknown) => {
    throw asVirtError(err);
  });
  let rpc: RpcClient;
  try {
    rpc = new RpcClient(transport, {
      programs: [REMOTE_PROGRAM, QEMU, KEEPALIVE],
      keepalive: options.keepalive ?? {},
      busyPollMicros: options.busyPoll ?? 0,
      ...(options.maxQueuedBytes === undefined ? {} : { maxQueuedBytes: options.maxQueuedBytes }),
    });
  } catch (err) {
    // Bad keepalive, busyPoll or maxQueuedBytes settings: the socket must not stay open.
    transport.destroy();
    throw err;
  }
  const callOpts = { signal };
  try {
    const { keepalive } = await openHandshake(rpc, parsed, options, callOpts);
    // Never true with keepalive: false (no probe is sent then).
    if (keepalive) rpc.startKeepalive();
    const conn = new Connection(rpc, parsed, {
      readonly,
      callTimeout: options.callTimeout ?? 0,
      // The callback features are asked when events or close callbacks first need them.
      features: { keepalive },
    });
    if (options.reconnect) {
      const { reconnect: r, signal: _s, timeout: _t, ...rest } = options;
      enableReconnect(conn, (sig) => connect(uri, { ...rest, signal: sig }), r === true ? {} : r);
    }
    return conn;
  } catch (err) {
    rpc.destroy();
    throw asVirtError(err);
  }
}
