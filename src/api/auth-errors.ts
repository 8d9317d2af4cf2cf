import { ConnectionClosedError, TransportError, VirtError } from "../rpc/errors.js";
import { TlsError } from "../transport/tls-errors.js";
import { SshOptionError } from "../transport/ssh-command.js";
import { SaslError } from "../transport/sasl/mechanism.js";

/** A VirtError raised on our side, keeping what caused it. */
export function localVirtError(code: number, domain: number, message: string, cause?: unknown): VirtError {
  return new VirtError(
    { code, domain, message, level: 2, dom: null, str1: null, str2: null, str3: null, int1: 0, int2: 0, net: null },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Failures of the TLS, SSH and SASL layers as the VirtError libvirt's
 * client reports for them (ssh dying while connecting: code 38 with ssh's
 * message); anything else is returned unchanged.
 */
export function asVirtError(err: unknown): unknown {
  if (err instanceof TlsError) return localVirtError(err.virCode, err.virDomain, err.message, err);
  if (err instanceof SaslError) {
    return localVirtError(VirtError.ERR_AUTH_FAILED, VirtError.FROM_RPC, `authentication failed: ${err.message}`, err);
  }
  if (err instanceof SshOptionError) return localVirtError(VirtError.ERR_INVALID_ARG, VirtError.FROM_REMOTE, err.message, err);
  // ssh gave up (host key, login, no helper on the far side) before libvirtd answered.
  if (err instanceof ConnectionClosedError && err.cause instanceof TransportError && err.cause.code === "SSH_EXIT") {
    return localVirtError(VirtError.ERR_SYSTEM_ERROR, VirtError.FROM_RPC, err.cause.message, err);
  }
  return err;
}
