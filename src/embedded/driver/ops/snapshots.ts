// Domain snapshots: create/redefine, tree queries, revert and delete.
import { existsSync, statSync } from "node:fs";
import { checkFlags, ErrCode, ErrDomain, exclusiveFlags, requireFlag, testErr, virErr } from "../errors.js";
import { State, type DomainObj, type DomRef } from "../domain-obj.js";
import { Detail, Lifecycle } from "../events.js";
import type { Hypervisor } from "../hypervisor.js";
import { deleteMoment } from "../moment-delete.js";
import { matchRequestedDisks } from "../moment-disks.js";
import { MomentList } from "../moments.js";
import { formatUuid } from "../uuid.js";
import { copyDef, domainDisks } from "../xml/domain-def.js";
import { formatSnapshot, parseSnapshotXml, SNAPSHOT_STATES, type SnapshotDef } from "../xml/moment-xml.js";

const C = { REDEFINE: 1, CURRENT: 2, NO_METADATA: 4, HALT: 8, DISK_ONLY: 16, QUIESCE: 64, ATOMIC: 128, LIVE: 256, VALIDATE: 512 };
const L = { ROOTS: 1, METADATA: 2, LEAVES: 4, NO_LEAVES: 8, NO_METADATA: 16, INACTIVE: 32, ACTIVE: 64, DISK_ONLY: 128, INTERNAL: 256, EXTERNAL: 512, TOPOLOGICAL: 1024 };
const LIST_ALLOWED = 2047;
const SHUTOFF_FROM_SNAPSHOT = 7;
const RUNNING_FROM_SNAPSHOT = 4;
const PAUSED_FROM_SNAPSHOT = 7;

const snapErr = (code: number, m: string) => virErr(code, ErrDomain.DOMAIN_SNAPSHOT, m);

function alignDisks(obj: DomainObj, def: SnapshotDef): void {
  const disks = domainDisks(obj.def);
  const external = def.memory === "external";
  if (def.requestedDisks.length > disks.length) throw snapErr(ErrCode.CONFIG_UNSUPPORTED, "too many disk snapshot requests for domain");
  matchRequestedDisks(disks, def.requestedDisks, ErrDomain.DOMAIN_SNAPSHOT, (disk, r) => {
    if (!external && r.snapshot && r.snapshot !== "internal") {
      throw snapErr(ErrCode.CONFIG_UNSUPPORTED, `disk '${disk.dst}' must use snapshot mode 'internal'`);
    }
  });
  def.disks = disks.map((d) => {
    if (d.src === null) return { name: d.dst, snapshot: "no", extra: [] };
    if (external) {
      if (!existsSync(d.src) || !statSync(d.src).isFile()) {
        throw snapErr(ErrCode.CONFIG_UNSUPPORTED, `source for disk '${d.dst}' is not a regular file; refusing to generate external snapshot name`);
      }
      return { name: d.dst, snapshot: "external", extra: [] };
    }
    return { name: d.dst, snapshot: "internal", extra: [] };
  });
}

function redefinePrep(obj: DomainObj, def: SnapshotDef): void {
  obj.snapshots.requireParent(def);
  for (let p = def.parent; p !== null; p = obj.snapshots.get(p)?.parent ?? null) {
    if (p === def.name) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `parent ${def.parent ?? ""} would create cycle to ${def.name}`);
  }
  const other = obj.snapshots.get(def.name);
  if (!def.dom && other?.dom) def.dom = copyDef(other.dom);
  if (!def.dom) throw snapErr(ErrCode.INTERNAL_ERROR, "missing domain in snapshot");
  if (Buffer.compare(Buffer.from(def.dom.uuid), Buffer.from(obj.def.uuid)) !== 0) {
    throw snapErr(ErrCode.INVALID_ARG, `definition for snapshot ${def.name} must use uuid ${formatUuid(obj.def.uuid)}`);
  }
}

/** Returns the snapshot's name and whether HALT stopped the domain (its handle then reads id -1). */
export function snapshotCreate(hv: Hypervisor, ref: DomRef, xml: string, flags: number): { name: string; halted: boolean } {
  if (flags & C.CURRENT && !(flags & C.REDEFINE)) {
    throw requireFlag("VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE", "VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT", ErrDomain.DOMAIN_SNAPSHOT, "virDomainSnapshotCreateXML");
  }
  if (flags & C.REDEFINE && flags & C.HALT) throw exclusiveFlags("VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE", "VIR_DOMAIN_SNAPSHOT_CREATE_HALT", ErrDomain.DOMAIN_SNAPSHOT, "virDomainSnapshotCreateXML");
  checkFlags(flags, C.REDEFINE | C.CURRENT | C.HALT | C.QUIESCE | C.ATOMIC | C.LIVE | C.VALIDATE, "testDomainSnapshotCreateXML");
  const redefine = (flags & C.REDEFINE) !== 0;
  const updateCurrent = !redefine || (flags & C.CURRENT) !== 0;
  const obj = hv.obj(ref);
  if (obj.checkpoints.size > 0) throw testErr.opUnsupported("cannot create snapshot while checkpoint exists");
  if (!obj.persistent && flags & C.HALT) throw testErr.opInvalid("cannot halt after transient domain snapshot");
  const def = parseSnapshotXml(xml, redefine, Math.floor(Date.now() / 1000), (flags & C.VALIDATE) !== 0);
  let halted = false;
  if (redefine) {
    redefinePrep(obj, def);
    obj.snapshots.add(def);
  } else {
    def.dom = copyDef(obj.def);
    def.dom.id = -1;
    def.state = SNAPSHOT_STATES[obj.state] ?? "nostate";
    if (def.memory !== "external") def.memory = obj.state === State.SHUTOFF ? "no" : "internal";
    alignDisks(obj, def);
    obj.snapshots.addNew(def);
    if (flags & C.HALT && obj.active) {
      halted = true;
      hv.shutdownState(obj, SHUTOFF_FROM_SNAPSHOT);
      hv.emitLifecycle(obj, Lifecycle.STOPPED, Detail.STOPPED_FROM_SNAPSHOT);
    }
  }
  if (updateCurrent) obj.snapshots.current = def.name;
  return { name: def.name, halted };
}

function isExternal(s: SnapshotDef): boolean {
  return s.memory === "external" || s.disks.some((d) => d.snapshot === "external");
}

/** Snapshot list flags as a moment selection: the shared bits, TOPOLOGICAL moved. */
function momentFlags(flags: number): number {
  const shared = flags & (MomentList.ROOTS | MomentList.LEAVES | MomentList.NO_LEAVES);
  return shared | (flags & L.TOPOLOGICAL ? MomentList.TOPOLOGICAL : 0);
}

function stateMatches(s: SnapshotDef, flags: number): boolean {
  if (s.state === "shutoff") return (flags & L.INACTIVE) !== 0;
  if (s.state === "disk-snapshot") return (flags & L.DISK_ONLY) !== 0;
  return (flags & L.ACTIVE) !== 0;
}

/** The state and location filters; asking for none or all of a kind lets every snapshot through. */
function keep(flags: number): (s: SnapshotDef) => boolean {
  const states = flags & (L.INACTIVE | L.ACTIVE | L.DISK_ONLY);
  const byState = states !== 0 && states !== (L.INACTIVE | L.ACTIVE | L.DISK_ONLY);
  const where = flags & (L.INTERNAL | L.EXTERNAL);
  const byWhere = where !== 0 && where !== (L.INTERNAL | L.EXTERNAL);
  return (s) => (!byState || stateMatches(s, flags)) && (!byWhere || isExternal(s) === ((flags & L.EXTERNAL) !== 0));
}

function select(obj: DomainObj, under: string | null, flags: number): string[] {
  if (flags & L.NO_METADATA && !(flags & L.METADATA)) return [];
  return obj.snapshots.select(under, momentFlags(flags), keep(flags)).map((s) => s.name);
}

/** Top-level listing; ROOTS restricts to snapshots without a parent. */
export function snapshotList(hv: Hypervisor, ref: DomRef, flags: number, fn = "testDomainListAllSnapshots"): string[] {
  checkFlags(flags, LIST_ALLOWED, fn);
  return select(hv.obj(ref), null, flags);
}

/** Children listing; bit 1 means DESCENDANTS here (MomentList shares it). */
export function snapshotChildren(hv: Hypervisor, ref: DomRef, name: string, flags: number, fn = "testDomainSnapshotListAllChildren"): string[] {
  checkFlags(flags, LIST_ALLOWED, fn);
  const obj = hv.obj(ref);
  obj.snapshots.lookup(name);
  return select(obj, name, flags);
}

export function snapshotLookup(hv: Hypervisor, ref: DomRef, name: string, flags: number): string {
  checkFlags(flags, 0, "testDomainSnapshotLookupByName");
  return hv.obj(ref).snapshots.lookup(name).name;
}

export function hasCurrentSnapshot(hv: Hypervisor, ref: DomRef, flags: number): boolean {
  checkFlags(flags, 0, "testDomainHasCurrentSnapshot");
  return hv.obj(ref).snapshots.current !== null;
}

export function snapshotCurrent(hv: Hypervisor, ref: DomRef, flags: number): string {
  checkFlags(flags, 0, "testDomainSnapshotCurrent");
  const cur = hv.obj(ref).snapshots.current;
  if (cur === null) throw virErr(ErrCode.NO_DOMAIN_SNAPSHOT, ErrDomain.TEST, "the domain does not have a current snapshot");
  return cur;
}

export function snapshotParent(hv: Hypervisor, ref: DomRef, name: string, flags: number): string {
  checkFlags(flags, 0, "testDomainSnapshotGetParent");
  return hv.obj(ref).snapshots.parentOf(name);
}

export function snapshotXml(hv: Hypervisor, ref: DomRef, name: string, flags: number): string {
  checkFlags(flags, 1 /* XML_SECURE */, "testDomainSnapshotGetXMLDesc");
  return formatSnapshot(hv.obj(ref).snapshots.lookup(name), false, (flags & 1) !== 0);
}

export function snapshotIsCurrent(hv: Hypervisor, ref: DomRef, name: string, flags: number): boolean {
  checkFlags(flags, 0, "testDomainSnapshotIsCurrent");
  const obj = hv.obj(ref);
  return obj.snapshots.lookup(name).name === obj.snapshots.current;
}

export function snapshotHasMetadata(hv: Hypervisor, ref: DomRef, name: string, flags: number): boolean {
  checkFlags(flags, 0, "testDomainSnapshotHasMetadata");
  hv.obj(ref).snapshots.lookup(name);
  return true;
}

export function snapshotDelete(hv: Hypervisor, ref: DomRef, name: string, flags: number): void {
  if (flags & 1 && flags & 4) {
    throw exclusiveFlags("VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN", "VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY", ErrDomain.DOMAIN_SNAPSHOT, "virDomainSnapshotDelete");
  }
  checkFlags(flags, 1 | 4, "testDomainSnapshotDelete");
  const obj = hv.obj(ref);
  const snap = obj.snapshots.lookup(name);
  deleteMoment(obj.snapshots, snap, flags);
}

export function snapshotRevert(hv: Hypervisor, ref: DomRef, name: string, flags: number): void {
  const RUN = 1;
  const PAUSE = 2;
  const FORCE = 4;
  if (flags & RUN && flags & PAUSE) {
    throw exclusiveFlags("VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING", "VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED", ErrDomain.DOMAIN_SNAPSHOT, "virDomainRevertToSnapshot");
  }
  checkFlags(flags, RUN | PAUSE | FORCE, "testDomainRevertToSnapshot");
  const obj = hv.obj(ref);
  const snap = obj.snapshots.lookup(name);
  const online = snap.state === "running" || snap.state === "paused";
  if (!obj.persistent && !online && !(flags & (RUN | PAUSE))) {
    throw testErr.opInvalid("transient domain needs to request run or pause to revert to inactive snapshot");
  }
  if (!(flags & FORCE)) {
    if (!snap.dom) {
      throw virErr(ErrCode.SNAPSHOT_REVERT_RISKY, ErrDomain.TEST, `snapshot '${snap.name}' lacks domain '${obj.def.name}' rollback info`);
    }
    if (obj.active && !online && flags & (RUN | PAUSE)) {
      throw virErr(ErrCode.SNAPSHOT_REVERT_RISKY, ErrDomain.TEST, "must respawn guest to start inactive snapshot");
    }
  }
  obj.snapshots.current = null;
  const config = copyDef(snap.dom ?? obj.def);
  config.id = -1;
  const assign = () => {
    if (obj.active) obj.newDef = config;
    else obj.def = config;
  };
  if (online) {
    // A running guest is stopped and started again from the snapshot.
    if (obj.active) {
      hv.shutdownState(obj, SHUTOFF_FROM_SNAPSHOT);
      hv.emitLifecycle(obj, Lifecycle.STOPPED, Detail.STOPPED_FROM_SNAPSHOT);
    }
    assign();
    hv.startState(obj, RUNNING_FROM_SNAPSHOT);
    hv.emitLifecycle(obj, Lifecycle.STARTED, Detail.STARTED_FROM_SNAPSHOT);
    if (!(flags & RUN) && (snap.state === "paused" || flags & PAUSE)) {
      obj.setState(State.PAUSED, PAUSED_FROM_SNAPSHOT);
      hv.emitLifecycle(obj, Lifecycle.SUSPENDED, Detail.SUSPENDED_FROM_SNAPSHOT);
    }
  } else {
    assign();
    if (obj.active) {
      hv.shutdownState(obj, SHUTOFF_FROM_SNAPSHOT);
      hv.emitLifecycle(obj, Lifecycle.STOPPED, Detail.STOPPED_FROM_SNAPSHOT);
    }
    // libvirt 9.0 announces the start it was asked for without performing it.
    if (flags & (RUN | PAUSE)) {
      hv.emitLifecycle(obj, Lifecycle.STARTED, Detail.STARTED_FROM_SNAPSHOT);
      if (flags & PAUSE) hv.emitLifecycle(obj, Lifecycle.SUSPENDED, Detail.SUSPENDED_FROM_SNAPSHOT);
    }
  }
  obj.snapshots.current = snap.name;
}
