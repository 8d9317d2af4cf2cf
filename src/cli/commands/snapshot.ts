// snapshot-create-as, snapshot-list, snapshot-current, snapshot-revert,
// snapshot-delete, snapshot-dumpxml, and what snapshot-create and the
// others reuse: the creation flags and report, the lookup by name or --current.
import type { CommandDef, Output } from "../command.js";
import { SILENT_FAILURE, XPATH_OPTS, emptyXPath, xmlOutput } from "./xpath-output.js";
import { DOMAIN, dom, out } from "../command.js";
import type { Args, OptSpec } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import type { DomainSnapshot } from "../../api/snapshot.js";
import { Domain as C, DomainSnapshot as S } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { CliError } from "../errors.js";
import { listingText, memspecXml, snapshotDiskspecXml } from "./specs.js";
import { listingChecks, listingMembers, listingOptions } from "./listing.js";
import { createAsOptions, createAsXml, created, deleteMember, deleteOptions, printXml } from "./member.js";

/** The creation flags snapshot-create and snapshot-create-as share, in virsh's order. */
const CREATE_FLAGS: readonly [OptSpec, number][] = [
  [{ name: "no-metadata", type: "bool", help: "take snapshot but create no metadata" }, S.CREATE_NO_METADATA],
  [{ name: "halt", type: "bool", help: "halt domain after snapshot is created" }, S.CREATE_HALT],
  [{ name: "disk-only", type: "bool", help: "capture disk state but not vm state" }, S.CREATE_DISK_ONLY],
  [{ name: "reuse-external", type: "bool", help: "reuse any existing external files" }, S.CREATE_REUSE_EXT],
  [{ name: "quiesce", type: "bool", help: "quiesce guest's file systems" }, S.CREATE_QUIESCE],
  [{ name: "atomic", type: "bool", help: "require atomic operation" }, S.CREATE_ATOMIC],
  [{ name: "live", type: "bool", help: "take a live snapshot" }, S.CREATE_LIVE],
  [{ name: "validate", type: "bool", help: "validate the XML against the schema" }, S.CREATE_VALIDATE],
];

export const CREATE_OPTIONS: readonly OptSpec[] = CREATE_FLAGS.map(([o]) => o);

export function createFlags(a: Args): number {
  let flags = 0;
  for (const [o, f] of CREATE_FLAGS) if (a.bool(o.name)) flags |= f;
  return flags;
}

export const snapshotCreateAs: CommandDef = {
  name: "snapshot-create-as",
  group: "snapshot",
  help: "Create a snapshot from a set of args",
  desc: "Create a snapshot (disk and RAM) from arguments",
  options: createAsOptions(
    "snapshot",
    [...CREATE_OPTIONS, { name: "memspec", type: "string", named: true, help: "memory attributes: [file=]name[,snapshot=type]" }],
    "disk attributes: disk[,snapshot=type][,driver=type][,stype=type][,file=name]",
  ),
  async run(ctx, a) {
    const flags = createFlags(a);
    const d = await dom(ctx, a);
    const memspec = a.str("memspec");
    const xml = createAsXml("snapshot", a, memspec !== undefined ? memspecXml(memspec) : "", snapshotDiskspecXml);
    if (a.bool("print-xml")) return printXml(xml);
    return createSnapshot(ctx, d, xml, flags);
  },
};

/** Create the snapshot and report it; `from` names the XML file it came from. */
export async function createSnapshot(ctx: Ctx, d: Domain, xml: string, flags: number, from?: string): Promise<Output> {
  const snap = await d.createSnapshot(xml, flags, ctx.call);
  // Older libvirt ignored --halt: stop the domain ourselves, as virsh does.
  if (flags & S.CREATE_HALT) {
    const [state] = await d.getState(0, ctx.call).catch(() => [C.STATE_SHUTOFF]);
    if (state !== C.STATE_SHUTOFF) await d.destroy(0, ctx.call);
  }
  return created(ctx, "snapshot", snap.getName(), d.getName(), from);
}

/** virshLookupSnapshot: by --snapshotname or --current (both: by name unless `exclusive`). */
export async function lookupSnapshot(ctx: Ctx, a: Args, d: Domain, exclusive = true, arg = "snapshotname"): Promise<DomainSnapshot> {
  const name = a.str(arg);
  const current = a.bool("current");
  if (exclusive && current && name !== undefined) throw new CliError(`--${arg} and --current are mutually exclusive`);
  if (name !== undefined) return d.getSnapshotByName(name, ctx.call);
  if (current) return d.currentSnapshot(0, ctx.call);
  throw new CliError(`--${arg} or --current is required`);
}

const SNAP_FILTERS: readonly [string, number][] = [
  ["leaves", S.LIST_LEAVES],
  ["no-leaves", S.LIST_NO_LEAVES],
  ["metadata", S.LIST_METADATA],
  ["no-metadata", S.LIST_NO_METADATA],
  ["inactive", S.LIST_INACTIVE],
  ["active", S.LIST_ACTIVE],
  ["disk-only", S.LIST_DISK_ONLY],
  ["internal", S.LIST_INTERNAL],
  ["external", S.LIST_EXTERNAL],
  ["topological", S.LIST_TOPOLOGICAL],
];

export const snapshotList: CommandDef = {
  name: "snapshot-list",
  group: "snapshot",
  help: "List snapshots for a domain",
  desc: "Snapshot List",
  options: listingOptions(
    "snapshot",
    [
      { name: "metadata", type: "bool", help: "list only snapshots that have metadata that would prevent undefine" },
      { name: "no-metadata", type: "bool", help: "list only snapshots that have no metadata managed by libvirt" },
      { name: "inactive", type: "bool", help: "filter by snapshots taken while inactive" },
      { name: "active", type: "bool", help: "filter by snapshots taken while active (full system snapshots)" },
      { name: "disk-only", type: "bool", help: "filter by disk-only snapshots" },
      { name: "internal", type: "bool", help: "filter by internal snapshots" },
      { name: "external", type: "bool", help: "filter by external snapshots" },
    ],
    [{ name: "current", type: "bool", help: "limit list to children of current snapshot" }],
  ),
  async run(ctx, a) {
    const tree = listingChecks(a, [["roots", "current"], ["from", "current"]]);
    let flags = 0;
    for (const [opt, f] of SNAP_FILTERS) if (a.bool(opt)) flags |= f;
    if (a.bool("roots")) flags |= S.LIST_ROOTS;
    const d = await dom(ctx, a);
    let start: DomainSnapshot | null = null;
    if (a.has("from")) start = await d.getSnapshotByName(a.req("from"), ctx.call);
    else if (a.bool("current")) start = await d.currentSnapshot(0, ctx.call);
    const walk = { start, flags, descendants: S.LIST_DESCENDANTS, needsStart: "--descendants requires --from or --current", tree };
    const members = await listingMembers(ctx, a, { ...walk, listAll: (f) => d.listAllSnapshots(f, ctx.call) });
    const text = listingText(members, { tree, names: a.bool("name"), parentColumn: a.bool("parent"), withState: true, quiet: ctx.quiet });
    return out(
      members.map((m) => ({ name: m.name, parent: m.parent, creationTime: m.creationTime, state: m.state, description: m.description })),
      text,
    );
  },
};

export const snapshotCurrent: CommandDef = {
  name: "snapshot-current",
  group: "snapshot",
  help: "Get or set the current snapshot",
  desc: "Get or set the current snapshot",
  options: [
    DOMAIN,
    { name: "name", type: "bool", help: "list the name, rather than the full xml" },
    { name: "security-info", type: "bool", help: "include security sensitive information in XML dump" },
    { name: "snapshotname", type: "string", help: "name of existing snapshot to make current" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const target = a.str("snapshotname");
    if (target !== undefined) {
      a.exclusive("name", "snapshotname");
      a.exclusive("security-info", "snapshotname");
      const snap = await d.getSnapshotByName(target, ctx.call);
      const xml = await snap.getXmlDescription(S.XML_SECURE, ctx.call);
      await d.createSnapshot(xml, S.CREATE_REDEFINE | S.CREATE_CURRENT, ctx.call);
      return out({ name: target, current: true }, ctx.extra(`Snapshot ${target} set as current`));
    }
    if (!(await d.hasCurrentSnapshot(0, ctx.call))) throw new CliError(`domain '${a.req("domain")}' has no current snapshot`);
    const snap = await d.currentSnapshot(0, ctx.call);
    // virsh prints the bare name; its command separator ends the line.
    if (a.bool("name")) return out({ name: snap.getName() }, snap.getName());
    const xml = await snap.getXmlDescription(a.bool("security-info") ? S.XML_SECURE : 0, ctx.call);
    return out({ name: snap.getName(), xml }, xml);
  },
};

export const snapshotRevert: CommandDef = {
  name: "snapshot-revert",
  group: "snapshot",
  help: "Revert a domain to a snapshot",
  desc: "Revert domain to snapshot",
  options: [
    DOMAIN,
    { name: "snapshotname", type: "string", help: "snapshot name" },
    { name: "current", type: "bool", help: "revert to current snapshot" },
    { name: "running", type: "bool", help: "after reverting, change state to running" },
    { name: "paused", type: "bool", help: "after reverting, change state to paused" },
    { name: "force", type: "bool", help: "try harder on risky reverts" },
    { name: "reset-nvram", type: "bool", help: "re-initialize NVRAM from its pristine template" },
  ],
  async run(ctx, a) {
    let flags = 0;
    if (a.bool("running")) flags |= S.REVERT_RUNNING;
    if (a.bool("paused")) flags |= S.REVERT_PAUSED;
    if (a.bool("reset-nvram")) flags |= S.REVERT_RESET_NVRAM;
    const d = await dom(ctx, a);
    const snap = await lookupSnapshot(ctx, a, d);
    try {
      await snap.revertTo(flags, ctx.call);
    } catch (err) {
      // Only after a risky revert is refused does --force ask again with the flag.
      if (!(a.bool("force") && err instanceof VirtError && err.code === VirtError.ERR_SNAPSHOT_REVERT_RISKY)) throw err;
      await snap.revertTo(flags | S.REVERT_FORCE, ctx.call);
    }
    return out({ name: snap.getName(), domain: d.getName(), reverted: true }, ctx.extra(`Domain snapshot ${snap.getName()} reverted\n`));
  },
};

export const snapshotDelete: CommandDef = {
  name: "snapshot-delete",
  group: "snapshot",
  help: "Delete a domain snapshot",
  desc: "Snapshot Delete",
  options: deleteOptions("snapshot", [
    { name: "snapshotname", type: "string", help: "snapshot name" },
    { name: "current", type: "bool", help: "delete current snapshot" },
  ]),
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const snap = await lookupSnapshot(ctx, a, d);
    return deleteMember(ctx, a, "snapshot", snap.getName(), S, (flags) => snap.delete(flags, ctx.call));
  },
};

export const snapshotDumpxml: CommandDef = {
  name: "snapshot-dumpxml",
  group: "snapshot",
  help: "Dump XML for a domain snapshot",
  desc: "Snapshot Dump XML",
  options: [
    DOMAIN,
    { name: "snapshotname", type: "string", required: true, help: "snapshot name" },
    { name: "security-info", type: "bool", help: "include security sensitive information in XML dump" },
    ...XPATH_OPTS,
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const snap = await d.getSnapshotByName(a.req("snapshotname"), ctx.call);
    if (emptyXPath(a)) return SILENT_FAILURE;
    const xml = await snap.getXmlDescription(a.bool("security-info") ? S.XML_SECURE : 0, ctx.call);
    return xmlOutput(ctx, a, xml, { name: snap.getName() });
  },
};
