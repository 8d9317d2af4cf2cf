// Migrations the source daemon runs by itself (libvirt's
// virDomainMigrateUnmanagedParams): peer-to-peer, where the source daemon
// connects to `dconnuri` and drives the destination, and direct, where the
// hypervisor migrates to a URI with no destination daemon involved. Either
// way the client makes one PERFORM3 call on the source; the caller's signal
// or timeout aborts the job there rather than abandoning the call.
import type { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { argUnsupported, checkNotLocal, Feature, noSupport, supports } from "./migrate-checks.js";
import { COMPAT_FIELDS, getString, getULLong, onlyFields } from "./migrate-params.js";
import { abortable, cancelOf } from "./migrate-abort.js";

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
    await perform(dom, opts, (o) => dom.conn.call("domain_migrate_perform3_params", args, o));
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
    await perform(dom, opts, (o) => dom.conn.call("domain_migrate_perform3", args, o));
    return;
  }
  // libvirt would fall back to protocol 2 here; daemons that old (< 0.9.2) are out of scope.
  throw noSupport("virDomainMigrateUnmanagedParams (the source lacks migration protocol 3)");
}

async function perform(dom: Domain, opts: CallOptions | undefined, run: (o: CallOptions) => Promise<unknown>): Promise<void> {
  const cancel = cancelOf("virDomainMigratePerform3", opts);
  try {
    await abortable(dom, cancel, run);
  } finally {
    cancel.dispose();
  }
}
