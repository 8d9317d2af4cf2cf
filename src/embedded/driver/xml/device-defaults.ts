// The device defaults libvirt's post-parse step adds that show in dumpxml:
// drive addresses and their implicit controllers, character devices,
// graphics listens and ports, video RAM.
import type { Device, DomainDef } from "./domain-def.js";
import { chardevDefaults } from "./chardev-defaults.js";
import { graphicsDefaults } from "./graphics-defaults.js";
import { insertFirstOfKind } from "./device-list.js";
import { attr, child, el, type XElem } from "./xnode.js";

/** "sdb" -> 1, "hdaa" -> 26 (virDiskNameToIndex). */
function diskIndex(dst: string): number {
  const m = /^(?:hd|sd|vd|xvd|fd|ubd)([a-z]+)$/.exec(dst);
  if (!m) return -1;
  let idx = 0;
  for (const ch of m[1]!) idx = idx * 26 + (ch.charCodeAt(0) - 96);
  return idx - 1;
}

function driveAddress(bus: string, idx: number): { controller: number; bus: number; unit: number } | null {
  switch (bus) {
    case "ide":
      return { controller: Math.floor(idx / 4), bus: Math.floor((idx % 4) / 2), unit: idx % 2 };
    case "scsi":
      return { controller: Math.floor(idx / 7), bus: 0, unit: idx % 7 };
    case "sata":
      return { controller: Math.floor(idx / 6), bus: 0, unit: idx % 6 };
    case "fdc":
      return { controller: 0, bus: 0, unit: idx };
    default:
      return null;
  }
}

function addDriveAddresses(def: DomainDef): void {
  const needed = new Map<string, Set<number>>();
  for (const d of def.devices) {
    if (d.kind !== "disk" || !d.bus) continue;
    const existing = d.rest.find((c) => c.name === "address");
    let controller: number | undefined;
    if (existing) {
      if (attr(existing, "type") === "drive") controller = Number(attr(existing, "controller") ?? 0);
    } else {
      const a = driveAddress(d.bus, diskIndex(d.dst));
      if (a) {
        d.rest.push(
          el("address", [
            ["type", "drive"],
            ["controller", a.controller],
            ["bus", a.bus],
            ["target", 0],
            ["unit", a.unit],
          ]),
        );
        controller = a.controller;
      }
    }
    if (controller !== undefined && ["ide", "scsi", "sata", "fdc"].includes(d.bus)) {
      if (!needed.has(d.bus)) needed.set(d.bus, new Set());
      needed.get(d.bus)!.add(controller);
    }
  }
  // virDomainDefAddImplicitControllers: by type in this order, every index
  // from 0 up to the highest a disk uses.
  for (const type of ["scsi", "fdc", "ide", "sata"]) {
    const used = needed.get(type);
    if (!used) continue;
    for (let index = 0; index <= Math.max(...used); index++) addController(def, type, index);
  }
}

function isController(d: Device, type?: string): d is { kind: "other"; el: XElem } {
  return d.kind === "other" && d.el.name === "controller" && (type === undefined || attr(d.el, "type") === type);
}

/** virDomainDefMaybeAddController: a missing controller is appended after the others. */
function addController(def: DomainDef, type: string, index: number): void {
  const idx = (d: Device): number => Number(attr((d as { el: XElem }).el, "index") ?? 0);
  if (def.devices.some((d) => isController(d, type) && idx(d) === index)) return;
  const ctl: Device = { kind: "other", el: el("controller", [["type", type], ["index", index]]) };
  const after = def.devices.map((d) => isController(d)).lastIndexOf(true);
  if (after >= 0) def.devices.splice(after + 1, 0, ctl);
  else insertFirstOfKind(def.devices, ctl);
}

function isOther(d: Device, name: string): d is { kind: "other"; el: XElem } {
  return d.kind === "other" && d.el.name === name;
}

/** virDomainDefAddImplicitVideo: a display with no video device gets the default one (cirrus here). */
function implicitVideo(def: DomainDef): void {
  if (!def.devices.some((d) => isOther(d, "graphics")) || def.devices.some((d) => isOther(d, "video"))) return;
  insertFirstOfKind(def.devices, { kind: "other", el: el("video", [], [el("model", [["type", "cirrus"]])]) });
}

/** Virtio channels, then virtio consoles, sit on a virtio-serial controller (0 unless their address names another). */
function virtioSerialControllers(def: DomainDef): void {
  for (const kind of ["channel", "console"]) {
    for (const d of def.devices) {
      if (!isOther(d, kind) || attr(child(d.el, "target") ?? el("target"), "type") !== "virtio") continue;
      const a = child(d.el, "address");
      addController(def, "virtio-serial", a && attr(a, "type") === "virtio-serial" ? Number(attr(a, "controller") ?? 0) : 0);
    }
  }
}

// Video RAM defaults libvirt fills in (KiB).
const VRAM: Record<string, [string, string][]> = {
  vga: [["vram", "16384"]],
  cirrus: [["vram", "16384"]],
  qxl: [
    ["ram", "65536"],
    ["vram", "65536"],
  ],
};
const VIDEO_ATTRS = ["type", "ram", "vram", "vram64", "vgamem", "heads", "primary"];

function videoDefaults(def: DomainDef): void {
  let first = true;
  for (const d of def.devices) {
    if (!isOther(d, "video")) continue;
    const model = child(d.el, "model");
    if (!model) continue;
    const type = attr(model, "type") ?? "";
    for (const [k, v] of VRAM[type] ?? []) if (attr(model, k) === undefined) model.attrs.push([k, v]);
    if (attr(model, "heads") === undefined) model.attrs.push(["heads", "1"]);
    if (first && attr(model, "primary") === undefined) model.attrs.push(["primary", "yes"]);
    first = false;
    // Written in libvirt's attribute order; others (accel...) keep theirs after.
    const rank = (k: string): number => (VIDEO_ATTRS.includes(k) ? VIDEO_ATTRS.indexOf(k) : VIDEO_ATTRS.length);
    model.attrs = model.attrs.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a[0]) - rank(y.a[0]) || x.i - y.i).map((x) => x.a);
  }
}

/** A smartcard needs a CCID controller; each gets the next slot on controller 0. */
function smartcardDefaults(def: DomainDef): void {
  const cards = def.devices.filter((d): d is { kind: "other"; el: XElem } => isOther(d, "smartcard"));
  if (!cards.length) return;
  addController(def, "ccid", 0);
  cards.forEach((c, slot) => {
    if (child(c.el, "address")) return;
    c.el.children.push(el("address", [["type", "ccid"], ["controller", 0], ["slot", slot]]));
  });
}

/** A subsystem hostdev always states whether libvirt manages it (default no), right after type. */
function hostdevDefaults(def: DomainDef): void {
  for (const d of def.devices) {
    if (!isOther(d, "hostdev") || attr(d.el, "mode") !== "subsystem") continue;
    const managed = attr(d.el, "managed") === "yes" ? "yes" : "no";
    const rest = d.el.attrs.filter(([k]) => !["mode", "type", "managed"].includes(k));
    d.el.attrs = [["mode", "subsystem"], ["type", attr(d.el, "type") ?? ""], ["managed", managed], ...rest];
  }
}

export function applyDeviceDefaults(def: DomainDef): void {
  hostdevDefaults(def);
  addDriveAddresses(def);
  chardevDefaults(def);
  virtioSerialControllers(def);
  smartcardDefaults(def);
  for (const d of def.devices) if (isOther(d, "graphics")) graphicsDefaults(d.el);
  implicitVideo(def);
  videoDefaults(def);
}

