import { ConnectionClosedError, TransportError, VirtError } from "../rpc/errors.js";
import { TlsError } from "../transport/tls-errors.js";
import { RemoteOptionError } from "../transport/errors.js";
import { SaslError } from "../transport/sasl/mechanism.js";

/**
 * Failures of the TLS, SSH and SASL layers as the VirtError libvirt's
 * client reports for them (ssh dying while connecting: code 38 with ssh's
 * message); anything else is returned unchanged.
 */
export function asVirtError(err: unknown): unknown {
  if (err instanceof TlsError) return VirtError.local(err.virCode, err.virDomain, err.message, err);
  if (err instanceof SaslError) {
    return VirtError.local(VirtError.ERR_AUTH_FAILED, VirtError.FROM_RPC, `authentication failed: ${err.message}`, err);
  }
  if (err instanceof RemoteOptionError) return VirtError.local(VirtError.ERR_INVALID_ARG, VirtError.FROM_REMOTE, err.message, err);
  // ssh or an ext command gave up (host key, login, no helper on the far side) before libvirtd answered.
  if (err instanceof ConnectionClosedError && err.cause instanceof TransportError && err.cause.code === "CHILD_EXIT") {
    return VirtError.local(VirtError.ERR_SYSTEM_ERROR, VirtError.FROM_RPC, err.cause.message, err);
  }
  return err;
}
