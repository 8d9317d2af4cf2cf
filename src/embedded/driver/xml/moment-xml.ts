// <domainsnapshot> and <domaincheckpoint> documents.
import { ErrCode, ErrDomain, virErr, type VirError } from "../errors.js";
import { attr, child, childText, elems, parseRoot, escapeXml, type XElem } from "./xnode.js";
import { parseDomainElem } from "./domain-parse.js";
import { formatDomain } from "./domain-format.js";
import type { DomainDef } from "./domain-def.js";
import { validateCheckpoint, validateSnapshot } from "./moment-schema.js";

export const SNAPSHOT_STATES = [
  "nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended", "disk-snapshot",
] as const;

export interface SnapshotDisk {
  name: string;
  snapshot: string;
  extra: XElem[];
}

export interface SnapshotDef {
  name: string;
  parent: string | null;
  description: string | null;
  state: string;
  creationTime: number;
  memory: string;
  memoryFile: string | null;
  disks: SnapshotDisk[];
  /** Disks named in the request, before alignment. */
  requestedDisks: SnapshotDisk[];
  dom: DomainDef | null;
}

export interface CheckpointDisk {
  name: string;
  checkpoint: string;
  bitmap: string | null;
}

export interface CheckpointDef {
  name: string;
  parent: string | null;
  description: string | null;
  creationTime: number;
  disks: CheckpointDisk[];
  requestedDisks: CheckpointDisk[];
  dom: DomainDef | null;
}

const snapErr = (code: number, m: string) => virErr(code, ErrDomain.DOMAIN_SNAPSHOT, m);
const ckErr = (code: number, m: string) => virErr(code, ErrDomain.DOMAIN_CHECKPOINT, m);

// --- What snapshot and checkpoint documents share -------------------------

type MomentErr = (code: number, m: string) => VirError;

interface MomentLinks {
  parent: string | null;
  dom: DomainDef | null;
}

/** <name>; a new moment without one is named after its creation time. */
function momentName(root: XElem, redefine: boolean, now: number, err: MomentErr, emptyMsg: string): string {
  const name = childText(root, "name")?.trim();
  if (name) return name;
  if (redefine) throw err(ErrCode.XML_ERROR, emptyMsg);
  return String(now);
}

/** A redefinition's recorded creation time. */
function recordedTime(root: XElem, err: MomentErr, kind: string): number {
  const ct = childText(root, "creationTime");
  if (ct === undefined) throw err(ErrCode.INTERNAL_ERROR, `missing creationTime from existing ${kind}`);
  return Number(ct.trim());
}

/** A redefinition's <parent><name> and nested <domain>. */
function recordedLinks(root: XElem): MomentLinks {
  const p = child(root, "parent");
  const d = child(root, "domain");
  return { parent: p ? childText(p, "name")?.trim() ?? null : null, dom: d ? parseDomainElem(d) : null };
}

/** <name>, <description>, a snapshot's <state>, <parent> and <creationTime>. */
function formatHead(m: CheckpointDef | SnapshotDef, state?: string): string {
  let out = `  <name>${escapeXml(m.name)}</name>\n`;
  if (m.description !== null) out += `  <description>${escapeXml(m.description)}</description>\n`;
  if (state !== undefined) out += `  <state>${state}</state>\n`;
  if (m.parent !== null) out += `  <parent>\n    <name>${escapeXml(m.parent)}</name>\n  </parent>\n`;
  return out + `  <creationTime>${m.creationTime}</creationTime>\n`;
}

/** virXMLPropEnum's report for a value outside an attribute's enumeration. */
function badEnum(e: XElem, name: string, values: readonly string[]): void {
  const v = attr(e, name);
  if (v !== undefined && !values.includes(v)) {
    throw virErr(ErrCode.XML_ERROR, ErrDomain.XML, `Invalid value for attribute '${name}' in element '${e.name}': '${v}'.`);
  }
}

export function parseSnapshotXml(xml: string, redefine: boolean, now: number, validate = false): SnapshotDef {
  const root = parseRoot(xml, "domain_snapshot", "domainsnapshot", ErrDomain.DOMAIN_SNAPSHOT);
  if (validate) validateSnapshot(root);
  const name = momentName(root, redefine, now, snapErr, "a redefined snapshot must have a name");
  let creationTime = now;
  let state = "nostate";
  let links: MomentLinks = { parent: null, dom: null };
  if (redefine) {
    creationTime = recordedTime(root, snapErr, "snapshot");
    const st = childText(root, "state")?.trim();
    if (st === undefined) throw snapErr(ErrCode.XML_ERROR, "missing state from existing snapshot");
    if (!(SNAPSHOT_STATES as readonly string[]).includes(st)) throw snapErr(ErrCode.XML_ERROR, `Invalid state '${st}' in domain snapshot XML`);
    state = st;
    links = recordedLinks(root);
  }
  const mem = child(root, "memory");
  const locations = ["no", "internal", "external", "manual"];
  if (mem) badEnum(mem, "snapshot", locations);
  for (const d of elems(child(root, "disks") ?? { name: "", attrs: [], children: [] }, "disk")) {
    if (attr(d, "name") === undefined) throw snapErr(ErrCode.INTERNAL_ERROR, "missing name from disk snapshot element");
    badEnum(d, "snapshot", locations);
  }
  // A redefined snapshot without <memory> gets the location its state implies.
  const memDefault = redefine ? (state === "shutoff" || state === "disk-snapshot" ? "no" : "internal") : "";
  const disksEl = child(root, "disks");
  const requestedDisks: SnapshotDisk[] = disksEl
    ? elems(disksEl, "disk").map((d) => ({ name: attr(d, "name") ?? "", snapshot: attr(d, "snapshot") ?? "", extra: elems(d) }))
    : [];
  return {
    name,
    parent: links.parent,
    description: childText(root, "description") ?? null,
    state,
    creationTime,
    memory: mem ? attr(mem, "snapshot") ?? (attr(mem, "file") ? "external" : memDefault) : memDefault,
    memoryFile: mem ? attr(mem, "file") ?? null : null,
    disks: redefine ? requestedDisks : [],
    requestedDisks,
    dom: links.dom,
  };
}

export function formatSnapshot(s: SnapshotDef, domainUuidless = false, secure = false): string {
  let out = "<domainsnapshot>\n" + formatHead(s, s.state);
  if (s.memory) {
    const file = s.memoryFile ? ` file='${escapeXml(s.memoryFile)}'` : "";
    out += `  <memory snapshot='${s.memory}'${file}/>\n`;
  }
  if (s.disks.length) {
    out += "  <disks>\n";
    for (const d of s.disks) {
      const snap = d.snapshot ? ` snapshot='${escapeXml(d.snapshot)}'` : "";
      out += `    <disk name='${escapeXml(d.name)}'${snap}/>\n`;
    }
    out += "  </disks>\n";
  }
  if (s.dom && !domainUuidless) out += formatDomain(s.dom, { active: false, indent: 2, secure });
  out += "</domainsnapshot>\n";
  return out;
}

export function parseCheckpointXml(xml: string, redefine: boolean, now: number): CheckpointDef {
  const root = parseRoot(xml, "domain_checkpoint", "domaincheckpoint", ErrDomain.DOMAIN_CHECKPOINT);
  // libvirt validates checkpoint documents against its schema every time.
  validateCheckpoint(root);
  const name = momentName(root, redefine, now, ckErr, "a redefined checkpoint must have a name");
  const creationTime = redefine ? recordedTime(root, ckErr, "checkpoint") : now;
  const links: MomentLinks = redefine ? recordedLinks(root) : { parent: null, dom: null };
  const disksEl = child(root, "disks");
  const requestedDisks: CheckpointDisk[] = disksEl
    ? elems(disksEl, "disk").map((d) => ({ name: attr(d, "name") ?? "", checkpoint: attr(d, "checkpoint") ?? "", bitmap: attr(d, "bitmap") ?? null }))
    : [];
  return {
    name,
    parent: links.parent,
    description: childText(root, "description") ?? null,
    creationTime,
    disks: redefine ? requestedDisks : [],
    requestedDisks,
    dom: links.dom,
  };
}

export interface CheckpointFormatOptions {
  noDomain: boolean;
  /** VIR_DOMAIN_CHECKPOINT_XML_SIZE: libvirt 9.0 checks the domain runs but prints no size. */
  size: boolean;
  /** VIR_DOMAIN_CHECKPOINT_XML_SECURE: the nested domain keeps its passwords. */
  secure?: boolean;
}

export function formatCheckpoint(c: CheckpointDef, o: CheckpointFormatOptions): string {
  let out = "<domaincheckpoint>\n" + formatHead(c);
  if (c.disks.length) {
    out += "  <disks>\n";
    for (const d of c.disks) {
      let a = ` name='${escapeXml(d.name)}' checkpoint='${d.checkpoint}'`;
      if (d.checkpoint === "bitmap" && d.bitmap !== null) a += ` bitmap='${escapeXml(d.bitmap)}'`;
      out += `    <disk${a}/>\n`;
    }
    out += "  </disks>\n";
  }
  if (c.dom && !o.noDomain) out += formatDomain(c.dom, { active: false, indent: 2, secure: o.secure ?? false });
  out += "</domaincheckpoint>\n";
  return out;
}
