// A plain-data XML element tree: what the driver keeps for parts of a
// definition it does not model field by field. Plain data so definitions can
// be deep-copied with structuredClone (snapshots keep copies).
import { DOMParser } from "@xmldom/xmldom";
import { ErrCode, ErrDomain, rawErr, virErr } from "../errors.js";

export interface XElem {
  name: string;
  attrs: [string, string][];
  /** Child elements and text runs, in document order. */
  children: XChild[];
}
export type XChild = XElem | string;

/** Minimal view of the DOM node types xmldom hands back. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

function fromDom(n: DomNode): XElem {
  const attrs: [string, string][] = [];
  const a = n.attributes;
  if (a) for (let i = 0; i < a.length; i++) attrs.push([a[i]!.name, a[i]!.value]);
  const children: XChild[] = [];
  for (let i = 0; i < n.childNodes.length; i++) {
    const c = n.childNodes[i]!;
    if (c.nodeType === 1) children.push(fromDom(c));
    else if (c.nodeType === 3 || c.nodeType === 4) children.push(c.nodeValue ?? "");
  }
  return { name: n.nodeName, attrs, children };
}

/**
 * Parse a document into its root element. Malformed input fails the way
 * libvirt's XML layer does: VIR_ERR_XML_DETAIL with "(url):line: reason".
 * `url` is libvirt's label for the document, e.g. "domain_definition".
 */
export function parseXml(text: string, url: string, errDomain: number): XElem {
  let first: string | null = null;
  const parser = new DOMParser({
    onError: (level, msg) => {
      if (level === "warning") return;
      if (first === null) first = msg;
      throw new Error(msg);
    },
  });
  let doc: { documentElement: DomNode | null } | undefined;
  try {
    doc = parser.parseFromString(text, "text/xml") as unknown as { documentElement: DomNode | null };
  } catch (e) {
    if (first === null) first = e instanceof Error ? e.message : String(e);
  }
  if (first !== null || !doc || !doc.documentElement) {
    const reason = first ?? "Document is empty";
    const line = /line:?\s*(\d+)/i.exec(reason)?.[1] ?? "1";
    throw rawErr(ErrCode.XML_DETAIL, errDomain, `(${url}):${line}: ${cleanReason(reason)}`);
  }
  return fromDom(doc.documentElement);
}

function cleanReason(r: string): string {
  return r.replace(/\n?@#\[line:\d+,col:\d+\]/g, "").replace(/^\[xmldom [a-zA-Z]+\]\s*/, "").trim();
}

/** Parse and check the root element name (libvirt: "expecting root element of 'X', not 'Y'"). */
export function parseRoot(text: string, url: string, root: string, errDomain: number): XElem {
  const el = parseXml(text, url, errDomain);
  if (localName(el.name) !== root) {
    throw virErr(ErrCode.XML_ERROR, ErrDomain.XML, `expecting root element of '${root}', not '${el.name}'`);
  }
  return el;
}

export function localName(n: string): string {
  const i = n.indexOf(":");
  return i < 0 ? n : n.slice(i + 1);
}

export function isElem(c: XChild): c is XElem {
  return typeof c !== "string";
}

export function elems(e: XElem, name?: string): XElem[] {
  const out: XElem[] = [];
  for (const c of e.children) if (isElem(c) && (name === undefined || c.name === name)) out.push(c);
  return out;
}

export function child(e: XElem, name: string): XElem | undefined {
  for (const c of e.children) if (isElem(c) && c.name === name) return c;
  return undefined;
}

export function attr(e: XElem, name: string): string | undefined {
  for (const [k, v] of e.attrs) if (k === name) return v;
  return undefined;
}

/** Concatenated text of an element and its descendants (XPath string()). */
export function text(e: XElem): string {
  let s = "";
  for (const c of e.children) s += typeof c === "string" ? c : text(c);
  return s;
}

export function childText(e: XElem, name: string): string | undefined {
  const c = child(e, name);
  return c ? text(c) : undefined;
}

export function el(name: string, attrs: [string, string | number | undefined | null][] = [], children: XChild[] = []): XElem {
  const a: [string, string][] = [];
  for (const [k, v] of attrs) if (v !== undefined && v !== null) a.push([k, String(v)]);
  return { name, attrs: a, children };
}

/** libvirt's virBufferEscapeString: the five XML specials become entities. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>'"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "'" ? "&apos;" : "&quot;"));
}

export interface SerializeOptions {
  /** libxml's node dump quotes attributes with " (used for metadata). */
  doubleQuotes?: boolean;
}

/**
 * Serialize like libvirt's formatters: two-space indent per level, elements
 * holding only text on one line, whitespace-only text between elements dropped.
 */
/** One element and its subtree on a single line (libxml's unformatted dump). */
function inline(e: XElem, esc: (s: string) => string): string {
  let out = `<${e.name}`;
  for (const [k, v] of e.attrs) out += ` ${k}="${esc(v)}"`;
  if (e.children.length === 0) return `${out}/>`;
  out += ">";
  for (const c of e.children) out += isElem(c) ? inline(c, esc) : c.replace(/[&<>]/g, (x) => (x === "&" ? "&amp;" : x === "<" ? "&lt;" : "&gt;"));
  return `${out}</${e.name}>`;
}

export function serialize(e: XElem, indent: number, opts: SerializeOptions = {}): string {
  const pad = " ".repeat(indent);
  const q = opts.doubleQuotes ? '"' : "'";
  const esc = opts.doubleQuotes ? (s: string) => s.replace(/[&<"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&quot;")) : escapeXml;
  let open = `${pad}<${e.name}`;
  for (const [k, v] of e.attrs) open += ` ${k}=${q}${esc(v)}${q}`;
  const kids = e.children.filter((c) => isElem(c) || c.trim() !== "");
  if (kids.length === 0) return `${open}/>\n`;
  // libxml's dump stops indenting inside an element with text beside elements.
  if (opts.doubleQuotes && kids.some(isElem) && kids.some((c) => !isElem(c))) return `${pad}${inline(e, esc)}\n`;
  if (kids.every((c) => !isElem(c))) {
    const t = e.children.map((c) => (typeof c === "string" ? c : "")).join("");
    return `${open}>${opts.doubleQuotes ? t.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;")) : escapeXml(t)}</${e.name}>\n`;
  }
  let out = `${open}>\n`;
  for (const c of kids) {
    if (isElem(c)) out += serialize(c, indent + 2, opts);
    else out += `${pad}  ${escapeXml(c.trim())}\n`;
  }
  return `${out}${pad}</${e.name}>\n`;
}
