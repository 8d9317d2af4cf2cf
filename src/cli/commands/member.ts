// What snapshot and checkpoint commands share beyond listing: the
// *-create-as document and report, and *-delete's flags and report.
import type { Args, OptSpec } from "../args.js";
import { DOMAIN, out, type Output } from "../command.js";
import type { Ctx } from "../context.js";
import { withContext } from "../errors.js";
import { xmlEscape } from "./specs.js";

export type Noun = "snapshot" | "checkpoint";

/** *-create-as's options: `own` go between --print-xml and --diskspec. */
export function createAsOptions(noun: Noun, own: readonly OptSpec[], diskspecHelp: string): OptSpec[] {
  return [
    DOMAIN,
    { name: "name", type: "string", help: `name of ${noun}` },
    { name: "description", type: "string", help: `description of ${noun}` },
    { name: "print-xml", type: "bool", help: "print XML document rather than create" },
    ...own,
    { name: "diskspec", type: "argv", help: diskspecHelp },
  ];
}

/** The <domainNOUN> document: --name, --description, the noun's own elements, then --diskspec's <disks>. */
export function createAsXml(noun: Noun, a: Args, own: string, diskXml: (spec: string) => string): string {
  const name = a.str("name");
  const description = a.str("description");
  let xml = `<domain${noun}>\n`;
  if (name !== undefined) xml += `  <name>${xmlEscape(name)}</name>\n`;
  if (description !== undefined) xml += `  <description>${xmlEscape(description)}</description>\n`;
  xml += own;
  if (a.has("diskspec")) xml += `  <disks>\n${a.list("diskspec").map(diskXml).join("")}  </disks>\n`;
  return `${xml}</domain${noun}>\n`;
}

/** --print-xml's output. */
export function printXml(xml: string): Output {
  return out({ xml }, `${xml}\n`);
}

export function created(ctx: Ctx, noun: Noun, name: string, domain: string): Output {
  return out({ name, domain, created: true }, ctx.extra(`Domain ${noun} ${name} created`));
}

/** *-delete's options after the member's own lookup options. */
export function deleteOptions(noun: Noun, lookup: readonly OptSpec[]): OptSpec[] {
  return [
    DOMAIN,
    ...lookup,
    { name: "children", type: "bool", help: `delete ${noun} and all children` },
    { name: "children-only", type: "bool", help: `delete children but not ${noun}` },
    { name: "metadata", type: "bool", help: `delete only libvirt metadata, leaving ${noun} contents behind` },
  ];
}

/** The noun's DELETE_* flags. */
export interface DeleteFlags {
  DELETE_CHILDREN: number;
  DELETE_CHILDREN_ONLY: number;
  DELETE_METADATA_ONLY: number;
}

/** Delete with --children/--children-only/--metadata, reported as virsh does. */
export async function deleteMember(ctx: Ctx, a: Args, noun: Noun, name: string, k: DeleteFlags, del: (flags: number) => Promise<unknown>): Promise<Output> {
  let flags = 0;
  if (a.bool("children")) flags |= k.DELETE_CHILDREN;
  if (a.bool("children-only")) flags |= k.DELETE_CHILDREN_ONLY;
  if (a.bool("metadata")) flags |= k.DELETE_METADATA_ONLY;
  await withContext(`Failed to delete ${noun} ${name}`, del(flags));
  const childrenOnly = a.bool("children-only");
  return out({ name, deleted: true, childrenOnly }, ctx.extra(`Domain ${noun} ${name} ${childrenOnly ? "children deleted" : "deleted"}\n`));
}
