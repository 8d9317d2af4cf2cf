// The domain XML inside saved states: managedsave-dumpxml, managedsave-define,
// managedsave-edit, save-image-dumpxml, save-image-define, save-image-edit.
import type { CommandDef } from "../command.js";
import { SILENT_FAILURE, XPATH_OPTS, emptyXPath, xmlOutput } from "./xpath-output.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
import type { Args, OptSpec } from "../args.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { withContext } from "../errors.js";
import { editCycle } from "../edit-cycle.js";

const SECURITY_INFO: OptSpec = { name: "security-info", type: "bool", help: "include security sensitive information in XML dump" };
const XML: OptSpec = { name: "xml", type: "string", required: true, help: "filename containing updated XML for the target" };
const FILE = (help: string): OptSpec => ({ name: "file", type: "string", required: true, help });

/** --running and --paused, the state the domain takes when it starts from the image. */
function stateOptions(when: string): OptSpec[] {
  return [
    { name: "running", type: "bool", help: `set domain to be running on ${when}` },
    { name: "paused", type: "bool", help: `set domain to be paused on ${when}` },
  ];
}

function stateFlags(a: Args): number {
  let flags = 0;
  if (a.bool("running")) flags |= C.SAVE_RUNNING;
  if (a.bool("paused")) flags |= C.SAVE_PAUSED;
  return flags;
}

export const managedsaveDumpxml: CommandDef = {
  name: "managedsave-dumpxml",
  group: "domain",
  help: "Domain information of managed save state file in XML",
  desc: "Dump XML of domain information for a managed save state file to stdout.",
  options: [DOMAIN, SECURITY_INFO, ...XPATH_OPTS],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    if (emptyXPath(a)) return SILENT_FAILURE;
    const xml = await d.managedSaveGetXmlDescription(a.bool("security-info") ? C.XML_SECURE : 0, ctx.call);
    return xmlOutput(ctx, a, xml, { name: d.getName() });
  },
};

export const managedsaveDefine: CommandDef = {
  name: "managedsave-define",
  group: "domain",
  help: "redefine the XML for a domain's managed save state file",
  desc: "Replace the domain XML associated with a managed save state file",
  options: [DOMAIN, XML, ...stateOptions("start")],
  async run(ctx, a) {
    const flags = stateFlags(a);
    a.exclusive("running", "paused");
    const xml = await readTextFile(a.req("xml"));
    const d = await dom(ctx, a);
    await withContext(`Failed to update ${d.getName()} XML configuration`, d.managedSaveDefineXml(xml, flags, ctx.call));
    return out({ name: d.getName(), updated: true }, ctx.extra(`Managed save state file of domain '${d.getName()}' updated.\n`));
  },
};

export const managedsaveEdit: CommandDef = {
  name: "managedsave-edit",
  group: "domain",
  help: "edit XML for a domain's managed save state file",
  desc: "Edit the domain XML associated with the managed save state file",
  options: [DOMAIN, ...stateOptions("start")],
  async run(ctx, a) {
    const flags = stateFlags(a);
    a.exclusive("running", "paused");
    const d = await dom(ctx, a);
    const name = d.getName();
    const r = await editCycle({
      get: () => d.managedSaveGetXmlDescription(C.XML_SECURE, ctx.call),
      define: (xml) => d.managedSaveDefineXml(xml, flags, ctx.call),
    });
    if (!r) return out({ name, changed: false }, ctx.extra(`Managed save image of domain '${name}' XML configuration not changed.\n`));
    return out({ name, changed: true }, ctx.extra(`Managed save image of Domain '${name}' XML configuration edited.\n`));
  },
};

export const saveImageDumpxml: CommandDef = {
  name: "save-image-dumpxml",
  group: "domain",
  help: "saved state domain information in XML",
  desc: "Dump XML of domain information for a saved state file to stdout.",
  options: [FILE("saved state file to read"), SECURITY_INFO, ...XPATH_OPTS],
  async run(ctx, a) {
    const file = a.req("file");
    if (emptyXPath(a)) return SILENT_FAILURE;
    const conn = await ctx.conn();
    const xml = await conn.getSaveImageXmlDescription(file, a.bool("security-info") ? C.SAVE_IMAGE_XML_SECURE : 0, ctx.call);
    return xmlOutput(ctx, a, xml, { file });
  },
};

export const saveImageDefine: CommandDef = {
  name: "save-image-define",
  group: "domain",
  help: "redefine the XML for a domain's saved state file",
  desc: "Replace the domain XML associated with a saved state file",
  options: [FILE("saved state file to modify"), XML, ...stateOptions("restore")],
  async run(ctx, a) {
    const file = a.req("file");
    const xml = await readTextFile(a.req("xml"));
    const conn = await ctx.conn();
    await withContext(`Failed to update ${file}`, conn.defineSaveImageXml(file, xml, stateFlags(a), ctx.call));
    return out({ file, updated: true }, ctx.extra(`State file ${file} updated.\n`));
  },
};

export const saveImageEdit: CommandDef = {
  name: "save-image-edit",
  group: "domain",
  help: "edit XML for a domain's saved state file",
  desc: "Edit the domain XML associated with a saved state file",
  options: [FILE("saved state file to edit"), ...stateOptions("restore")],
  async run(ctx, a) {
    const flags = stateFlags(a);
    // The define step would always refuse both: say so before the editor opens.
    a.exclusive("running", "paused");
    const file = a.req("file");
    const conn = await ctx.conn();
    const r = await editCycle({
      get: () => conn.getSaveImageXmlDescription(file, C.SAVE_IMAGE_XML_SECURE, ctx.call),
      define: (xml) => conn.defineSaveImageXml(file, xml, flags, ctx.call),
    });
    if (!r) return out({ file, changed: false }, ctx.extra(`Saved image ${file} XML configuration not changed.\n`));
    return out({ file, changed: true }, ctx.extra(`State file ${file} edited.\n`));
  },
};
