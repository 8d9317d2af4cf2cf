// checkpoint-create, checkpoint-edit, checkpoint-info, checkpoint-parent, checkpoint-dumpxml.
import type { CommandDef } from "../command.js";
import { SILENT_FAILURE, XPATH_OPTS, emptyXPath, xmlOutput } from "./xpath-output.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
import { DomainCheckpoint as K } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";
import { labelled } from "../format/values.js";
import { lookupCheckpoint } from "./checkpoint.js";
import { created, dropMetadata, editMember, parentName, parentReport } from "./member.js";

const NAME = { name: "checkpointname", type: "string", help: "checkpoint name" } as const;

export const checkpointCreate: CommandDef = {
  name: "checkpoint-create",
  group: "checkpoint",
  help: "Create a checkpoint from XML",
  desc: "Create a checkpoint from XML for use in future incremental backups",
  options: [
    DOMAIN,
    { name: "xmlfile", type: "string", help: "domain checkpoint XML" },
    { name: "redefine", type: "bool", help: "redefine metadata for existing checkpoint" },
    { name: "redefine-validate", type: "bool", help: "validate the redefined checkpoint" },
    { name: "quiesce", type: "bool", help: "quiesce guest's file systems" },
  ],
  async run(ctx, a) {
    a.requires("redefine-validate", "redefine");
    let flags = 0;
    if (a.bool("redefine")) flags |= K.CREATE_REDEFINE;
    if (a.bool("redefine-validate")) flags |= K.CREATE_REDEFINE_VALIDATE;
    if (a.bool("quiesce")) flags |= K.CREATE_QUIESCE;
    const d = await dom(ctx, a);
    const from = a.str("xmlfile");
    // Without a file libvirt picks the name (the current time).
    const xml = from === undefined ? "<domaincheckpoint/>" : await readTextFile(from);
    const cp = await d.createCheckpoint(xml, flags, ctx.call);
    return created(ctx, "checkpoint", cp.getName(), d.getName(), from);
  },
};

export const checkpointEdit: CommandDef = {
  name: "checkpoint-edit",
  group: "checkpoint",
  help: "edit XML for a checkpoint",
  desc: "Edit the domain checkpoint XML for a named checkpoint",
  options: [DOMAIN, NAME],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const cp = await lookupCheckpoint(ctx, a, d);
    const name = cp.getName();
    const r = await editMember(name, {
      get: () => cp.getXmlDescription(K.XML_SECURE, ctx.call),
      define: (xml) => d.createCheckpoint(xml, K.CREATE_REDEFINE, ctx.call),
    });
    if (!r) return out({ name, changed: false }, ctx.extra(`Checkpoint ${name} XML configuration not changed.\n`));
    const newName = r.defined.getName();
    if (newName === name) return out({ name, changed: true }, ctx.extra(`Checkpoint ${name} edited.\n`));
    // Checkpoints cannot be renamed: the new one is dropped again.
    await dropMetadata(ctx, r.defined, K.DELETE_METADATA_ONLY, name);
    throw new CliError(`Cannot rename checkpoint ${name} to ${newName}`, { cause: new CliError(`Failed to update ${name}`) });
  },
};

export const checkpointInfo: CommandDef = {
  name: "checkpoint-info",
  group: "checkpoint",
  help: "checkpoint information",
  desc: "Returns basic information about a checkpoint.",
  options: [DOMAIN, NAME],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const cp = await lookupCheckpoint(ctx, a, d);
    const parent = await parentName(ctx, "checkpoint", cp).catch((err: unknown) => {
      throw new CliError("unexpected problem querying checkpoint state", { cause: err });
    });
    const children = (await cp.listAllChildren(0, ctx.call)).length;
    const descendants = (await cp.listAllChildren(K.LIST_DESCENDANTS, ctx.call)).length;
    const info = { name: cp.getName(), domain: d.getName(), parent, children, descendants };
    const text =
      labelled("Name:", info.name) +
      labelled("Domain:", info.domain) +
      labelled("Parent:", parent ?? "-") +
      labelled("Children:", children) +
      labelled("Descendants:", descendants);
    return out(info, text);
  },
};

export const checkpointParent: CommandDef = {
  name: "checkpoint-parent",
  group: "checkpoint",
  help: "Get the name of the parent of a checkpoint",
  desc: "Extract the checkpoint's parent, if any",
  options: [DOMAIN, { ...NAME, help: "find parent of checkpoint name" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const cp = await lookupCheckpoint(ctx, a, d);
    return parentReport("checkpoint", cp.getName(), await parentName(ctx, "checkpoint", cp));
  },
};

export const checkpointDumpxml: CommandDef = {
  name: "checkpoint-dumpxml",
  group: "checkpoint",
  help: "Dump XML for a domain checkpoint",
  desc: "Checkpoint Dump XML",
  options: [
    DOMAIN,
    NAME,
    { name: "security-info", type: "bool", help: "include security sensitive information in XML dump" },
    { name: "no-domain", type: "bool", help: "exclude <domain> from XML" },
    { name: "size", type: "bool", help: "include backup size estimate in XML dump" },
    ...XPATH_OPTS,
  ],
  async run(ctx, a) {
    let flags = 0;
    if (a.bool("security-info")) flags |= K.XML_SECURE;
    if (a.bool("no-domain")) flags |= K.XML_NO_DOMAIN;
    if (a.bool("size")) flags |= K.XML_SIZE;
    const d = await dom(ctx, a);
    if (emptyXPath(a)) return SILENT_FAILURE;
    const cp = await lookupCheckpoint(ctx, a, d);
    const xml = await cp.getXmlDescription(flags, ctx.call);
    return xmlOutput(ctx, a, xml, { name: cp.getName() });
  },
};
