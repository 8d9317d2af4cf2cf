// checkpoint-create-as, checkpoint-list, checkpoint-delete, and the lookup by --checkpointname.
import type { CommandDef } from "../command.js";
import { dom, out } from "../command.js";
import { DomainCheckpoint as K } from "../../protocol/generated/constants.js";
import type { Args } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import type { DomainCheckpoint } from "../../api/checkpoint.js";
import { CliError } from "../errors.js";
import { checkpointDiskspecXml, listingText } from "./specs.js";
import { listingChecks, listingMembers, listingOptions } from "./listing.js";
import { createAsOptions, createAsXml, created, deleteMember, deleteOptions, printXml } from "./member.js";

export const checkpointCreateAs: CommandDef = {
  name: "checkpoint-create-as",
  group: "checkpoint",
  help: "Create a checkpoint from a set of args",
  desc: "Create a checkpoint from arguments",
  options: createAsOptions("checkpoint", [{ name: "quiesce", type: "bool", help: "quiesce guest's file systems" }], "disk attributes: disk[,checkpoint=type][,bitmap=name]"),
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const xml = createAsXml("checkpoint", a, "", checkpointDiskspecXml);
    if (a.bool("print-xml")) return printXml(xml);
    const cp = await d.createCheckpoint(xml, a.bool("quiesce") ? K.CREATE_QUIESCE : 0, ctx.call);
    return created(ctx, "checkpoint", cp.getName(), d.getName());
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
  options: deleteOptions("checkpoint", [{ name: "checkpointname", type: "string", help: "checkpoint name" }]),
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const cp = await lookupCheckpoint(ctx, a, d);
    return deleteMember(ctx, a, "checkpoint", cp.getName(), K, (flags) => cp.delete(flags, ctx.call));
  },
};

/** virshLookupCheckpoint: the checkpoint --checkpointname names. */
export async function lookupCheckpoint(ctx: Ctx, a: Args, d: Domain): Promise<DomainCheckpoint> {
  const name = a.str("checkpointname");
  if (name === undefined) throw new CliError("--checkpointname is required");
  return d.getCheckpointByName(name, ctx.call);
}
