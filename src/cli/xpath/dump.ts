// virsh's virshDumpXML with --xpath: the nodes the expression selects, each
// on a line of its own, or copied under one <nodes> element with --wrap.
// libxml2's complaints about the expression go to stderr as it writes them,
// and leave nothing selected (an empty <nodes/> with --wrap); a result that
// is no node-set is virsh's error.
import { CliError } from "../errors.js";
import { MESSAGES } from "./ast.js";
import { Compiler } from "./compile.js";
import { Evaluator, XPathStop } from "./eval.js";
import { nodeDump } from "./serialize.js";
import { buildTree, type XNode } from "./tree.js";
import { wrapNodes } from "./wrap.js";

/** What virsh printed: stdout's lines (one per node, or the <nodes> element) and libxml2's stderr. */
export interface XPathOutput {
  lines: string[];
  stderr: string;
}

/** libxml2's report of an XPath error: the message, then the expression and a caret where one fits. */
function xpathError(expr: string, code: number, offset: number | null): string {
  if (code === 0) return "";
  let s = `XPath error : ${MESSAGES[code]}\n`;
  if (offset !== null && offset < 100 && offset < Buffer.byteLength(expr)) s += `${expr}\n${" ".repeat(offset)}^\n`;
  return s;
}

/**
 * virXPathNodeSet: the nodes `expr` selects from `context` (the root element
 * by default), none after an error (libxml2's report is `stderr`).
 */
export function selectNodes(doc: XNode, expr: string, context?: XNode): { nodes: XNode[]; stderr: string } {
  const compiler = new Compiler(expr);
  const e = compiler.compile();
  if (!e) {
    const stderr = compiler.errors.map((x) => xpathError(expr, x.code, compiler.byteOffset(x.pos))).join("");
    return { nodes: [], stderr };
  }
  const ev = new Evaluator(doc);
  try {
    const v = ev.run(e, context ?? (doc.children.find((c) => c.kind === "element") as XNode));
    if (v.t !== "nodeset") throw new CliError(`internal error: Incorrect xpath '${expr}'`);
    return { nodes: v.nodes, stderr: ev.generic };
  } catch (err) {
    if (!(err instanceof XPathStop)) throw err;
    return { nodes: [], stderr: ev.generic + xpathError(expr, err.code, null) };
  }
}

export function xpathDump(xml: string, expr: string, wrap: boolean): XPathOutput {
  const doc = buildTree(xml, false);
  // libvirt's own XML always parses; virXMLParseHelper's words otherwise.
  if (!doc) throw new CliError("XML error: failed to parse xml document '[inline data]'");
  const { nodes, stderr } = selectNodes(doc, expr);
  if (wrap) return { lines: [nodeDump(wrapNodes(nodes))], stderr };
  // An empty dump (the xml namespace node) is a NULL string to virsh's printf.
  return { lines: nodes.map((n) => nodeDump(n) || "(null)"), stderr };
}
