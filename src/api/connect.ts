import { REMOTE } from "../protocol/generated/remote.js";
import { QEMU } from "../protocol/generated/qemu.js";
import { KEEPALIVE } from "../protocol/generated/keepalive.js";
import { RpcClient } from "../rpc/client.js";
import { TransportError, VirtError } from "../rpc/errors.js";
import type { Transport } from "../transport/transport.js";
import { parseUri, serverName, defaultUri, type ParsedUri } from "../transport/uri.js";
import { unixSocketFor } from "../transport/unix-path.js";
import { openUnix, openTcp } from "../transport/net.js";
import { memoryTransport } from "../transport/memory.js";
import { openEmbedded } from "../embedded/index.js";
import { Connection } from "./connection.js";
import type { ConnectOptions } from "./connect-options.js";

// Feature numbers (VIR_DRV_FEATURE_*) probed during open.
const FEATURE_PROGRAM_KEEPALIVE = 10;
const FEATURE_REMOTE_EVENT_CALLBACK = 14;
const FEATURE_REMOTE_CLOSE_CALLBACK = 15;
const AUTH_NONE = 0;
const AUTH_SASL = 1;
const AUTH_POLKIT = 2;
const CONNECT_RO = 1;

/** Whether a URI is served in-process by the embedded test driver (libvirt does the same). */
export function isEmbeddedUri(u: ParsedUri): boolean {
  return u.driver === "test" && !u.explicitTransport && u.host === null;
}

async function openTransport(u: ParsedUri, readonly: boolean, signal?: AbortSignal): Promise<Transport> {
  if (isEmbeddedUri(u)) return memoryTransport(openEmbedded(u.original));
  switch (u.transport) {
    case "unix":
      return openUnix(unixSocketFor(u, readonly).path, signal);
    case "tcp":
      return openTcp(u.host ?? "localhost", u.port ?? 16509, signal);
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
  const transport = await openTransport(parsed, readonly, signal);
  const rpc = new RpcClient(transport, {
    programs: [REMOTE, QEMU, KEEPALIVE],
    keepalive: options.keepalive ?? {},
  });
  const callOpts = { signal };
  try {
    await authenticate(rpc, callOpts);
    const keepalive = await supports(rpc, FEATURE_PROGRAM_KEEPALIVE, callOpts);
    await rpc.call(
      "connect_open",
      { name: isEmbeddedUri(parsed) ? parsed.original : serverName(parsed), flags: (options.flags ?? 0) | (readonly ? CONNECT_RO : 0) },
      callOpts,
    );
    const eventCallback = await supports(rpc, FEATURE_REMOTE_EVENT_CALLBACK, callOpts);
    const closeCallback = await supports(rpc, FEATURE_REMOTE_CLOSE_CALLBACK, callOpts);
    if (keepalive && options.keepalive !== false) rpc.startKeepalive();
    return new Connection(rpc, parsed, {
      readonly,
      callTimeout: options.callTimeout ?? 0,
      features: { keepalive, eventCallback, closeCallback },
    });
  } catch (err) {
    rpc.destroy();
    throw err;
  }
}

async function supports(rpc: RpcClient, feature: number, opts: { signal?: AbortSignal | undefined }): Promise<boolean> {
  const r = await rpc.call<{ supported: number }>("connect_supports_feature", { feature }, opts);
  return r.supported !== 0;
}

async function authenticate(rpc: RpcClient, opts: { signal?: AbortSignal | undefined }): Promise<void> {
  const { types } = await rpc.call<{ types: number[] }>("auth_list", undefined, opts);
  if (types.length === 0 || types.includes(AUTH_NONE)) return;
  if (types.includes(AUTH_POLKIT)) {
    const r = await rpc.call<{ complete: number }>("auth_polkit", undefined, opts);
    if (r.complete) return;
    throw VirtError.local(45, 7, "authentication failed: polkit did not complete");
  }
  if (types.includes(AUTH_SASL)) {
    throw VirtError.local(45, 7, "authentication failed: SASL authentication is not supported yet");
  }
  throw VirtError.local(45, 7, `authentication failed: unsupported auth types ${types.join(",")}`);
}
