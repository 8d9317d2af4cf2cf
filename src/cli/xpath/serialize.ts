// libxml2 2.9's xmlNodeDump(buf, doc, node, 0, 1), which virsh prints each
// --xpath result with: two-space indentation except inside elements that hold
// text, attributes as ` name="value"`, non-ASCII in attribute values as
// character references unless the document declared an encoding.
import { docOf, type Ns, type XNode } from "./tree.js";

interface SaveCtx {
  out: string;
  level: number;
  format: number;
  /** Documents being dumped whole: their encoding is UTF-8 meanwhile (xmlDocContentDumpOutput). */
  encoded: Set<XNode>;
}

/** MAX_INDENT / 2: deeper levels indent no further. */
const INDENT_NR = 30;

function indent(ctx: SaveCtx): void {
  ctx.out += "  ".repeat(Math.min(ctx.level, INDENT_NR));
}

/** xmlEscapeContent */
function escapeText(s: string): string {
  return s.replace(/[<>&\r]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "\r": "&#13;" })[c] as string);
}

/** xmlSerializeHexCharRef */
function hexRef(cp: number): string {
  return `&#x${cp.toString(16).toUpperCase()};`;
}

/** xmlBufAttrSerializeTxtContent */
function escapeAttr(s: string, raw: boolean): string {
  let r = "";
  for (const c of s) {
    const cp = c.codePointAt(0) as number;
    if (c === "\n") r += "&#10;";
    else if (c === "\r") r += "&#13;";
    else if (c === "\t") r += "&#9;";
    else if (c === '"') r += "&quot;";
    else if (c === "<") r += "&lt;";
    else if (c === ">") r += "&gt;";
    else if (c === "&") r += "&amp;";
    else if (cp >= 0x80 && !raw) r += hexRef(cp);
    else r += c;
  }
  return r;
}

/** xmlBufWriteQuotedString */
function quoted(s: string): string {
  if (!s.includes('"')) return `"${s}"`;
  if (!s.includes("'")) return `'${s}'`;
  return `"${s.replace(/"/g, "&quot;")}"`;
}

function qname(n: XNode): string {
  return n.ns?.prefix ? `${n.ns.prefix}:${n.name}` : n.name;
}

function nsDecl(ns: Ns): string {
  if (ns.prefix === "xml") return "";
  return ` ${ns.prefix === null ? "xmlns" : `xmlns:${ns.prefix}`}=${quoted(ns.uri)}`;
}

function attrText(ctx: SaveCtx, a: XNode): string {
  const doc = docOf(a);
  const raw = doc !== null && (doc.decl?.encoding != null || ctx.encoded.has(doc));
  return ` ${qname(a)}="${escapeAttr(a.value, raw)}"`;
}

function cdata(s: string): string {
  if (s === "") return "<![CDATA[]]>";
  // A "]]>" inside is split across two sections.
  return s
    .split("]]>")
    .map((part, i, all) => `<![CDATA[${i > 0 ? ">" : ""}${part}${i < all.length - 1 ? "]]" : ""}]]>`)
    .join("");
}

function dumpDoc(ctx: SaveCtx, doc: XNode): void {
  const decl = doc.decl ?? { version: "1.0", encoding: null, standalone: -1 };
  ctx.encoded.add(doc);
  ctx.out += `<?xml version=${quoted(decl.version)} encoding="UTF-8"`;
  if (decl.standalone === 0) ctx.out += ' standalone="no"';
  if (decl.standalone === 1) ctx.out += ' standalone="yes"';
  ctx.out += "?>\n";
  for (const c of doc.children) {
    ctx.level = 0;
    dump(ctx, c, c);
    ctx.out += "\n";
  }
  ctx.encoded.delete(doc);
}

function dumpElement(ctx: SaveCtx, el: XNode, root: XNode): void {
  if (el !== root && ctx.format === 1) indent(ctx);
  ctx.out += `<${qname(el)}`;
  for (const ns of el.nsDefs) ctx.out += nsDecl(ns);
  for (const a of el.attrs) ctx.out += attrText(ctx, a);
  if (el.children.length === 0) {
    ctx.out += "/>";
    return;
  }
  // Text inside: no indentation added within this element.
  const unformatted = ctx.format === 1 && el.children.some((c) => c.kind === "text" || c.kind === "cdata");
  if (unformatted) ctx.format = 0;
  ctx.out += ">";
  if (ctx.format === 1) ctx.out += "\n";
  if (ctx.level >= 0) ctx.level++;
  for (const c of el.children) {
    dump(ctx, c, root);
    if (ctx.format === 1) ctx.out += "\n";
  }
  if (ctx.level > 0) ctx.level--;
  if (ctx.format === 1) indent(ctx);
  ctx.out += `</${qname(el)}>`;
  if (unformatted) ctx.format = 1;
}

function dump(ctx: SaveCtx, n: XNode, root: XNode): void {
  switch (n.kind) {
    case "document":
      return dumpDoc(ctx, n);
    case "element":
      return dumpElement(ctx, n, root);
    case "text":
      ctx.out += escapeText(n.value);
      return;
    case "cdata":
      ctx.out += cdata(n.value);
      return;
    case "pi":
      if (n !== root && ctx.format === 1) indent(ctx);
      ctx.out += n.value === "" ? `<?${n.name}?>` : `<?${n.name} ${n.value}?>`;
      return;
    case "comment":
      if (n !== root && ctx.format === 1) indent(ctx);
      ctx.out += `<!--${n.value}-->`;
      return;
    case "attribute":
      ctx.out += attrText(ctx, n);
      return;
    case "namespace":
      // virXPathNodeSet frees the namespace nodes it returns before virsh
      // prints them: what is left dumps as nothing.
      return;
  }
}

/** The text of one node; "" where nothing is written (virsh then prints "(null)"). */
export function nodeDump(n: XNode): string {
  const ctx: SaveCtx = { out: "", level: 0, format: 1, encoded: new Set() };
  dump(ctx, n, n);
  return ctx.out;
}
