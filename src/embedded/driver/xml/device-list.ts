// The <devices> list as libvirt builds and checks it while parsing: disk
// insertion order, duplicate targets, controller indexes, USB availability.
import { ErrCode, ErrDomain, virErr } from "../errors.js";
import { attr, type XElem } from "./xnode.js";
import { DEVICE_ORDER, domainDisks, type Device, type DiskDevice, type DomainDef } from "./domain-def.js";

/** virDiskNameToIndex: "vda" 0, "sdc" 2, "hdaa" 26 (partition digits ignored). */
function diskNameIndex(name: string): number {
  const m = /^(?:fd|hd|vd|sd|xvd|ubd)([a-z]+)\d*$/.exec(name);
  if (!m) return -1;
  let idx = 0;
  for (const c of m[1]!) idx = idx * 26 + (c.charCodeAt(0) - 96);
  return idx - 1;
}

/**
 * virDomainDiskInsert: a disk goes before the last-seen disk of its bus with
 * a higher index, else right after the last disk of its bus, else at the end.
 */
export function insertDisk(devices: Device[], disk: DiskDevice): void {
  let at = -1;
  for (let i = devices.length - 1; i >= 0; i--) {
    const d = devices[i]!;
    if (d.kind !== "disk" || d.bus !== disk.bus) continue;
    if (diskNameIndex(d.dst) > diskNameIndex(disk.dst)) at = i;
    else if (at === -1) at = i + 1;
  }
  if (at === -1) {
    // After every disk: devices are in libvirt's class order and disks come first.
    at = 0;
    while (at < devices.length && (devices[at]!.kind === "disk" || (devices[at] as { el?: XElem }).el?.name === "emulator")) at++;
  }
  devices.splice(at, 0, disk);
}

/** Puts `dev` before every device of its kind and after those of earlier kinds. */
export function insertFirstOfKind(devices: Device[], dev: Device): void {
  const order = (d: Device): number => DEVICE_ORDER.indexOf(d.kind === "other" ? d.el.name : d.kind);
  const at = devices.findIndex((d) => order(d) >= order(dev));
  devices.splice(at < 0 ? devices.length : at, 0, dev);
}

export function checkDiskTargets(def: DomainDef): void {
  const disks = domainDisks(def);
  for (let i = 0; i < disks.length; i++) {
    for (let j = i + 1; j < disks.length; j++) {
      if (disks[i]!.dst === disks[j]!.dst) {
        throw virErr(ErrCode.XML_ERROR, ErrDomain.DOMAIN, `target '${disks[i]!.dst}' duplicated for disk sources '${disks[i]!.src ?? "<null>"}' and '${disks[j]!.src ?? "<null>"}'`);
      }
    }
  }
}

/** A controller without an index takes its type's lowest free one; index is written right after type. */
export function numberControllers(def: DomainDef): void {
  const ctls = def.devices.filter((d): d is { kind: "other"; el: XElem } => d.kind === "other" && d.el.name === "controller");
  for (const c of ctls) {
    if (attr(c.el, "index") !== undefined) continue;
    const type = attr(c.el, "type") ?? "";
    const used = new Set(ctls.filter((o) => attr(o.el, "type") === type && attr(o.el, "index") !== undefined).map((o) => attr(o.el, "index")));
    let idx = 0;
    while (used.has(String(idx))) idx++;
    c.el = { ...c.el, attrs: [["type", type], ["index", String(idx)], ...c.el.attrs.filter(([k]) => k !== "type")] };
  }
}

/** USB devices redirected from a client need a USB controller that is not model='none'. */
export function checkUsb(def: DomainDef): void {
  const usb = def.devices.some((d) => d.kind === "other" && d.el.name === "controller" && attr(d.el, "type") === "usb" && attr(d.el, "model") !== "none");
  const redir = def.devices.some((d) => d.kind === "other" && d.el.name === "redirdev" && (attr(d.el, "bus") ?? "usb") === "usb");
  if (redir && !usb) throw virErr(ErrCode.CONFIG_UNSUPPORTED, ErrDomain.DOMAIN, "cannot add redirected USB device: USB is disabled for this domain");
}
