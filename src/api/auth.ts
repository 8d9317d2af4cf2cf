import type { RpcClient } from "../rpc/client.js";
import { VirtError } from "../rpc/errors.js";
import { type ParsedUri, uriParam } from "../transport/uri.js";
import { saslLayerTransport } from "../transport/sasl/index.js";
import type { AuthOption } from "./auth-types.js";
import { authenticateSasl } from "./auth-sasl.js";

// remote_auth_type
const AUTH_NONE = 0;
const AUTH_SASL = 1;
const AUTH_POLKIT = 2;

function authError(message: string): VirtError {
  return VirtError.local(VirtError.ERR_AUTH_FAILED, VirtError.FROM_REMOTE, message);
}

/** `?auth=`: "sasl", "sasl.MECH" or "polkit", as libvirt's remote driver reads it. */
function requested(u: ParsedUri): { type: number; mech?: string } | null {
  const a = uriParam(u, "auth");
  if (a === undefined || a === "") return null;
  const lower = a.toLowerCase();
  if (lower === "sasl") return { type: AUTH_SASL };
  if (lower.startsWith("sasl.")) return { type: AUTH_SASL, mech: a.slice(5) };
  if (lower === "polkit") return { type: AUTH_POLKIT };
  throw authError(`unknown authentication type ${a}`);
}

/**
 * Authenticate a fresh connection as libvirt's client does: AUTH_LIST, then
 * the type the URI asks for (which the server must offer) or the server's
 * first; SASL with a negotiated security layer swaps the engine's transport
 * for one that seals every later byte.
 */
export async function authenticate(
  rpc: RpcClient,
  u: ParsedUri,
  auth: AuthOption | undefined,
  opts: { signal?: AbortSignal | undefined },
): Promise<void> {
  requested(u); // an unknown ?auth= fails before anything is sent
  const { types } = await rpc.call<{ types: number[] }>("auth_list", undefined, opts);
  await authenticateWith(rpc, u, auth, types, opts);
}

/** Whether the URI names an authentication type (`?auth=`); throws on an unknown one. */
export function asksForAuth(u: ParsedUri): boolean {
  return requested(u) !== null;
}

/** The negotiation after AUTH_LIST answered `types`. */
export async function authenticateWith(
  rpc: RpcClient,
  u: ParsedUri,
  auth: AuthOption | undefined,
  types: readonly number[],
  opts: { signal?: AbortSignal | undefined },
): Promise<void> {
  const want = requested(u);
  let type: number;
  if (want) {
    if (!types.includes(want.type)) throw authError(`requested authentication type ${uriParam(u, "auth")} rejected`);
    type = want.type;
  } else {
    type = types[0] ?? AUTH_NONE;
  }
  switch (type) {
    case AUTH_NONE:
      return;
    case AUTH_POLKIT: {
      const r = await rpc.call<{ complete: number }>("auth_polkit", undefined, opts);
      if (r.complete) return;
      throw authError("authentication failed: polkit did not complete");
    }
    case AUTH_SASL: {
      const { layer } = await authenticateSasl(rpc, u, auth, want?.mech, opts);
      if (layer) rpc.upgradeTransport(saslLayerTransport(rpc.transportInfo, layer));
      return;
    }
    default:
      throw authError(`unsupported authentication type ${type}`);
  }
}
