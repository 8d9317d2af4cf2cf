// Migration entry points, with Sys::Virt's signatures: the parameter-hash
// forms and the deprecated positional ones (told apart by the type of the
// second argument, as Sys::Virt does), all funnelled into the semantics of
// virDomainMigrate3 / virDomainMigrateToURI3.
import type { Connection } from "../connection.js";
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import {
  argUnsupported,
  checkExclusiveDiskFlags,
  checkOffline,
  Feature,
  noSupport,
  supports,
} from "./migrate-checks.js";
import { COMPAT_FIELDS, encodeMigrateParams, getString, onlyFields, type MigrateParams } from "./migrate-params.js";
import { migrateVersion3 } from "./migrate-v3.js";
import { migrateUnmanaged } from "./migrate-unmanaged.js";
import { badArg, optStr, reportInvalidArg, str, u32 } from "./args.js";

export type { MigrateParams, MigrateParamValue } from "./migrate-params.js";

declare module "./handle.js" {
  interface Domain {
    /**
     * Migrate to the host of `destConn`; resolves with the domain there.
     * Without MIGRATE_PEER2PEER the client drives both daemons (protocol v3);
     * with it the source daemon connects to the URI `destConn` was opened
     * with (so it must be valid from the source host too) and the
     * MIGRATE_PARAM_URI parameter, if any, is the hypervisor's migration URI.
     * `opts.signal`/`opts.timeout` cancel the migration itself (abortJob on
     * the source); the promise settles once the guest is on one host.
     */
    migrate(destConn: Connection, params?: MigrateParams, flags?: number, opts?: CallOptions): Promise<Domain>;
    /** Deprecated positional form. */
    migrate(
      destConn: Connection,
      flags?: number,
      dname?: string | null,
      uri?: string | null,
      bandwidth?: number | bigint | null,
      opts?: CallOptions,
    ): Promise<Domain>;
    /** Deprecated: migrate() with DEST_XML. */
    migrate2(
      destConn: Connection,
      dxml: string | null,
      flags?: number,
      dname?: string | null,
      uri?: string | null,
      bandwidth?: number | bigint | null,
      opts?: CallOptions,
    ): Promise<Domain>;
    /**
     * Migrate without a destination connection: with MIGRATE_PEER2PEER `destUri`
     * is the destination libvirt URI (the source daemon connects to it);
     * otherwise a direct migration to MIGRATE_PARAM_URI and `destUri` is unused.
     * `opts` cancel the migration as for migrate().
     */
    migrateToUri(destUri: string | null, params?: MigrateParams, flags?: number, opts?: CallOptions): Promise<void>;
    /** Deprecated positional form: `destUri` is the libvirt URI with PEER2PEER, else the migration URI. */
    migrateToUri(destUri: string, flags?: number, dname?: string | null, bandwidth?: number | bigint | null, opts?: CallOptions): Promise<void>;
    /** Deprecated: `dconnuri` (PEER2PEER only) plus migration URI, XML, name and bandwidth. */
    migrateToUri2(
      dconnuri: string | null,
      miguri: string | null,
      dxml: string | null,
      flags?: number,
      dname?: string | null,
      bandwidth?: number | bigint | null,
      opts?: CallOptions,
    ): Promise<void>;
  }
}

function isHash(v: unknown): v is MigrateParams {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function optBandwidth(v: unknown): number | bigint | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" && typeof v !== "bigint") throw badArg(`bandwidth must be a number or bigint, got ${typeof v}`);
  return v;
}

function optCallOptions(v: unknown): CallOptions | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object") throw badArg("the last argument must be call options ({ signal, timeout })");
  return v as CallOptions;
}

/** The positional arguments as parameters, in the order libvirt's own client builds them. */
function positional(uri: unknown, dname: unknown, dxml: unknown, bandwidth: unknown): MigrateParams {
  return {
    [C.MIGRATE_PARAM_URI]: optStr("uri", uri) ?? undefined,
    [C.MIGRATE_PARAM_DEST_NAME]: optStr("dname", dname) ?? undefined,
    [C.MIGRATE_PARAM_DEST_XML]: optStr("dxml", dxml) ?? undefined,
    [C.MIGRATE_PARAM_BANDWIDTH]: optBandwidth(bandwidth),
  };
}

function checkConn(destConn: unknown): Connection {
  if (typeof destConn !== "object" || destConn === null || typeof (destConn as Connection).call !== "function") {
    throw badArg("destConn must be a Connection");
  }
  return destConn as Connection;
}

/** virDomainMigrate3, plus peer-to-peer as virDomainMigrate2 does it. */
async function migrateWithConn(
  dom: Domain,
  dconn: Connection,
  params: remote_typed_param[],
  flagsIn: number,
  opts?: CallOptions,
): Promise<Domain> {
  let flags = flagsIn;
  checkExclusiveDiskFlags(flags);
  if ((flags & C.MIGRATE_PEER2PEER) !== 0) {
    await checkOffline(flags, dom.conn, "source", opts);
    await checkOffline(flags, dconn, "destination", opts);
    if (!(await supports(dom.conn, Feature.P2P, opts))) throw argUnsupported("p2p migration is not supported by the source host");
    // libvirt's virConnectGetURI is client-side: the URI this client opened
    // dconn with (socket= and all), not the daemon's own "qemu:///system".
    await migrateUnmanaged(dom, dconn.parsedUri.original, params, flags, opts);
    const name = getString(params, C.MIGRATE_PARAM_DEST_NAME) ?? dom.getName();
    return new Domain(dconn, (await dconn.call("domain_lookup_by_name", { name }, opts)).dom);
  }
  if ((flags & C.MIGRATE_TUNNELLED) !== 0) throw reportInvalidArg("cannot perform tunnelled migration without using peer2peer flag");
  await checkOffline(flags, dom.conn, "source", opts);
  await checkOffline(flags, dconn, "destination", opts);
  // Change protection is added back for the source's calls only (migrate-v3).
  if ((flags & C.MIGRATE_CHANGE_PROTECTION) !== 0 && !(await supports(dom.conn, Feature.CHANGE_PROTECTION, opts))) {
    throw argUnsupported("cannot enforce change protection");
  }
  flags &= ~C.MIGRATE_CHANGE_PROTECTION;

  if ((await supports(dom.conn, Feature.PARAMS, opts)) && (await supports(dconn, Feature.PARAMS, opts))) {
    return migrateVersion3(dom, dconn, params, flags, true, opts);
  }
  if (!onlyFields(params, COMPAT_FIELDS)) {
    throw argUnsupported("Migration APIs with extensible parameters are not supported but extended parameters were passed");
  }
  if ((await supports(dom.conn, Feature.MIGRATION_V3, opts)) && (await supports(dconn, Feature.MIGRATION_V3, opts))) {
    return migrateVersion3(dom, dconn, params, flags, false, opts);
  }
  // libvirt would still try protocols 2 and 1; no daemon of this century needs them.
  throw noSupport("virDomainMigrate3");
}

/** virDomainMigrateToURI3 (`api` names the public function in its messages). */
async function migrateToUriImpl(
  dom: Domain,
  dconnuri: string | null,
  params: remote_typed_param[],
  flags: number,
  api: string,
  opts?: CallOptions,
): Promise<void> {
  checkExclusiveDiskFlags(flags);
  await checkOffline(flags, dom.conn, "source", opts);
  const p2p = (flags & C.MIGRATE_PEER2PEER) !== 0;
  if (p2p) {
    if (!(await supports(dom.conn, Feature.P2P, opts))) throw argUnsupported("p2p migration is not supported by the source host");
    if (dconnuri === null) throw reportInvalidArg(`dconnuri in ${api} must not be NULL`);
  } else if (!(await supports(dom.conn, Feature.DIRECT, opts))) {
    throw argUnsupported("direct migration is not supported by the source host");
  }
  await migrateUnmanaged(dom, p2p ? dconnuri : null, params, flags, opts);
}

Domain.prototype.migrate = async function (this: Domain, destConn: Connection, ...rest: unknown[]): Promise<Domain> {
  const dconn = checkConn(destConn);
  if (isHash(rest[0])) {
    const params = encodeMigrateParams(rest[0]);
    return migrateWithConn(this, dconn, params, u32("flags", rest[1] ?? 0), optCallOptions(rest[2]));
  }
  const [flags, dname, uri, bandwidth, opts] = rest;
  const params = encodeMigrateParams(positional(uri, dname, null, bandwidth));
  return migrateWithConn(this, dconn, params, u32("flags", flags ?? 0), optCallOptions(opts));
};

Domain.prototype.migrate2 = async function (
  this: Domain,
  destConn: Connection,
  dxml: string | null,
  flags = 0,
  dname: string | null = null,
  uri: string | null = null,
  bandwidth: number | bigint | null = null,
  opts?: CallOptions,
): Promise<Domain> {
  const dconn = checkConn(destConn);
  const params = encodeMigrateParams(positional(uri, dname, dxml, bandwidth));
  return migrateWithConn(this, dconn, params, u32("flags", flags), opts);
};

Domain.prototype.migrateToUri = async function (this: Domain, destUri: string | null, ...rest: unknown[]): Promise<void> {
  if (isHash(rest[0])) {
    const params = encodeMigrateParams(rest[0]);
    const f = u32("flags", rest[1] ?? 0);
    return migrateToUriImpl(this, optStr("destUri", destUri), params, f, "virDomainMigrateToURI3", optCallOptions(rest[2]));
  }
  // virDomainMigrateToURI: the one URI is the libvirt URI for peer-to-peer, else the migration URI.
  const [flags, dname, bandwidth, opts] = rest;
  const duri = destUri === null ? null : str("destUri", destUri);
  if (duri === null) throw reportInvalidArg("duri in virDomainMigrateToURI must not be NULL");
  const f = u32("flags", flags ?? 0);
  const p2p = (f & C.MIGRATE_PEER2PEER) !== 0;
  const params = encodeMigrateParams(positional(p2p ? null : duri, dname, null, bandwidth));
  return migrateToUriImpl(this, p2p ? duri : null, params, f, "virDomainMigrateToURI", optCallOptions(opts));
};

Domain.prototype.migrateToUri2 = async function (
  this: Domain,
  dconnuri: string | null,
  miguri: string | null,
  dxml: string | null,
  flags = 0,
  dname: string | null = null,
  bandwidth: number | bigint | null = null,
  opts?: CallOptions,
): Promise<void> {
  const params = encodeMigrateParams(positional(miguri, dname, dxml, bandwidth));
  const f = u32("flags", flags);
  return migrateToUriImpl(this, optStr("dconnuri", dconnuri), params, f, "virDomainMigrateToURI2", opts);
};
