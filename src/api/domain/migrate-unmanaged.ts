// Migrations the source daemon runs by itself (libvirt's
// virDomainMigrateUnmanagedParams): peer-to-peer, where the source daemon
// connects to `dconnuri` and drives the destination, and direct, where the
// hypervisor migrates to a URI with no destination daemon involved. Either
// way the client makes one PERFORM3 call on the source.
import type { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { argUnsupported, checkNotLocal, Feature, noSupport, supports } from "./migrate-checks.js";
import { COMPAT_FIELDS, getString, getULLong, onlyFields } from "./migrate-params.js";

export async function migrateUnmanaged(
  dom: Domain,
  dconnuri: string | null,
  params: remote_typed_param[],
  flags: number,
  opts?: CallOptions,
): Promise<void> {
  const p2p = (flags & C.MIGRATE_PEER2PEER) !== 0;
  if (p2p && dconnuri !== null) checkNotLocal(dconnuri);

  if (p2p && (await supports(dom.conn, Feature.PARAMS, opts))) {
    const args = { dom: dom.ref, dconnuri, params, cookie_in: Buffer.alloc(0), flags };
    await dom.conn.call("domain_migrate_perform3_params", args, opts);
    return;
  }
  if (await supports(dom.conn, Feature.MIGRATION_V3, opts)) {
    // Direct migration always comes here, even on daemons with MIGRATION_PARAMS.
    if (!onlyFields(params, COMPAT_FIELDS)) throw argUnsupported("Some parameters are not supported by migration protocol 3");
    const args = {
      dom: dom.ref,
      xmlin: getString(params, C.MIGRATE_PARAM_DEST_XML),
      cookie_in: Buffer.alloc(0),
      dconnuri,
      uri: getString(params, C.MIGRATE_PARAM_URI),
      flags: BigInt(flags),
      dname: getString(params, C.MIGRATE_PARAM_DEST_NAME),
      resource: getULLong(params, C.MIGRATE_PARAM_BANDWIDTH),
    };
    await dom.conn.call("domain_migrate_perform3", args, opts);
    return;
  }
  // libvirt would fall back to protocol 2 here; daemons that old (< 0.9.2) are out of scope.
  throw noSupport("virDomainMigrateUnmanagedParams (the source lacks migration protocol 3)");
}
