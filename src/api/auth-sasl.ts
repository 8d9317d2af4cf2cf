import type { RpcClient } from "../rpc/client.js";
import { VirtError } from "../rpc/errors.js";
import type { ParsedUri } from "../transport/uri.js";
import {
  chooseMechanism,
  MIN_SSF_INSECURE,
  SaslError,
  type SaslClientMechanism,
  type SaslCredentials,
  type SecurityLayer,
} from "../transport/sasl/index.js";
import type { AuthOption, AuthRequest } from "./auth-types.js";
import { lookupAuthFile, readAuthFile } from "./auth-file.js";

// Same as libvirt's REMOTE_AUTH_SASL_DATA_MAX.
const SASL_DATA_MAX = 65536;
// A server that never completes is broken; libvirt loops forever, we do not.
const MAX_STEPS = 16;

interface SaslReply {
  complete: number;
  nil: number;
  data: number[];
}

/** Buffer -> XDR `char<>` (signed bytes, as C's xdr_char sends them). */
function toChars(b: Buffer | null): number[] {
  if (!b) return [];
  const out = new Array<number>(b.length);
  for (let i = 0; i < b.length; i++) out[i] = (b[i]! << 24) >> 24;
  return out;
}

function fromReply(r: SaslReply): Buffer | null {
  if (r.nil) return null;
  return Buffer.from(r.data.map((c) => c & 0xff));
}

// libvirt raises choice and credential failures in its remote driver
// (domain REMOTE) and mechanism failures in its SASL session code (RPC).
function authFailed(message: string, cause?: unknown, domain: number = VirtError.FROM_REMOTE): VirtError {
  return VirtError.local(VirtError.ERR_AUTH_FAILED, domain, `authentication failed: ${message}`, cause);
}

/**
 * Credentials in libvirt's order: values given in `auth`, then the auth
 * file, then the `auth` callback for what is still missing, then the URI's
 * user as the username. Nothing here is ever logged or put in an error.
 */
async function credentials(u: ParsedUri, auth: AuthOption | undefined, mechanism: string): Promise<SaslCredentials> {
  const host = u.host ?? "localhost";
  let username: string | undefined;
  let password: string | undefined;
  if (auth && typeof auth !== "function") {
    username = auth.username;
    password = auth.password;
  }
  if (username === undefined || password === undefined) {
    const found = readAuthFile(u);
    if (found) {
      const c = lookupAuthFile(found.file, found.path, "libvirt", host);
      username ??= c.username;
      password ??= c.password;
    }
  }
  if ((username === undefined || password === undefined) && typeof auth === "function") {
    const need: AuthRequest["need"] = [
      ...(username === undefined ? (["username"] as const) : []),
      ...(password === undefined ? (["password"] as const) : []),
    ];
    let got;
    try {
      got = await auth({ host, mechanism, need, defaultUsername: u.user });
    } catch (err) {
      throw authFailed("Failed to collect auth credentials", err);
    }
    username ??= got.username;
    password ??= got.password;
  }
  username ??= u.user ?? undefined;
  if (username === undefined || password === undefined) {
    const missing = [username === undefined ? "username" : null, password === undefined ? "password" : null].filter(Boolean).join(" and ");
    throw authFailed(
      `no ${missing} for SASL: pass connect(uri, { auth }) or add [credentials-NAME] and [auth-libvirt-${host}] to libvirt's auth file`,
    );
  }
  return { username, password };
}

export interface SaslOutcome {
  mechanism: string;
  /** The negotiated security layer, or null when the link needs none. */
  layer: SecurityLayer | null;
}

/**
 * The AUTH_SASL_INIT / START / STEP exchange of libvirt's client. `wanted`
 * comes from `?auth=sasl.MECH`. On a link that is not private (plain TCP)
 * the mechanism must bring a security layer of SSF >= 56.
 */
export async function authenticateSasl(
  rpc: RpcClient,
  u: ParsedUri,
  auth: AuthOption | undefined,
  wanted: string | undefined,
  opts: { signal?: AbortSignal | undefined },
): Promise<SaslOutcome> {
  const secure = rpc.transportInfo.secure;
  const { mechlist } = await rpc.call<{ mechlist: string }>("auth_sasl_init", undefined, opts);
  let mech: SaslClientMechanism;
  try {
    const choice = chooseMechanism({ serverList: mechlist, wanted, secure, service: "libvirt", host: u.host ?? "localhost" });
    mech = choice.create(await credentials(u, auth, choice.name));
  } catch (err) {
    throw err instanceof SaslError ? authFailed(err.message, err) : err;
  }
  try {
    const first = await mech.start();
    if (first && first.length > SASL_DATA_MAX) throw new SaslError(`SASL negotiation data too long: ${first.length} bytes`);
    let reply = await rpc.call<SaslReply>("auth_sasl_start", { mech: mech.name, nil: first ? 0 : 1, data: toChars(first) }, opts);
    // Even after the server says complete, our side takes one more step to check its proof.
    for (let steps = 0; ; steps++) {
      if (steps >= MAX_STEPS) throw new SaslError("the server did not complete SASL authentication");
      const out = await mech.step(fromReply(reply));
      if (reply.complete && mech.complete) break;
      if (out && out.length > SASL_DATA_MAX) throw new SaslError(`SASL negotiation data too long: ${out.length} bytes`);
      reply = await rpc.call<SaslReply>("auth_sasl_step", { nil: out ? 0 : 1, data: toChars(out) }, opts);
    }
  } catch (err) {
    throw err instanceof SaslError ? authFailed(err.message, err, VirtError.FROM_RPC) : err;
  }
  const layer = mech.securityLayer();
  const ssf = layer?.ssf ?? 0;
  if (!secure && ssf < MIN_SSF_INSECURE) throw authFailed(`negotiation SSF ${ssf} was not strong enough`);
  return { mechanism: mech.name, layer };
}
