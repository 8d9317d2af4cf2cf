// The device defaults libvirt's post-parse step adds that show in dumpxml:
// drive addresses and their implicit controllers, the serial port behind a
// console, VNC autoport/listen, video RAM.
import type { Device, DomainDef } from "./domain-def.js";
import { attr, child, el, elems, type XElem } from "./xnode.js";

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
  const have = (type: string, index: number) =>
    def.devices.some((d) => d.kind === "other" && d.el.name === "controller" && attr(d.el, "type") === type && Number(attr(d.el, "index") ?? 0) === index);
  const added: Device[] = [];
  for (const [type, set] of needed) {
    for (const index of [...set].sort((x, y) => x - y)) {
      if (!have(type, index)) added.push({ kind: "other", el: el("controller", [["type", type], ["index", index]]) });
    }
  }
  if (added.length) {
    const lastDisk = def.devices.map((d) => d.kind).lastIndexOf("disk");
    def.devices.splice(lastDisk + 1, 0, ...added);
  }
}

function isOther(d: Device, name: string): d is { kind: "other"; el: XElem } {
  return d.kind === "other" && d.el.name === name;
}

/** A console with no target on an HVM guest is backed by serial port 0. */
function pairConsoleSerial(def: DomainDef): void {
  if (def.osType !== "hvm") return;
  const ci = def.devices.findIndex((d) => isOther(d, "console"));
  if (ci < 0 || def.devices.some((d) => isOther(d, "serial"))) return;
  const con = (def.devices[ci] as { el: XElem }).el;
  if (child(con, "target")) return;
  const type = attr(con, "type") ?? "pty";
  const kids = elems(con);
  const serial = el("serial", [["type", type], ...con.attrs.filter(([k]) => k !== "type")], [...kids, el("target", [["port", 0]])]);
  const console: XElem = { ...con, children: [...kids, el("target", [["type", "serial"], ["port", 0]])] };
  def.devices.splice(ci, 1, { kind: "other", el: serial }, { kind: "other", el: console });
}

function graphicsDefaults(def: DomainDef): void {
  for (const d of def.devices) {
    if (!isOther(d, "graphics") || attr(d.el, "type") !== "vnc") continue;
    const port = attr(d.el, "port");
    if (attr(d.el, "autoport") === undefined && (port === undefined || port === "-1")) d.el.attrs.push(["autoport", "yes"]);
    if (!child(d.el, "listen") && attr(d.el, "listen") === undefined) d.el.children.push(el("listen", [["type", "address"]]));
  }
}

const VRAM: Record<string, [string, string][]> = {
  vga: [["vram", "16384"]],
  cirrus: [["vram", "16384"]],
  qxl: [
    ["ram", "65536"],
    ["vram", "65536"],
    ["vgamem", "16384"],
  ],
};

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
  }
}

export function applyDeviceDefaults(def: DomainDef): void {
  addDriveAddresses(def);
  pairConsoleSerial(def);
  graphicsDefaults(def);
  videoDefaults(def);
}

