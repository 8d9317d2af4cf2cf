// Character devices (serial, parallel, console, channel) as libvirt parses
// them for an inactive definition, which is all the test driver keeps: no pty
// paths, numbered target ports, and on HVM guests console 0 tied to serial 0.
import { ErrCode, ErrDomain, virErr } from "../errors.js";
import type { DomainDef, OtherDevice } from "./domain-def.js";
import { insertFirstOfKind } from "./device-list.js";
import { attr, child, el, elems, type XElem } from "./xnode.js";

const CHARDEVS = new Set(["serial", "parallel", "console", "channel"]);

function chardevs(def: DomainDef, name: string): OtherDevice[] {
  return def.devices.filter((d): d is OtherDevice => d.kind === "other" && d.el.name === name);
}

/**
 * The type is always written; tty is output only; a pty's path is
 * allocated at start, which the test driver never does, so none is kept.
 */
function canonSource(e: XElem): XElem {
  const type = attr(e, "type") ?? "pty";
  const attrs: [string, string][] = [["type", type], ...e.attrs.filter(([k]) => k !== "type" && k !== "tty")];
  const children = type === "pty" ? e.children.filter((c) => typeof c === "string" || c.name !== "source") : e.children;
  return { ...e, attrs, children };
}

/** `e` as device `name` with `target` in place of its own (libvirt writes it before alias and address). */
function retarget(e: XElem, name: string, target: XElem): XElem {
  const kids = e.children.filter((c): c is XElem => typeof c !== "string" && c.name !== "target");
  const at = kids.findIndex((c) => c.name === "alias" || c.name === "address");
  kids.splice(at < 0 ? kids.length : at, 0, target);
  return { name, attrs: e.attrs, children: kids };
}

/** `e` with its target's port set (written after the target type); the target's other content kept. */
function withPort(e: XElem, port: number, type?: string): XElem {
  const t = child(e, "target") ?? el("target");
  const ttype = type ?? attr(t, "type");
  const attrs: [string, string][] = [...(ttype !== undefined ? [["type", ttype] as [string, string]] : []), ["port", String(port)]];
  return retarget(e, e.name, { ...t, attrs: [...attrs, ...t.attrs.filter(([k]) => k !== "type" && k !== "port")] });
}

/** Serial and parallel ports without a number take one past the highest of their kind. */
function numberPorts(devs: OtherDevice[]): void {
  const port = (d: OtherDevice): number => {
    const t = child(d.el, "target");
    const p = t ? attr(t, "port") : undefined;
    if (p === undefined) return -1;
    if (!/^-?\d+$/.test(p.trim())) throw virErr(ErrCode.XML_ERROR, ErrDomain.DOMAIN, `Invalid port number: ${p}`);
    return Number(p);
  };
  for (const d of devs) if (port(d) < 0) d.el = withPort(d.el, Math.max(-1, ...devs.map(port)) + 1);
}

/** virDomainDefAddConsoleCompat: on HVM, console 0 is an alias of serial 0 (one is made from the other). */
function consoleCompat(def: DomainDef, serials: OtherDevice[], consoles: OtherDevice[]): void {
  const first = consoles[0];
  const serialFirst = first !== undefined && attr(child(first.el, "target")!, "type") === "serial";
  const s0 = serials[0];
  if (!s0) {
    if (serialFirst) insertFirstOfKind(def.devices, { kind: "other", el: retarget(first.el, "serial", el("target", [["port", 0]])) });
    return;
  }
  const target = el("target", [["type", "serial"], ["port", attr(child(s0.el, "target")!, "port")]]);
  if (serialFirst) {
    // Console 0 keeps its own extras but shows serial 0's backend.
    const own = first.el.children.filter((c) => typeof c !== "string" && c.name !== "source");
    first.el = retarget({ ...first.el, attrs: s0.el.attrs, children: [...elems(s0.el, "source"), ...own] }, "console", target);
  } else insertFirstOfKind(def.devices, { kind: "other", el: retarget(s0.el, "console", target) });
}

export function chardevDefaults(def: DomainDef): void {
  for (const d of def.devices) if (d.kind === "other" && CHARDEVS.has(d.el.name)) d.el = canonSource(d.el);
  const serials = chardevs(def, "serial");
  numberPorts(serials);
  numberPorts(chardevs(def, "parallel"));
  // A console's port is its place among consoles; its target type defaults to serial.
  const consoles = chardevs(def, "console");
  consoles.forEach((c, i) => {
    const t = child(c.el, "target");
    c.el = withPort(c.el, i, t ? attr(t, "type") ?? "serial" : "serial");
  });
  if (consoles.slice(1).some((c) => attr(child(c.el, "target")!, "type") === "serial")) {
    throw virErr(ErrCode.CONFIG_UNSUPPORTED, ErrDomain.DOMAIN, "Only the first console can be a serial port");
  }
  if (def.osType === "hvm") consoleCompat(def, serials, consoles);
}
