// snapshot-create, snapshot-edit, snapshot-info, snapshot-parent.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
import type { Ctx } from "../context.js";
import type { DomainSnapshot } from "../../api/snapshot.js";
import { DomainSnapshot as S } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";
import { labelled } from "../format/values.js";
import { parseXml, select, textAt } from "../xml.js";
import { CREATE_OPTIONS, createFlags, createSnapshot, lookupSnapshot } from "./snapshot.js";
import { dropMetadata, editMember, parentName, parentReport } from "./member.js";
import { maybe } from "./info.js";

export const snapshotCreate: CommandDef = {
  name: "snapshot-create",
  group: "snapshot",
  help: "Create a snapshot from XML",
  desc: "Create a snapshot (disk and RAM) from XML",
  options: [
    DOMAIN,
    { name: "xmlfile", type: "string", help: "domain snapshot XML" },
    { name: "redefine", type: "bool", help: "redefine metadata for existing snapshot" },
    { name: "current", type: "bool", help: "with redefine, set current snapshot" },
    ...CREATE_OPTIONS,
  ],
  async run(ctx, a) {
    let flags = createFlags(a);
    if (a.bool("redefine")) flags |= S.CREATE_REDEFINE;
    if (a.bool("current")) flags |= S.CREATE_CURRENT;
    const d = await dom(ctx, a);
    const from = a.str("xmlfile");
    // Without a file libvirt picks the name (the current time).
    const xml = from === undefined ? "<domainsnapshot/>" : await readTextFile(from);
    return createSnapshot(ctx, d, xml, flags, from);
  },
};

export const snapshotEdit: CommandDef = {
  name: "snapshot-edit",
  group: "snapshot",
  help: "edit XML for a snapshot",
  desc: "Edit the domain snapshot XML for a named snapshot",
  options: [
    DOMAIN,
    { name: "snapshotname", type: "string", help: "snapshot name" },
    { name: "current", type: "bool", help: "also set edited snapshot as current" },
    { name: "rename", type: "bool", help: "allow renaming an existing snapshot" },
    { name: "clone", type: "bool", help: "allow cloning to new name" },
  ],
  async run(ctx, a) {
    a.exclusive("rename", "clone");
    let flags: number = S.CREATE_REDEFINE;
    // --current with a name makes the edited snapshot current, even unchanged.
    if (a.bool("current") && a.has("snapshotname")) flags |= S.CREATE_CURRENT;
    const d = await dom(ctx, a);
    const snap = await lookupSnapshot(ctx, a, d, false);
    const name = snap.getName();
    let doc = "";
    const r = await editMember(name, {
      get: async () => (doc = await snap.getXmlDescription(S.XML_SECURE, ctx.call)),
      // A disk-only snapshot is redefined as one (virsh looks at the document as it was).
      define: (xml) => d.createSnapshot(xml, doc.includes("<state>disk-snapshot</state>") ? flags | S.CREATE_DISK_ONLY : flags, ctx.call),
      defineUnchanged: (flags & S.CREATE_CURRENT) !== 0,
    });
    if (!r) return out({ name, changed: false }, ctx.extra(`Snapshot ${name} XML configuration not changed.\n`));
    const edited = r.defined;
    const newName = edited.getName();
    if (newName === name) return out({ name, changed: true }, ctx.extra(`Snapshot ${name} edited.\n`));
    if (a.bool("clone")) return out({ name, clone: newName, changed: true }, ctx.extra(`Snapshot ${name} cloned to ${newName}.\n`));
    // A new name: --rename drops the old one, otherwise the new one is dropped again.
    const rename = a.bool("rename");
    await dropMetadata(ctx, rename ? snap : edited, S.DELETE_METADATA_ONLY, name);
    if (!rename) throw new CliError(`Must use --rename or --clone to change ${name} to ${newName}`, { cause: new CliError(`Failed to update ${name}`) });
    return out({ name, renamed: newName, changed: true }, "");
  },
};


/** Where the snapshot's data lives: a <memory> element decides; older ones are external only when disk-only. */
function isExternal(xml: string, state: string): boolean {
  const doc = parseXml(xml);
  if (!doc || select(doc, "memory").length === 0) return state === "disk-snapshot";
  const external = (path: string) => select(doc, path).some((e) => e.attrs["snapshot"] === "external");
  return external("memory") || external("disks/disk");
}

async function snapshotInfoOf(ctx: Ctx, domain: string, snap: DomainSnapshot) {
  const name = snap.getName();
  const current = (await maybe(snap.isCurrent(0, ctx.call))) ?? false;
  const xml = await snap.getXmlDescription(0, ctx.call);
  const doc = parseXml(xml);
  const state = doc ? textAt(doc, "state") : undefined;
  if (state === undefined) throw new CliError("unexpected problem reading snapshot xml");
  const location = isExternal(xml, state) ? "external" : "internal";
  const parent = (doc && textAt(doc, "parent/name")) || null;
  const children = await snap.numOfChildSnapshots(0, ctx.call);
  const descendants = await snap.numOfChildSnapshots(S.LIST_DESCENDANTS, ctx.call);
  const metadata = await maybe(snap.hasMetadata(0, ctx.call));
  return { name, domain, current, state, location, parent, children, descendants, metadata };
}

export const snapshotInfo: CommandDef = {
  name: "snapshot-info",
  group: "snapshot",
  help: "snapshot information",
  desc: "Returns basic information about a snapshot.",
  options: [
    DOMAIN,
    { name: "snapshotname", type: "string", help: "snapshot name" },
    { name: "current", type: "bool", help: "info on current snapshot" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const info = await snapshotInfoOf(ctx, d.getName(), await lookupSnapshot(ctx, a, d));
    let text =
      labelled("Name:", info.name) +
      labelled("Domain:", info.domain) +
      labelled("Current:", info.current ? "yes" : "no") +
      labelled("State:", info.state) +
      labelled("Location:", info.location) +
      labelled("Parent:", info.parent ?? "-") +
      labelled("Children:", info.children) +
      labelled("Descendants:", info.descendants);
    if (info.metadata !== null) text += labelled("Metadata:", info.metadata ? "yes" : "no");
    return out(info, text);
  },
};

export const snapshotParent: CommandDef = {
  name: "snapshot-parent",
  group: "snapshot",
  help: "Get the name of the parent of a snapshot",
  desc: "Extract the snapshot's parent, if any",
  options: [
    DOMAIN,
    { name: "snapshotname", type: "string", help: "find parent of snapshot name" },
    { name: "current", type: "bool", help: "find parent of current snapshot" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const snap = await lookupSnapshot(ctx, a, d);
    return parentReport("snapshot", snap.getName(), await parentName(ctx, "snapshot", snap));
  },
};
