// Shared by snapshot and checkpoint commands: building the creation XML from
// --memspec/--diskspec strings, and listing a parent/child collection.
import { CliError } from "../errors.js";
import { formatTable } from "../format/table.js";
import { formatForest, type TreeNode } from "../format/tree.js";
import { localTimestamp } from "../format/values.js";
import { parseXml, textAt } from "../xml.js";

export function xmlEscape(s: string): string {
  return s.replace(/[&<>'"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;" })[c] as string);
}

/** vshStringToArray: comma separated, ",," is a literal comma. */
export function commaList(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === ",") {
      if (s[i + 1] === ",") {
        cur += ",";
        i++;
        continue;
      }
      out.push(cur);
      cur = "";
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

/** "[file=]name[,snapshot=type]" as a <memory/> element. */
export function memspecXml(spec: string): string {
  let snapshot: string | undefined;
  let file: string | undefined;
  for (const item of commaList(spec)) {
    if (snapshot === undefined && item.startsWith("snapshot=")) snapshot = item.slice(9);
    else if (file === undefined && item.startsWith("file=")) file = item.slice(5);
    else if (file === undefined && item.startsWith("/")) file = item;
    else throw new CliError(`unable to parse memspec: ${spec}`);
  }
  let s = "  <memory";
  if (snapshot !== undefined) s += ` snapshot='${xmlEscape(snapshot)}'`;
  if (file !== undefined) s += ` file='${xmlEscape(file)}'`;
  return `${s}/>\n`;
}

/** "disk[,snapshot=type][,driver=type][,stype=type][,file=name]" as a <disk> element. */
export function snapshotDiskspecXml(spec: string): string {
  const [name, ...rest] = commaList(spec);
  const opt: Record<string, string> = {};
  for (const item of rest) {
    const m = /^(snapshot|driver|stype|file)=(.*)$/s.exec(item);
    if (!m || opt[m[1] as string] !== undefined) throw new CliError(`unable to parse diskspec: ${spec}`);
    opt[m[1] as string] = m[2] as string;
  }
  let s = `    <disk name='${xmlEscape(name ?? "")}'`;
  if (opt["snapshot"] !== undefined) s += ` snapshot='${opt["snapshot"]}'`;
  let isFile = true;
  if (opt["stype"] !== undefined) {
    if (opt["stype"] === "block") isFile = false;
    else if (opt["stype"] !== "file") throw new CliError(`Unknown storage type: '${opt["stype"]}'`);
    s += ` type='${opt["stype"]}'`;
  }
  if (opt["driver"] === undefined && opt["file"] === undefined) return `${s}/>\n`;
  s += ">\n";
  if (opt["driver"] !== undefined) s += `      <driver type='${opt["driver"]}'/>\n`;
  if (opt["file"] !== undefined) s += `      <source ${isFile ? "file" : "dev"}='${xmlEscape(opt["file"])}'/>\n`;
  return `${s}    </disk>\n`;
}

/** "disk[,checkpoint=type][,bitmap=name]" as a <disk/> element. */
export function checkpointDiskspecXml(spec: string): string {
  const [name, ...rest] = commaList(spec);
  let checkpoint: string | undefined;
  let bitmap: string | undefined;
  for (const item of rest) {
    if (checkpoint === undefined && item.startsWith("checkpoint=")) checkpoint = item.slice(11);
    else if (bitmap === undefined && item.startsWith("bitmap=")) bitmap = item.slice(7);
    else throw new CliError(`unable to parse diskspec: ${spec}`);
  }
  let s = `    <disk name='${xmlEscape(name ?? "")}'`;
  if (checkpoint !== undefined) s += ` checkpoint='${xmlEscape(checkpoint)}'`;
  if (bitmap !== undefined) s += ` bitmap='${xmlEscape(bitmap)}'`;
  return `${s}/>\n`;
}

/** One member of a snapshot or checkpoint listing, from its XML. */
export interface Member {
  name: string;
  parent: string | null;
  /** Seconds since the epoch, or null when the XML has none. */
  creationTime: number | null;
  /** Snapshots only. */
  state: string | null;
  description: string | null;
}

export function memberFromXml(name: string, xml: string): Member {
  const doc = parseXml(xml);
  const created = doc ? textAt(doc, "creationTime") : undefined;
  return {
    name,
    parent: doc ? (textAt(doc, "parent/name") ?? null) : null,
    creationTime: created !== undefined && /^\d+$/.test(created.trim()) ? Number(created.trim()) : null,
    state: doc ? (textAt(doc, "state") ?? null) : null,
    description: doc ? (textAt(doc, "description") ?? null) : null,
  };
}

/** virsh's order: by name, case-insensitively (strcasecmp). */
export function byName(a: Member, b: Member): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export interface ListingStyle {
  tree: boolean;
  names: boolean;
  parentColumn: boolean;
  /** Snapshots have a State column. */
  withState: boolean;
  quiet: boolean;
}

export function listingText(members: readonly Member[], s: ListingStyle): string {
  if (s.tree) {
    // Members whose parent is outside the listing start their own tree.
    const inList = new Set(members.map((m) => m.name));
    const nodes: TreeNode[] = members.map((m) => ({ name: m.name, parent: m.parent !== null && inList.has(m.parent) ? m.parent : null }));
    return formatForest(nodes);
  }
  if (s.names) return members.map((m) => `${m.name}\n`).join("");
  const header = ["Name", "Creation Time"];
  if (s.withState) header.push("State");
  if (s.parentColumn) header.push("Parent");
  const rows = members
    .filter((m) => m.creationTime !== null && (!s.withState || m.state !== null))
    .map((m) => {
      const r = [m.name, localTimestamp(m.creationTime as number)];
      if (s.withState) r.push(m.state as string);
      if (s.parentColumn) r.push(m.parent ?? "");
      return r;
    });
  return formatTable(header, rows, s.quiet);
}
