// Calls that move file descriptors over the socket (SCM_RIGHTS). Node's net
// sockets can neither send nor receive descriptors, so these fail before
// anything is sent: over TCP/TLS/SSH with the words libvirt's own client uses
// (it can only pass descriptors on unix sockets), elsewhere with NO_SUPPORT.
import type { Connection } from "../connection.js";
import { VirtError } from "../../rpc/errors.js";

/** The error for `api` (a virDomain* name) that would send (or receive) descriptors on `conn`. */
export function fdPassingError(conn: Connection, api: string, direction: "send" | "receive"): VirtError {
  const kind = conn.rpc.transportInfo.kind;
  if (kind !== "unix" && kind !== "memory") {
    const verb = direction === "send" ? "Sending" : "Receiving";
    return VirtError.local(VirtError.ERR_INTERNAL_ERROR, VirtError.FROM_RPC, `internal error: ${verb} file descriptors is not supported on this socket`);
  }
  return VirtError.local(
    VirtError.ERR_NO_SUPPORT,
    VirtError.FROM_RPC,
    `this function is not supported by the connection driver: ${api}: ` +
      `virtwire cannot ${direction} file descriptors (Node.js sockets have no SCM_RIGHTS support)`,
  );
}
