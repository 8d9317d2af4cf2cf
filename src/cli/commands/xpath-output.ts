// --xpath and --wrap, which virsh's dumpxml family shares, and printing an
// XML document through them.
import type { Args, OptSpec } from "../args.js";
import { out, type Output } from "../command.js";
import type { Ctx } from "../context.js";
import { xpathDump } from "../xpath/dump.js";

export const XPATH_OPTS: readonly OptSpec[] = [
  { name: "xpath", type: "string", named: true, help: "xpath expression to filter the XML document" },
  { name: "wrap", type: "bool", help: "wrap xpath results in an common root element" },
];

/** vshCommandOptStringQuiet: an empty --xpath fails the command without a word (each command checks it where virsh does). */
export function emptyXPath(a: Args): boolean {
  return a.str("xpath") === "";
}

/** The failure emptyXPath stands for. */
export const SILENT_FAILURE: Output = { ok: false };

/** The document as is, or the nodes --xpath selects in it. */
export function xmlOutput(ctx: Ctx, a: Args, xml: string, json: Record<string, unknown>): Output {
  const xpath = a.str("xpath");
  if (xpath === undefined) return out({ ...json, xml }, xml);
  const r = xpathDump(xml, xpath, a.bool("wrap"));
  if (r.stderr) ctx.printErr(r.stderr);
  return out({ ...json, xpath, nodes: r.lines }, r.lines.map((l) => `${l}\n`).join(""));
}
