// Connection calls virsh makes that the public API does not offer (yet):
// made through Connection.call, the typed RPC entry the API layer uses.
import { charsToString, type Connection } from "../api/connection.js";
import type { CallOptions } from "../rpc/call-options.js";
import { VirtError } from "../rpc/errors.js";

/** virNodeGetSecurityModel; null when the driver has none to offer. */
export async function securityModel(conn: Connection, opts?: CallOptions): Promise<{ model: string; doi: string } | null> {
  try {
    const r = await conn.call("node_get_security_model", undefined, opts);
    return { model: charsToString(r.model), doi: charsToString(r.doi) };
  } catch (err) {
    if (err instanceof VirtError && err.code === VirtError.ERR_NO_SUPPORT) return null;
    throw err;
  }
}

/** virshNodeGetCPUCount: host CPUs from virNodeGetCPUMap, else from node info. */
export async function hostCpuCount(conn: Connection, opts?: CallOptions): Promise<number> {
  try {
    const r = await conn.call("node_get_cpu_map", { need_map: 0, need_online: 0, flags: 0 }, opts);
    if (r.ret >= 0) return r.ret;
  } catch (err) {
    if (!(err instanceof VirtError)) throw err;
  }
  const n = await conn.getNodeInfo(opts);
  return n.nodes * n.sockets * n.cores * n.threads;
}
