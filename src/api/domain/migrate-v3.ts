// Client-driven migration, protocol version 3 (libvirt's
// virDomainMigrateVersion3Full): the client carries cookies between the two
// daemons.
//
//   source  BEGIN3     -> domain XML + cookie
//   dest    PREPARE3   -> cookie (+ the URI the source must send to)
//   source  PERFORM3   -> cookie            (skipped for OFFLINE)
//   dest    FINISH3    -> the new domain    (cancelled=1 if PERFORM failed)
//   source  CONFIRM3                        (cancelled=1 if FINISH failed;
//                                            skipped if PERFORM failed)
//
// `useParams` picks the *_PARAMS procedures (both daemons support
// MIGRATION_PARAMS) or the older fixed-argument ones.
import type { Connection } from "../connection.js";
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { VirtError } from "../../rpc/errors.js";
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { Feature, supports } from "./migrate-checks.js";
import { getString, getULLong, replaceString } from "./migrate-params.js";
import { abortable, cancelOf, type Cancel } from "./migrate-abort.js";

const EMPTY = Buffer.alloc(0);

/** One of the two procedure families; each step returns what the next needs. */
interface Steps {
  begin(flags: number): Promise<{ xml: string; cookie: Buffer }>;
  state(): Promise<number>;
  prepare(xml: string, cookie: Buffer, flags: number): Promise<{ cookie: Buffer; uriOut: string | null }>;
  /** Called once PREPARE chose the URI (null: none known). */
  setUri(uri: string | null): void;
  uri(): string | null;
  perform(cookie: Buffer, flags: number, o: CallOptions): Promise<Buffer>;
  finish(cookie: Buffer, flags: number, cancelled: number): Promise<{ dom: Domain; cookie: Buffer }>;
  confirm(cookie: Buffer, flags: number, cancelled: number): Promise<void>;
}

function paramSteps(src: Domain, dconn: Connection, initial: remote_typed_param[], opts: CallOptions): Steps {
  let params = initial;
  let uri: string | null = null;
  return {
    async begin(flags) {
      const r = await src.conn.call("domain_migrate_begin3_params", { dom: src.ref, params, flags }, opts);
      return { xml: r.xml, cookie: r.cookie_out };
    },
    async state() {
      return (await src.conn.call("domain_get_state", { dom: src.ref, flags: 0 }, opts)).state;
    },
    async prepare(xml, cookie, flags) {
      params = replaceString(params, C.MIGRATE_PARAM_DEST_XML, xml);
      const r = await dconn.call("domain_migrate_prepare3_params", { params, cookie_in: cookie, flags }, opts);
      return { cookie: r.cookie_out, uriOut: r.uri_out };
    },
    setUri(u) {
      if (u !== null) params = replaceString(params, C.MIGRATE_PARAM_URI, u);
      uri = u ?? getString(params, C.MIGRATE_PARAM_URI);
    },
    uri: () => uri,
    async perform(cookie, flags, o) {
      const args = { dom: src.ref, dconnuri: null, params, cookie_in: cookie, flags };
      return (await src.conn.call("domain_migrate_perform3_params", args, o)).cookie_out;
    },
    async finish(cookie, flags, cancelled) {
      if (getString(params, C.MIGRATE_PARAM_DEST_NAME) === null) {
        params = replaceString(params, C.MIGRATE_PARAM_DEST_NAME, src.getName());
      }
      const r = await dconn.call("domain_migrate_finish3_params", { params, cookie_in: cookie, flags, cancelled }, opts);
      return { dom: new Domain(dconn, r.dom), cookie: r.cookie_out };
    },
    async confirm(cookie, flags, cancelled) {
      await src.conn.call("domain_migrate_confirm3_params", { dom: src.ref, params, cookie_in: cookie, flags, cancelled }, opts);
    },
  };
}

function legacySteps(src: Domain, dconn: Connection, params: remote_typed_param[], opts: CallOptions): Steps {
  const xmlin = getString(params, C.MIGRATE_PARAM_DEST_XML);
  const dname = getString(params, C.MIGRATE_PARAM_DEST_NAME);
  const resource = getULLong(params, C.MIGRATE_PARAM_BANDWIDTH);
  let uri = getString(params, C.MIGRATE_PARAM_URI);
  const uriIn = uri;
  return {
    async begin(flags) {
      const r = await src.conn.call("domain_migrate_begin3", { dom: src.ref, xmlin, flags: BigInt(flags), dname, resource }, opts);
      return { xml: r.xml, cookie: r.cookie_out };
    },
    async state() {
      return (await src.conn.call("domain_get_info", { dom: src.ref }, opts)).state;
    },
    async prepare(xml, cookie, flags) {
      const args = { cookie_in: cookie, uri_in: uriIn, flags: BigInt(flags), dname, resource, dom_xml: xml };
      const r = await dconn.call("domain_migrate_prepare3", args, opts);
      return { cookie: r.cookie_out, uriOut: r.uri_out };
    },
    setUri(u) {
      if (u !== null) uri = u;
    },
    uri: () => uri,
    async perform(cookie, flags, o) {
      const args = { dom: src.ref, xmlin: null, cookie_in: cookie, dconnuri: null, uri, flags: BigInt(flags), dname, resource };
      return (await src.conn.call("domain_migrate_perform3", args, o)).cookie_out;
    },
    async finish(cookie, flags, cancelled) {
      const args = { dname: dname ?? src.getName(), cookie_in: cookie, dconnuri: null, uri, flags: BigInt(flags), cancelled };
      const r = await dconn.call("domain_migrate_finish3", args, opts);
      return { dom: new Domain(dconn, r.dom), cookie: r.cookie_out };
    },
    async confirm(cookie, flags, cancelled) {
      await src.conn.call("domain_migrate_confirm3", { dom: src.ref, cookie_in: cookie, flags: BigInt(flags), cancelled }, opts);
    },
  };
}

function isVirt(e: unknown, domain: number, test: (code: number) => boolean): boolean {
  return e instanceof VirtError && e.domain === domain && test(e.code);
}

/**
 * Run the sequence; resolves with the domain on `dconn`. `params` must hold
 * only COMPAT_FIELDS when `useParams` is false. No step is abandoned half
 * way: the caller's signal or timeout is checked between steps and, during
 * PERFORM, aborts the source's job (migrate-abort); either way the sequence
 * goes on to the steps that tidy up both hosts, then rejects with the abort
 * reason.
 */
export async function migrateVersion3(
  src: Domain,
  dconn: Connection,
  params: remote_typed_param[],
  flagsIn: number,
  useParams: boolean,
  opts?: CallOptions,
): Promise<Domain> {
  const cancel = cancelOf("virDomainMigrate3", opts);
  try {
    return await sequence(src, dconn, params, flagsIn, useParams, cancel);
  } finally {
    cancel.dispose();
  }
}

async function sequence(
  src: Domain,
  dconn: Connection,
  params: remote_typed_param[],
  flagsIn: number,
  useParams: boolean,
  cancel: Cancel,
): Promise<Domain> {
  // Each step's call runs to its end (with the connection's default timeout).
  const plain: CallOptions = {};
  const steps = useParams ? paramSteps(src, dconn, params, plain) : legacySteps(src, dconn, params, plain);
  let flags = flagsIn;
  const protection = (await supports(src.conn, Feature.CHANGE_PROTECTION, plain)) ? C.MIGRATE_CHANGE_PROTECTION : 0;

  cancel.check();
  const begun = await steps.begin(flags | protection);
  try {
    if ((await steps.state()) === C.STATE_PAUSED) flags |= C.MIGRATE_PAUSED;
  } catch {
    // libvirt ignores a failed state query here.
  }
  const destFlags = flags & ~(C.MIGRATE_ABORT_ON_ERROR | C.MIGRATE_AUTO_CONVERGE);

  let origErr: unknown = null;
  let cancelled = 1;
  let notifySource = true;
  let cookie: Buffer = EMPTY;
  let ddom: Domain | null = null;

  let prepared: { cookie: Buffer; uriOut: string | null };
  try {
    cancel.check();
    prepared = await steps.prepare(begun.xml, begun.cookie, destFlags);
  } catch (err) {
    // BEGIN with change protection started a job on the source: end it.
    if (!protection) throw err;
    await steps.confirm(EMPTY, flags | protection, 1).catch(() => undefined);
    throw err;
  }

  steps.setUri(prepared.uriOut);
  cookie = prepared.cookie;
  if (steps.uri() === null) {
    origErr = VirtError.local(1, 20, "internal error: domainMigratePrepare3 did not set uri");
  } else if (cancel.signal.aborted) {
    // Aborted before PERFORM: FINISH and CONFIRM both cancel.
    origErr = cancel.signal.reason;
  } else if ((flags & C.MIGRATE_OFFLINE) !== 0) {
    cookie = EMPTY;
    cancelled = 0;
  } else {
    try {
      const performFlags = flags | protection;
      const inCookie = cookie;
      cookie = await abortable(src, cancel, (o) => steps.perform(inCookie, performFlags, o));
      cancelled = 0;
    } catch (err) {
      // The source already cancelled: no CONFIRM, and FINISH is told to clean up.
      origErr = err;
      notifySource = false;
      cookie = EMPTY;
    }
  }

  let finishErr: unknown = null;
  try {
    const r = await steps.finish(cookie, destFlags, cancelled);
    ddom = r.dom;
    cookie = r.cookie;
  } catch (err) {
    finishErr = err;
    cookie = EMPTY;
  }
  // A FINISH that reports why the guest died on the destination explains a
  // generic "operation failed" from PERFORM better (libvirt does the same).
  if (cancelled && ddom === null && isVirt(origErr, VirtError.FROM_QEMU, (c) => c === VirtError.ERR_OPERATION_FAILED)) {
    if (isVirt(finishErr, VirtError.FROM_QEMU, (c) => c !== VirtError.ERR_MIGRATE_FINISH_OK)) origErr = null;
  }
  cancelled = ddom === null ? 1 : 0;
  if (origErr === null) origErr = finishErr;

  if (notifySource) {
    // A failed CONFIRM leaves the source paused at worst; libvirt only warns.
    await steps.confirm(cookie, flags | protection, cancelled).catch(() => undefined);
  }
  if (ddom !== null) return ddom;
  throw origErr ?? VirtError.local(1, 20, "internal error: migration failed without an error");
}
