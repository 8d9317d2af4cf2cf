// checkpoint-create-as, checkpoint-list, checkpoint-delete.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import { DomainCheckpoint as K } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { checkpointDiskspecXml, listingText, xmlEscape } from "./specs.js";
import { listingChecks, listingMembers, listingOptions } from "./listing.js";

export const checkpointCreateAs: CommandDef = {
  name: "checkpoint-create-as",
  group: "checkpoint",
  help: "Create a checkpoint from a set of args",
  desc: "Create a checkpoint from arguments",
  options: [
    DOMAIN,
    { name: "name", type: "string", help: "name of checkpoint" },
    { name: "description", type: "string", help: "description of checkpoint" },
    { name: "print-xml", type: "bool", help: "print XML document rather than create" },
    { name: "quiesce", type: "bool", help: "quiesce guest's file systems" },
    { name: "diskspec", type: "argv", help: "disk attributes: disk[,checkpoint=type][,bitmap=name]" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = a.str("name");
    const description = a.str("description");
    let xml = "<domaincheckpoint>\n";
    if (name !== undefined) xml += `  <name>${xmlEscape(name)}</name>\n`;
    if (description !== undefined) xml += `  <description>${xmlEscape(description)}</description>\n`;
    if (a.has("diskspec")) xml += `  <disks>\n${a.list("diskspec").map(checkpointDiskspecXml).join("")}  </disks>\n`;
    xml += "</domaincheckpoint>\n";
    if (a.bool("print-xml")) return out({ xml }, `${xml}\n`);
    const cp = await d.createCheckpoint(xml, a.bool("quiesce") ? K.CREATE_QUIESCE : 0, ctx.call);
    return out({ name: cp.getName(), domain: d.getName(), created: true }, ctx.extra(`Domain checkpoint ${cp.getName()} created`));
  },
};

export const checkpointList: CommandDef = {
  name: "checkpoint-list",
  group: "checkpoint",
  help: "List checkpoints for a domain",
  desc: "Checkpoint List",
  options: listingOptions("checkpoint"),
  async run(ctx, a) {
    const tree = listingChecks(a);
    let flags = 0;
    if (a.bool("roots")) flags |= K.LIST_ROOTS;
    if (a.bool("leaves")) flags |= K.LIST_LEAVES;
    if (a.bool("no-leaves")) flags |= K.LIST_NO_LEAVES;
    if (a.bool("topological")) flags |= K.LIST_TOPOLOGICAL;
    const d = await dom(ctx, a);
    const start = a.has("from") ? await d.getCheckpointByName(a.req("from"), ctx.call) : null;
    const walk = { start, flags, descendants: K.LIST_DESCENDANTS, needsStart: "--descendants requires --from", tree };
    const members = await listingMembers(ctx, a, { ...walk, listAll: (f) => d.listAllCheckpoints(f, ctx.call) });
    const text = listingText(members, { tree, names: a.bool("name"), parentColumn: a.bool("parent"), withState: false, quiet: ctx.quiet });
    return out(
      members.map((m) => ({ name: m.name, parent: m.parent, creationTime: m.creationTime, description: m.description })),
      text,
    );
  },
};

export const checkpointDelete: CommandDef = {
  name: "checkpoint-delete",
  group: "checkpoint",
  help: "Delete a domain checkpoint",
  desc: "Checkpoint Delete",
  options: [
    DOMAIN,
    { name: "checkpointname", type: "string", help: "checkpoint name" },
    { name: "children", type: "bool", help: "delete checkpoint and all children" },
    { name: "children-only", type: "bool", help: "delete children but not checkpoint" },
    { name: "metadata", type: "bool", help: "delete only libvirt metadata, leaving checkpoint contents behind" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = a.str("checkpointname");
    if (name === undefined) throw new CliError("--checkpointname is required");
    const cp = await d.getCheckpointByName(name, ctx.call);
    let flags = 0;
    if (a.bool("children")) flags |= K.DELETE_CHILDREN;
    if (a.bool("children-only")) flags |= K.DELETE_CHILDREN_ONLY;
    if (a.bool("metadata")) flags |= K.DELETE_METADATA_ONLY;
    await withContext(`Failed to delete checkpoint ${name}`, cp.delete(flags, ctx.call));
    const childrenOnly = a.bool("children-only");
    return out(
      { name, deleted: true, childrenOnly },
      ctx.extra(childrenOnly ? `Domain checkpoint ${name} children deleted\n` : `Domain checkpoint ${name} deleted\n`),
    );
  },
};
