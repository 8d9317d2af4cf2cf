// What libvirt's client checks before and between migration calls: driver
// features (CONNECT_SUPPORTS_FEATURE), flag combinations, and the error
// words it reports for each, so callers see the same codes as with libvirt.
import type { Connection } from "../connection.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { VirtError } from "../../rpc/errors.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { reportInvalidArg } from "./args.js";

/** VIR_DRV_FEATURE_* numbers probed by migration. */
export const Feature = {
  MIGRATION_V3: 6,
  P2P: 4,
  DIRECT: 5,
  CHANGE_PROTECTION: 7,
  OFFLINE: 12,
  PARAMS: 13,
} as const;

export function supports(conn: Connection, feature: number, opts?: CallOptions): Promise<boolean> {
  return conn.supportsFeature(feature, opts);
}

/** virReportUnsupportedError from inside `fn`. */
export function noSupport(fn: string): VirtError {
  return VirtError.local(VirtError.ERR_NO_SUPPORT, VirtError.FROM_DOMAIN, `this function is not supported by the connection driver: ${fn}`);
}

/** VIR_ERR_ARGUMENT_UNSUPPORTED, with libvirt's prefix. */
export function argUnsupported(message: string): VirtError {
  return VirtError.local(VirtError.ERR_ARGUMENT_UNSUPPORTED, VirtError.FROM_DOMAIN, `argument unsupported: ${message}`);
}

/** VIR_EXCLUSIVE_FLAGS on the two storage-copy flags. */
export function checkExclusiveDiskFlags(flags: number): void {
  if ((flags & C.MIGRATE_NON_SHARED_DISK) !== 0 && (flags & C.MIGRATE_NON_SHARED_INC) !== 0) {
    throw reportInvalidArg("Flags 'VIR_MIGRATE_NON_SHARED_DISK' and 'VIR_MIGRATE_NON_SHARED_INC' are mutually exclusive");
  }
}

/** OFFLINE needs the feature on `conn` ("source" or "destination" host). */
export async function checkOffline(flags: number, conn: Connection, side: "source" | "destination", opts?: CallOptions): Promise<void> {
  if ((flags & C.MIGRATE_OFFLINE) !== 0 && !(await supports(conn, Feature.OFFLINE, opts))) {
    throw argUnsupported(`offline migration is not supported by the ${side} host`);
  }
}

/** The host part of a libvirt URI, or null ("qemu:///system" has none). */
export function uriServer(uri: string): string | null {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(uri);
  if (!m?.[1]) return null;
  let host = m[1].slice(m[1].lastIndexOf("@") + 1);
  if (host.startsWith("[")) host = host.slice(1, host.indexOf("]") < 0 ? undefined : host.indexOf("]"));
  else if (host.includes(":")) host = host.slice(0, host.indexOf(":"));
  return host === "" ? null : host;
}

/** Peer-to-peer to a URI without a host (or "localhost...") is refused by libvirt's client. */
export function checkNotLocal(dconnuri: string): void {
  const server = uriServer(dconnuri);
  if (server === null || server.startsWith("localhost")) throw reportInvalidArg("Attempt to migrate guest to the same host");
}
