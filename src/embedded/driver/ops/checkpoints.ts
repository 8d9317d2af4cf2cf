// Domain checkpoints: create/redefine, tree queries and delete.
import { checkFlags, ErrCode, ErrDomain, exclusiveFlags, requireFlag, testErr, virErr } from "../errors.js";
import type { DomainObj, DomRef } from "../domain-obj.js";
import type { Hypervisor } from "../hypervisor.js";
import { deleteMoment } from "../moment-delete.js";
import { matchRequestedDisks } from "../moment-disks.js";
import { copyDef, domainDisks } from "../xml/domain-def.js";
import { formatCheckpoint, parseCheckpointXml, type CheckpointDef } from "../xml/moment-xml.js";
import { checkActive } from "./lifecycle.js";

const ckErr = (code: number, m: string) => virErr(code, ErrDomain.DOMAIN_CHECKPOINT, m);

function alignDisks(obj: DomainObj, def: CheckpointDef): void {
  const disks = domainDisks(obj.def);
  if (disks.length === 0) throw ckErr(ErrCode.CONFIG_UNSUPPORTED, "domain must have at least one disk to perform checkpoints");
  const req = matchRequestedDisks(disks, def.requestedDisks, ErrDomain.DOMAIN_CHECKPOINT);
  def.disks = disks.map((d) => {
    const r = req.get(d.dst);
    // Once any disk is named, the others get no bitmap; empty and read-only
    // disks get none either, and asking for one on them fails.
    const unusable = d.src === null || d.rest.some((c) => c.name === "readonly");
    const mode = r ? r.checkpoint || "bitmap" : unusable || req.size > 0 ? "no" : "bitmap";
    if (mode === "bitmap" && unusable) throw ckErr(ErrCode.CONFIG_UNSUPPORTED, `disk '${d.dst}' is empty or readonly`);
    return { name: d.dst, checkpoint: mode, bitmap: mode === "bitmap" ? r?.bitmap ?? def.name : null };
  });
}

export function checkpointCreate(hv: Hypervisor, ref: DomRef, xml: string, flags: number): string {
  // virDomainCheckpointCreateXML's own checks come first.
  const api = "virDomainCheckpointCreateXML";
  if (flags & 4 && !(flags & 1)) {
    throw requireFlag("VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE", "VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE", ErrDomain.DOMAIN_CHECKPOINT, api);
  }
  if (flags & 2 && flags & 1) {
    throw exclusiveFlags("VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE", "VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE", ErrDomain.DOMAIN_CHECKPOINT, api);
  }
  checkFlags(flags, 1 | 2 /* REDEFINE | QUIESCE */, "testDomainCheckpointCreateXML");
  const redefine = (flags & 1) !== 0;
  const obj = hv.obj(ref);
  if (obj.snapshots.size > 0) throw testErr.opUnsupported("cannot create checkpoint while snapshot exists");
  if (!obj.active) throw testErr.opUnsupported("cannot create checkpoint for inactive domain");
  const def = parseCheckpointXml(xml, redefine, Math.floor(Date.now() / 1000));
  const tree = obj.checkpoints;
  if (redefine) {
    tree.requireParent(def);
    if (!def.dom) def.dom = copyDef(obj.def);
    if (tree.has(def.name)) tree.replace(def);
    else tree.add(def);
    return def.name;
  }
  def.dom = copyDef(obj.def);
  def.dom.id = -1;
  alignDisks(obj, def);
  tree.addNew(def);
  tree.current = def.name;
  return def.name;
}

export function checkpointList(hv: Hypervisor, ref: DomRef, parent: string | null, flags: number): string[] {
  const fn = parent === null ? "testDomainListAllCheckpoints" : "testDomainCheckpointListAllChildren";
  checkFlags(flags, 1 | 2 | 4 | 8, fn);
  const obj = hv.obj(ref);
  if (parent !== null) obj.checkpoints.lookup(parent);
  // The checkpoint list flags are libvirt's moment list flags as they are.
  return obj.checkpoints.select(parent, flags).map((c) => c.name);
}

export function checkpointLookup(hv: Hypervisor, ref: DomRef, name: string, flags: number): string {
  checkFlags(flags, 0, "testDomainCheckpointLookupByName");
  return hv.obj(ref).checkpoints.lookup(name).name;
}

export function checkpointParent(hv: Hypervisor, ref: DomRef, name: string, flags: number): string {
  checkFlags(flags, 0, "testDomainCheckpointGetParent");
  return hv.obj(ref).checkpoints.parentOf(name);
}

export function checkpointXml(hv: Hypervisor, ref: DomRef, name: string, flags: number): string {
  checkFlags(flags, 1 | 2 | 4 /* SECURE | NO_DOMAIN | SIZE */, "testDomainCheckpointGetXMLDesc");
  const obj = hv.obj(ref);
  const c = obj.checkpoints.lookup(name);
  if (flags & 4) checkActive(obj);
  return formatCheckpoint(c, { noDomain: (flags & 2) !== 0, size: (flags & 4) !== 0, secure: (flags & 1) !== 0 });
}

export function checkpointDelete(hv: Hypervisor, ref: DomRef, name: string, flags: number): void {
  checkFlags(flags, 1 | 2 | 4, "testDomainCheckpointDelete");
  const obj = hv.obj(ref);
  const c = obj.checkpoints.lookup(name);
  deleteMoment(obj.checkpoints, c, flags);
}
