// <title>, <description> and namespaced <metadata> elements.
import { apiArgErr, checkFlags, ErrCode, ErrDomain, virErr } from "../errors.js";
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
  const bare: XElem = { ...el, name: localName(el.name), attrs: el.attrs.filter(([k]) => !k.startsWith("xmlns")) };
  return serialize(bare, 0, { doubleQuotes: true }).trimEnd();
}

function apply(def: DomainDef, type: number, metadata: string | null, key: string | null, uri: string | null): void {
  if (type === META_DESCRIPTION) {
    def.description = metadata ? metadata : null;
    return;
  }
  if (type === META_TITLE) {
    if (metadata && metadata.includes("\n")) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, "Domain title can't contain newlines");
    def.title = metadata ? metadata : null;
    return;
  }
  def.metadata = def.metadata.filter((m) => nsOf(m) !== uri);
  if (metadata === null || metadata === "") return;
  const root = parseXml(metadata, "(metadata_xml)", ErrDomain.DOMAIN);
  const el: XElem = {
    name: `${key}:${localName(root.name)}`,
    attrs: [[`xmlns:${key}`, uri ?? ""], ...root.attrs.filter(([k]) => !k.startsWith("xmlns"))],
    children: root.children,
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
  checkType(type);
  if (type === META_ELEMENT) {
    if (uri === null) throw apiArgErr("virDomainSetMetadata", "uri", "must not be NULL");
    if (metadata !== null && key === null) throw apiArgErr("virDomainSetMetadata", "key", "must not be NULL");
  } else if (uri !== null || key !== null) {
    throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, "uri and key must not be set for this metadata type");
  }
  checkFlags(flags, LC, "testDomainSetMetadata");
  const obj = hv.obj(ref);
  const { live, config } = obj.getDefs(flags);
  if (live) apply(live, type, metadata, key, uri);
  if (config) apply(config, type, metadata, key, uri);
  hv.events.emit({ kind: "metadata", dom: obj.ref(), type, nsuri: uri });
}
