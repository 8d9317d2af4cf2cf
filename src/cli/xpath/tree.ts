// XML documents as libxml2 builds them for virsh: adjacent text merged,
// xmlns declarations kept apart from attributes, and for --xpath
// (xmlKeepBlanksDefault(0)) whitespace between elements dropped by libxml2's
// own heuristic (parser.c areBlanks).
import { parseDocument, type DomNode } from "../xml.js";

export type Kind = "document" | "element" | "attribute" | "text" | "cdata" | "comment" | "pi" | "namespace";

export interface Ns {
  prefix: string | null;
  uri: string;
}

export interface XNode {
  kind: Kind;
  /** Local name (element, attribute), target (pi), prefix or "" (namespace). */
  name: string;
  /** An element's or attribute's namespace; a namespace node's own declaration. */
  ns: Ns | null;
  /** Content of text, cdata, comment and pi nodes; an attribute's value. */
  value: string;
  parent: XNode | null;
  children: XNode[];
  attrs: XNode[];
  /** xmlns declarations made on an element. */
  nsDefs: Ns[];
  /** Rank in document order. */
  order: number;
  /** A document's XML declaration (libxml2's doc->version, encoding, standalone). */
  decl?: { version: string; encoding: string | null; standalone: number };
}

export const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

export function newNode(kind: Kind, name = "", value = ""): XNode {
  return { kind, name, ns: null, value, parent: null, children: [], attrs: [], nsDefs: [], order: 0 };
}

/** IS_BLANK_CH */
export function isBlank(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

function allBlank(s: string): boolean {
  for (const c of s) if (!isBlank(c)) return false;
  return true;
}

function declOf(text: string): NonNullable<XNode["decl"]> {
  const m = /^<\?xml\s([^?]*)\?>/.exec(text);
  const pseudo = (key: string): string | null => {
    const v = m ? new RegExp(`${key}\\s*=\\s*(["'])(.*?)\\1`).exec(m[1] as string) : null;
    return v ? (v[2] as string) : null;
  };
  const sd = pseudo("standalone");
  return { version: pseudo("version") ?? "1.0", encoding: pseudo("encoding"), standalone: sd === "yes" ? 1 : sd === "no" ? 0 : -1 };
}

/**
 * libxml2's xml:space bookkeeping per element: 1 preserve, 0 default, -1
 * unknown, -2 "has held text" (blanks are then kept too).
 */
function convertChildren(dom: DomNode, el: XNode, space: number, keepBlanks: boolean): void {
  // Adjacent character data is one text node, as libxml2's SAX2 handler makes it.
  const kids: DomNode[] = [];
  let pending = "";
  const flush = (): void => {
    if (pending !== "") kids.push({ nodeType: 3, nodeName: "#text", nodeValue: pending, childNodes: [] });
    pending = "";
  };
  for (let i = 0; i < dom.childNodes.length; i++) {
    const c = dom.childNodes[i] as DomNode;
    if (c.nodeType === 3) pending += c.nodeValue ?? "";
    else {
      flush();
      kids.push(c);
    }
  }
  flush();
  kids.forEach((c, i) => {
    if (c.nodeType === 3) {
      const text = c.nodeValue ?? "";
      if (!keepBlanks && allBlank(text) && space !== 1 && space !== -2) {
        // areBlanks: dropped unless it is all the element holds or text is already there.
        const onlyContent = el.children.length === 0 && i === kids.length - 1;
        const last = el.children[el.children.length - 1];
        const textAround = last?.kind === "text" || el.children[0]?.kind === "text";
        if (!onlyContent && !textAround) return;
      }
      if (space === -1) space = -2;
      append(el, newNode("text", "", text));
      return;
    }
    const n = convertNode(c, space, keepBlanks);
    if (n) append(el, n);
  });
}

function append(parent: XNode, child: XNode): void {
  child.parent = parent;
  parent.children.push(child);
}

function convertElement(dom: DomNode, parentSpace: number, keepBlanks: boolean): XNode {
  const el = newNode("element", dom.localName ?? dom.nodeName);
  let space = parentSpace === -2 ? -1 : parentSpace;
  const attrs = dom.attributes ?? [];
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i] as NonNullable<DomNode["attributes"]>[number];
    if (a.namespaceURI === XMLNS_NS) {
      el.nsDefs.push({ prefix: a.prefix === null ? null : a.localName, uri: a.value });
      continue;
    }
    const attr = newNode("attribute", a.localName, a.value);
    if (a.namespaceURI) attr.ns = { prefix: a.prefix, uri: a.namespaceURI };
    attr.parent = el;
    el.attrs.push(attr);
    if (a.namespaceURI === XML_NS && a.localName === "space") space = a.value === "preserve" ? 1 : a.value === "default" ? 0 : space;
  }
  if (dom.namespaceURI) el.ns = { prefix: dom.prefix ?? null, uri: dom.namespaceURI };
  convertChildren(dom, el, space, keepBlanks);
  return el;
}

function convertNode(dom: DomNode, space: number, keepBlanks: boolean): XNode | null {
  switch (dom.nodeType) {
    case 1:
      return convertElement(dom, space, keepBlanks);
    case 4:
      return newNode("cdata", "", dom.nodeValue ?? "");
    case 7: {
      const pi = dom as DomNode & { target: string; data: string };
      return newNode("pi", pi.target, pi.data);
    }
    case 8:
      return newNode("comment", "", dom.nodeValue ?? "");
    default:
      return null;
  }
}

/** Ranks every node (attributes right after their element) in document order. */
export function rank(root: XNode, start = 0): number {
  let n = start;
  const walk = (x: XNode): void => {
    x.order = n++;
    for (const a of x.attrs) a.order = n++;
    for (const c of x.children) walk(c);
  };
  walk(root);
  return n;
}

/** The document of `text` as libvirt's parser builds it (blanks dropped unless `keepBlanks`), or null if it is not XML. */
export function buildTree(text: string, keepBlanks: boolean): XNode | null {
  const dom = parseDocument(text);
  if (!dom) return null;
  const doc = newNode("document");
  doc.decl = declOf(text);
  for (let i = 0; i < dom.childNodes.length; i++) {
    const c = dom.childNodes[i] as DomNode;
    // The XML declaration is no node, and no text lives outside the root.
    if (c.nodeType === 7 && c.nodeName === "xml") continue;
    const n = convertNode(c, -1, keepBlanks);
    if (n) append(doc, n);
  }
  rank(doc);
  return doc;
}

/** xmlNodeSetContent on an element: its children become one text. */
export function setText(el: XNode, text: string): void {
  const t = newNode("text", "", text);
  t.parent = el;
  el.children = [t];
}

/** The document a node belongs to: its tree's root (a document copied into another tree belongs to that one, as xmlAddChild makes it). */
export function docOf(n: XNode): XNode | null {
  let root = n;
  while (root.parent) root = root.parent;
  return root.kind === "document" ? root : null;
}
