import type { RpcClient } from "../rpc/client.js";
import { VirtError } from "../rpc/errors.js";
import { serverName, type ParsedUri } from "../transport/uri.js";
import type { ConnectOptions } from "./connect-options.js";
import { asksForAuth, authenticate, authenticateWith } from "./auth.js";
import { askFeature } from "./connection.js";

// VIR_DRV_FEATURE_PROGRAM_KEEPALIVE
const FEATURE_PROGRAM_KEEPALIVE = 10;
const CONNECT_RO = 1;

/**
 * Endpoints (URI + read-only) where a call sent ahead of authentication was
 * refused, once per process: they get AUTH_LIST alone first from then on.
 */
const authFirst = new Set<string>();

type CallOpts = { signal?: AbortSignal | undefined };

/** The daemon's refusal of a call made before the client authenticated. */
function isAuthRequired(err: unknown): boolean {
  return err instanceof VirtError && err.code === VirtError.ERR_RPC && /authentication required/.test(err.message);
}

/**
 * AUTH_LIST, authentication, the keepalive probe and CONNECT_OPEN. Where the
 * server needs no authentication (the common case) the three calls leave in
 * one write and the open takes one round trip; libvirt's client spends two
 * on it. A server that wants authentication refuses the early calls with
 * "authentication required" (so does a polkit socket that has not yet seen
 * AUTH_LIST exempt root): those are sent again after authenticating, and the
 * endpoint is remembered so later opens ask AUTH_LIST alone first.
 */
export async function openHandshake(
  rpc: RpcClient,
  u: ParsedUri,
  options: ConnectOptions,
  callOpts: CallOpts,
): Promise<{ keepalive: boolean }> {
  const readonly = options.readonly ?? false;
  const openArgs = { name: serverName(u), flags: (options.flags ?? 0) | (readonly ? CONNECT_RO : 0) };
  // Not asking keeps the server from pinging and timing us out.
  const probeKeepalive = (): Promise<boolean> =>
    options.keepalive === false ? Promise.resolve(false) : askFeature(rpc, FEATURE_PROGRAM_KEEPALIVE, callOpts);
  const open = (): Promise<unknown> => rpc.call("connect_open", openArgs, callOpts);
  const key = `${readonly ? "ro" : "rw"} ${u.original}`;

  if (asksForAuth(u) || authFirst.has(key)) {
    await authenticate(rpc, u, options.auth, callOpts);
    // The keepalive probe and the open leave in one write.
    const [keepalive] = await Promise.all([probeKeepalive(), open()]);
    return { keepalive };
  }

  const [list, ka, opened] = await Promise.allSettled([
    rpc.call<{ types: number[] }>("auth_list", undefined, callOpts),
    probeKeepalive(),
    open(),
  ]);
  if (list.status === "rejected") throw list.reason;
  const kaRefused = ka.status === "rejected" && isAuthRequired(ka.reason);
  const openRefused = opened.status === "rejected" && isAuthRequired(opened.reason);
  if (ka.status === "rejected" && !kaRefused) throw ka.reason;
  if (opened.status === "rejected" && !openRefused) throw opened.reason;
  if (!kaRefused && !openRefused) return { keepalive: ka.status === "fulfilled" && ka.value };

  authFirst.add(key);
  await authenticateWith(rpc, u, options.auth, list.value.types, callOpts);
  const [keepalive] = await Promise.all([
    kaRefused ? probeKeepalive() : Promise.resolve(ka.status === "fulfilled" && ka.value),
    openRefused ? open() : Promise.resolve(),
  ]);
  return { keepalive };
}
