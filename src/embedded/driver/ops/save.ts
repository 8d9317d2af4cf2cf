// Save/restore images, managed save and core dumps. Images are real files in
// the test driver's format ("TestGuestMagic\0", native-endian int32 length,
// domain XML), so libvirt's own test driver can read ours and vice versa.
import { closeSync, openSync, readSync, writeFileSync, unlinkSync } from "node:fs";
import { checkFlags, testErr } from "../errors.js";
import type { DomRef } from "../domain-obj.js";
import { Detail, Lifecycle } from "../events.js";
import type { Hypervisor } from "../hypervisor.js";
import { parseDomainXml } from "../xml/domain-parse.js";
import { formatDomain } from "../xml/domain-format.js";
import type { DomainDef } from "../xml/domain-def.js";
import { errnoOf } from "../strerror.js";
import { checkActive, stop } from "./lifecycle.js";

const MAGIC = Buffer.from("TestGuestMagic\0", "latin1");
const SHUTOFF_CRASHED = 3;
const SHUTOFF_SAVED = 5;
const RUNNING_RESTORED = 3;

function writeImage(path: string, def: DomainDef, active: boolean): void {
  const xml = Buffer.from(formatDomain(def, { active, secure: true }), "utf8");
  const len = Buffer.alloc(4);
  len.writeInt32LE(xml.length);
  try {
    writeFileSync(path, Buffer.concat([MAGIC, len, xml]), { mode: 0o600 });
  } catch (e) {
    try {
      unlinkSync(path);
    } catch {
      // already failing: libvirt ignores unlink errors here too
    }
    const { errno, text } = errnoOf(e);
    throw testErr.system(`saving domain '${def.name}' to '${path}': open failed: ${text}`, errno);
  }
}

function readExact(fd: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    const r = readSync(fd, b, got, n - got, null);
    if (r === 0) break;
    got += r;
  }
  return b.subarray(0, got);
}

/** testDomainSaveImageOpen: the definition stored in an image. */
export function readImage(path: string): DomainDef {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    const { errno, text } = errnoOf(e);
    throw testErr.system(`cannot read domain image '${path}': ${text}`, errno);
  }
  try {
    const magic = readExact(fd, MAGIC.length);
    if (magic.length !== MAGIC.length) throw testErr.system(`incomplete save header in '${path}': Success`);
    if (!magic.equals(MAGIC)) throw testErr.internal("mismatched header magic");
    const lenBuf = readExact(fd, 4);
    if (lenBuf.length !== 4) throw testErr.system(`failed to read metadata length in '${path}': Success`);
    const len = lenBuf.readInt32LE(0);
    if (len < 1 || len > 8192) throw testErr.internal("length of metadata out of range");
    const xml = readExact(fd, len);
    if (xml.length !== len) throw testErr.system(`incomplete metadata in '${path}': Success`);
    return parseDomainXml(xml.toString("utf8"));
  } finally {
    closeSync(fd);
  }
}

export function save(hv: Hypervisor, ref: DomRef, path: string, dxml: string | null, flags: number): void {
  checkFlags(flags, 0, "testDomainSaveFlags");
  if (dxml !== null) throw testErr.argUnsupported("xml modification unsupported");
  const obj = hv.obj(ref);
  checkActive(obj);
  writeImage(path, obj.def, true);
  stop(hv, obj, SHUTOFF_SAVED, Detail.STOPPED_SAVED);
}

export function restore(hv: Hypervisor, path: string, dxml: string | null, flags: number): void {
  checkFlags(flags, 0, "testDomainRestoreFlags");
  if (dxml !== null) throw testErr.argUnsupported("xml modification unsupported");
  const def = readImage(path);
  const { obj } = hv.add(def, { live: true, checkLive: true });
  hv.startState(obj, RUNNING_RESTORED);
  hv.emitLifecycle(obj, Lifecycle.STARTED, Detail.STARTED_RESTORED);
}

export function saveImageGetXmlDesc(_hv: Hypervisor, path: string, flags: number): string {
  checkFlags(flags, 1 /* SAVE_IMAGE_XML_SECURE */, "testDomainSaveImageGetXMLDesc");
  return formatDomain(readImage(path), { active: false, secure: true });
}

export function saveImageDefineXml(_hv: Hypervisor, path: string, dxml: string, flags: number): void {
  checkFlags(flags, 2 | 4 /* SAVE_RUNNING | SAVE_PAUSED */, "testDomainSaveImageDefineXML");
  readImage(path);
  writeImage(path, parseDomainXml(dxml), false);
}

export function managedSave(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 1 | 2 | 4, "testDomainManagedSave");
  const obj = hv.obj(ref);
  checkActive(obj);
  if (!obj.persistent) throw testErr.opInvalid("cannot do managed save for transient domain");
  hv.shutdownState(obj, SHUTOFF_SAVED);
  hv.emitLifecycle(obj, Lifecycle.STOPPED, Detail.STOPPED_SAVED);
  obj.hasManagedSave = true;
}

export function hasManagedSave(hv: Hypervisor, ref: DomRef, flags: number): boolean {
  checkFlags(flags, 0, "testDomainHasManagedSaveImage");
  return hv.obj(ref).hasManagedSave;
}

export function managedSaveRemove(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 0, "testDomainManagedSaveRemove");
  hv.obj(ref).hasManagedSave = false;
}

export function coreDump(hv: Hypervisor, ref: DomRef, to: string, format: number, flags: number): void {
  checkFlags(flags, 1 /* DUMP_CRASH */, "testDomainCoreDumpWithFormat");
  const obj = hv.obj(ref);
  checkActive(obj);
  try {
    writeFileSync(to, MAGIC, { mode: 0o600 });
  } catch (e) {
    const { errno, text } = errnoOf(e);
    throw testErr.system(`domain '${ref.name}' coredump: failed to open ${to}: ${text}`, errno);
  }
  if (format !== 0) throw testErr.opUnsupported("kdump-compressed format is not supported here");
  if (flags & 1) stop(hv, obj, SHUTOFF_CRASHED, Detail.STOPPED_CRASHED);
}

