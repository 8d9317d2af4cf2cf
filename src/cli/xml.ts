// Reading bits out of libvirt's XML documents (disks of a domain, snapshot
// and checkpoint descriptions) as a small element tree; the one place that
// loads xmldom, whose own tree device-xml.ts edits.
import { createRequire } from "node:module";
import type { DOMParser as XmlDomParser, XMLSerializer as XmlDomSerializer } from "@xmldom/xmldom";

// Loaded on first use: most commands never parse XML, and every CLI start
// would otherwise pay for the library (tens of milliseconds).
const require = createRequire(import.meta.url);
type Xmldom = { DOMParser: typeof XmlDomParser; XMLSerializer: typeof XmlDomSerializer };
let lib: Xmldom | null = null;
export function xmldom(): Xmldom {
  lib ??= require("@xmldom/xmldom") as Xmldom;
  return lib;
}

/** An element of xmldom's own tree, which device edits keep to print it back. */
export type DomElement = ReturnType<XmlDomParser["parseFromString"]>["documentElement"] & object;

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** The parts of an xmldom node that the CLI reads. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  localName?: string | null;
  prefix?: string | null;
  namespaceURI?: string | null;
  childNodes: ArrayLike<DomNode>;
  attributes?: ArrayLike<DomAttr>;
}

export interface DomAttr {
  name: string;
  value: string;
  localName: string;
  prefix: string | null;
  namespaceURI: string | null;
}

function convert(n: DomNode): XmlElement {
  const attrs: Record<string, string> = {};
  const a = n.attributes;
  if (a) for (let i = 0; i < a.length; i++) attrs[(a[i] as { name: string }).name] = (a[i] as { value: string }).value;
  const children: XmlElement[] = [];
  let text = "";
  for (let i = 0; i < n.childNodes.length; i++) {
    const c = n.childNodes[i] as DomNode;
    if (c.nodeType === 1) children.push(convert(c));
    else if (c.nodeType === 3 || c.nodeType === 4) text += c.nodeValue ?? "";
  }
  return { name: n.nodeName, attrs, children, text };
}

/** The document node, or null when the text is not well-formed XML. */
export function parseDocument(text: string): (DomNode & { documentElement: DomNode | null }) | null {
  let failed = false;
  try {
    const doc = new (xmldom().DOMParser)({
      onError: (level: string) => {
        if (level !== "warning") failed = true;
      },
    }).parseFromString(text, "text/xml") as unknown as DomNode & { documentElement: DomNode | null };
    return failed || !doc.documentElement ? null : doc;
  } catch {
    return null;
  }
}

/** The root element, or null when the text is not well-formed XML. */
export function parseXml(text: string): XmlElement | null {
  const root = parseDocument(text)?.documentElement;
  return root ? convert(root) : null;
}

/** Children along a slash-separated path ("devices/disk"). */
export function select(root: XmlElement, path: string): XmlElement[] {
  let level = [root];
  for (const part of path.split("/")) level = level.flatMap((e) => e.children.filter((c) => c.name === part));
  return level;
}

export function first(root: XmlElement, path: string): XmlElement | undefined {
  return select(root, path)[0];
}

/** Text of the first element at `path`, or undefined. */
export function textAt(root: XmlElement, path: string): string | undefined {
  return first(root, path)?.text;
}

/**
 * The first of the named attributes in document order (as XPath's
 * string(@a|@b|...) picks it), "" when empty, undefined when there is none.
 */
export function attrOf(el: XmlElement | DomElement | undefined, ...names: string[]): string | undefined {
  if (!el) return undefined;
  const attrs = "attrs" in el ? Object.entries(el.attrs) : Array.from(el.attributes, (a): [string, string] => [a.name, a.value]);
  return attrs.find(([k]) => names.includes(k))?.[1];
}
