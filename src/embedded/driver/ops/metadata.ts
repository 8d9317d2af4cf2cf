// <title>, <description> and namespaced <metadata> elements.
import { apiArgErr, argErr, checkFlags, ErrCode, ErrDomain, virErr } from "../errors.js";
import { AFFECT_CONFIG, AFFECT_LIVE, type DomRef } from "../domain-obj.js";
import type { Hypervisor } from "../hypervisor.js";
import type { DomainDef } from "../xml/domain-def.js";
import { localName, parseXml, serialize, type XElem } from "../xml/xnode.js";

export const META_DESCRIPTION = 0;
export const META_TITLE = 1;
export const META_ELEMENT = 2;
const LC = AFFECT_LIVE | AFFECT_CONFIG;

function nsOf(e: XElem): string | undefined {
  const i = e.name.indexOf(":");
  const decl = i > 0 ? `xmlns:${e.name.slice(0, i)}` : "xmlns";
  return e.attrs.find(([k]) => k === decl)?.[1];
}

function notPresent(): Error {
  return virErr(ErrCode.NO_DOMAIN_METADATA, ErrDomain.DOMAIN, "Requested metadata element is not present");
}

function checkType(type: number): void {
  if (type < 0 || type > 2) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `unknown metadata type '${type}'`);
}

export function getMetadata(hv: Hypervisor, ref: DomRef, type: number, uri: string | null, flags: number): string {
  // virDomainGetMetadata's own checks.
  if ((type === META_TITLE || type === META_DESCRIPTION) && uri !== null) throw apiArgErr("virDomainGetMetadata", "uri", "must be NULL");
  if (type === META_ELEMENT && uri === null) throw apiArgErr("virDomainGetMetadata", "uri", "must not be NULL");
  checkFlags(flags, LC, "testDomainGetMetadata");
  checkType(type);
  const { def } = hv.obj(ref).getOneDef(flags);
  if (type === META_DESCRIPTION) {
    if (def.description === null) throw notPresent();
    return def.description;
  }
  if (type === META_TITLE) {
    if (def.title === null) throw notPresent();
    return def.title;
  }
  const el = def.metadata.find((m) => nsOf(m) === uri);
  if (!el) throw notPresent();
  // Returned without its namespace prefix, as libvirt does.
  const key = el.name.slice(0, el.name.indexOf(":"));
  const bare: XElem = { ...unprefix(el, key), attrs: el.attrs.filter(([k]) => !k.startsWith("xmlns")) };
  return serialize(bare, 0, { doubleQuotes: true }).trimEnd();
}

/**
 * libvirt puts the element and every descendant that has no namespace of its
 * own into the key's namespace; one declaring a default namespace keeps it,
 * with its subtree.
 */
function prefixed(e: XElem, key: string): XElem {
  if (e.name.includes(":") || e.attrs.some(([k]) => k === "xmlns")) return e;
  return { ...e, name: `${key}:${e.name}`, children: e.children.map((c) => (typeof c === "string" ? c : prefixed(c, key))) };
}

function unprefix(e: XElem, key: string): XElem {
  if (!e.name.startsWith(`${key}:`)) return e;
  return { ...e, name: localName(e.name), children: e.children.map((c) => (typeof c === "string" ? c : unprefix(c, key))) };
}

function apply(def: DomainDef, type: number, metadata: string | null, key: string | null, uri: string | null): void {
  if (type === META_DESCRIPTION) {
    def.description = metadata ? metadata : null;
    return;
  }
  if (type === META_TITLE) {
    def.title = metadata ? metadata : null;
    return;
  }
  def.metadata = def.metadata.filter((m) => nsOf(m) !== uri);
  if (metadata === null || metadata === "") return;
  const root = parseXml(metadata, "metadata_xml", ErrDomain.DOMAIN);
  const el: XElem = {
    name: `${key}:${localName(root.name)}`,
    attrs: [[`xmlns:${key}`, uri ?? ""], ...root.attrs.filter(([k]) => !k.startsWith("xmlns"))],
    children: root.children.map((c) => (typeof c === "string" ? c : prefixed(c, key ?? ""))),
  };
  def.metadata.push(el);
}

export function setMetadata(
  hv: Hypervisor,
  ref: DomRef,
  type: number,
  metadata: string | null,
  key: string | null,
  uri: string | null,
  flags: number,
): void {
  // virDomainSetMetadata's own checks (libvirtd runs them before the driver).
  const api = "virDomainSetMetadata";
  if (type === META_TITLE && metadata !== null && metadata.includes("\n")) {
    throw argErr(ErrDomain.DOMAIN, api, "metadata", "metadata title can't contain newlines");
  }
  if (type === META_TITLE || type === META_DESCRIPTION) {
    if (uri !== null) throw apiArgErr(api, "uri", "must be NULL");
    if (key !== null) throw apiArgErr(api, "key", "must be NULL");
  } else if (type === META_ELEMENT) {
    if (uri === null) throw apiArgErr(api, "uri", "must not be NULL");
    if (metadata !== null && key === null) throw apiArgErr(api, "key", "must not be NULL");
  }
  checkType(type);
  checkFlags(flags, LC, "testDomainSetMetadata");
  const obj = hv.obj(ref);
  const { live, config } = obj.getDefs(flags);
  if (live) apply(live, type, metadata, key, uri);
  if (config) apply(config, type, metadata, key, uri);
  hv.events.emit({ kind: "metadata", dom: obj.ref(), type, nsuri: uri });
}
