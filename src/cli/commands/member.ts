// What snapshot and checkpoint commands share beyond listing: the
// *-create-as document and report, *-delete's flags and report, the parent
// lookup and *-edit's steps.
import type { Args, OptSpec } from "../args.js";
import { DOMAIN, out, type Output } from "../command.js";
import type { Ctx } from "../context.js";
import { CliError, Interrupted, withContext } from "../errors.js";
import { VirtError } from "../../rpc/errors.js";
import { editCycle, type EditCycle } from "../edit-cycle.js";
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

/** The report of a creation; `from` names the XML file it came from. */
export function created(ctx: Ctx, noun: Noun, name: string, domain: string, from?: string): Output {
  const text = from === undefined ? `Domain ${noun} ${name} created` : `Domain ${noun} ${name} created from '${from}'`;
  return out({ name, domain, created: true, ...(from === undefined ? {} : { from }) }, ctx.extra(text));
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

/** A snapshot or checkpoint handle, as far as finding its parent needs it. */
interface HasParent {
  getParent(flags: number, opts: Ctx["call"]): Promise<{ getName(): string }>;
}

/** virshGet*Parent: the parent's name, or null for a root. */
export async function parentName(ctx: Ctx, noun: Noun, m: HasParent): Promise<string | null> {
  try {
    return (await m.getParent(0, ctx.call)).getName();
  } catch (err) {
    const root = noun === "snapshot" ? VirtError.ERR_NO_DOMAIN_SNAPSHOT : VirtError.ERR_NO_DOMAIN_CHECKPOINT;
    if (err instanceof VirtError && err.code === root) return null;
    throw new CliError(`unable to determine if ${noun} has parent`, { cause: err });
  }
}

/** *-parent's report: the bare name (virsh's separator ends the line). */
export function parentReport(noun: Noun, name: string, parent: string | null): Output {
  if (parent === null) throw new CliError(`${noun} '${name}' has no parent`);
  return out({ name, parent }, parent);
}

/** Nested CliErrors that print `lines` in order. */
function chainOf(lines: readonly string[], last?: unknown): CliError {
  let chain: unknown = last;
  for (const line of [...lines].reverse()) chain = new CliError(line, chain === undefined ? {} : { cause: chain });
  return chain as CliError;
}

/** vshReportError, then vshError lines: libvirt's message comes first. */
function reportedThen(err: unknown, ...lines: string[]): CliError {
  return chainOf([err instanceof Error ? err.message : String(err), ...lines]);
}

/** `err`'s lines, then `line`; a libvirt error must end the report, so `line` goes first then. */
function followedBy(err: unknown, line: string): CliError {
  const lines: string[] = [];
  let cur: unknown = err;
  for (; cur instanceof CliError; cur = cur.cause) lines.push(cur.message);
  return cur === undefined ? chainOf([...lines, line]) : chainOf([line], err);
}

/** *-edit's cycle; a failure ends with virsh's "Failed to update NAME". */
export async function editMember<T>(name: string, cycle: EditCycle<T>): Promise<{ defined: T } | null> {
  try {
    return await editCycle(cycle);
  } catch (err) {
    if (err instanceof Interrupted) throw err;
    throw followedBy(err, `Failed to update ${name}`);
  }
}

/** A member an edit defined under a new name, or the one it replaced: its metadata dropped. */
export async function dropMetadata(ctx: Ctx, m: { getName(): string; delete(flags: number, opts: Ctx["call"]): Promise<void> }, flag: number, edited: string): Promise<void> {
  try {
    await m.delete(flag, ctx.call);
  } catch (err) {
    throw reportedThen(err, `Failed to clean up ${m.getName()}`, `Failed to update ${edited}`);
  }
}
