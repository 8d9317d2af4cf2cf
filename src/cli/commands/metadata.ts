// metadata and desc: custom XML metadata, description and title.
import type { CommandDef } from "../command.js";
import { DOMAIN, affectFlags, affectOpts, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { domainTitle } from "./list.js";
import { editText } from "../editor.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";

const MODIFY_GET = affectOpts("modify/get persistent configuration", "modify/get running state", "modify/get current state configuration");

function refuseEdit(edit: boolean): void {
  if (edit) throw new CliError("metadata --edit is not supported; use --set instead");
}

export const metadata: CommandDef = {
  name: "metadata",
  group: "domain",
  help: "show or set domain's custom XML metadata",
  desc: "Shows or modifies the XML metadata of a domain.",
  options: [
    DOMAIN,
    { name: "uri", type: "string", required: true, help: "URI of the namespace" },
    ...MODIFY_GET,
    { name: "edit", type: "bool", help: "use an editor to change the metadata" },
    { name: "key", type: "string", help: "key to be used as a namespace identifier" },
    { name: "set", type: "string", help: "new metadata to set" },
    { name: "remove", type: "bool", help: "remove the metadata corresponding to an uri" },
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    a.exclusive("edit", "set");
    a.exclusive("remove", "set");
    a.exclusive("remove", "edit");
    const d = await dom(ctx, a);
    const uri = a.req("uri");
    const key = a.str("key");
    const set = a.str("set");
    if ((set !== undefined || a.bool("edit")) && key === undefined) throw new CliError("namespace key is required when modifying metadata");
    refuseEdit(a.bool("edit"));
    if (set !== undefined || a.bool("remove")) {
      await d.setMetadata(C.METADATA_ELEMENT, set ?? null, key ?? null, uri, flags, ctx.call);
      const removed = a.bool("remove");
      return out({ name: d.getName(), uri, removed, modified: !removed }, ctx.extra(removed ? "Metadata removed\n" : "Metadata modified\n"));
    }
    const data = await d.getMetadata(C.METADATA_ELEMENT, uri, flags, ctx.call);
    return out({ name: d.getName(), uri, metadata: data }, `${data}\n`);
  },
};

export const desc: CommandDef = {
  name: "desc",
  group: "domain",
  help: "show or set domain's description or title",
  desc: "Allows setting or modifying the description or title of a domain.",
  options: [
    DOMAIN,
    ...MODIFY_GET.slice(1, 2),
    ...MODIFY_GET.slice(0, 1),
    ...MODIFY_GET.slice(2),
    { name: "title", type: "bool", help: "modify/get the title instead of description" },
    { name: "edit", type: "bool", help: "open an editor to modify the description" },
    { name: "new-desc", type: "argv", help: "message" },
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const title = a.bool("title");
    const d = await dom(ctx, a);
    const words = a.list("new-desc");
    const what = title ? "title" : "description";
    if (a.bool("edit")) return editDescription(ctx, d, title, a.bool("config") ? C.AFFECT_CONFIG : 0, flags);
    if (a.has("new-desc")) {
      const text = words.join(" ");
      await withContext(`Failed to set new domain ${what}`, d.setMetadata(title ? C.METADATA_TITLE : C.METADATA_DESCRIPTION, text, null, null, flags, ctx.call));
      return out({ name: d.getName(), [what]: text }, ctx.extra(`Domain ${what} updated successfully`));
    }
    // Reading: --config reads the persistent definition.
    const text = await domainTitle(ctx, d, title, a.bool("config") ? C.AFFECT_CONFIG : 0);
    if (text.length > 0) return out({ name: d.getName(), [what]: text }, text);
    return out({ name: d.getName(), [what]: "" }, ctx.extra(`No ${what} for domain: ${d.getName()}`));
  },
};

/** desc --edit: the current text in the editor; a title loses the newline editors add. */
async function editDescription(ctx: Ctx, d: Domain, title: boolean, readFlags: number, flags: number) {
  const what = title ? "title" : "description";
  const current = await domainTitle(ctx, d, title, readFlags);
  const session = await editText(current, ".txt");
  await session.discard();
  const text = title && session.text.endsWith("\n") ? session.text.slice(0, -1) : session.text;
  if (text === current) return out({ name: d.getName(), [what]: text, changed: false }, ctx.extra(`Domain ${what} not changed\n`));
  await withContext(`Failed to set new domain ${what}`, d.setMetadata(title ? C.METADATA_TITLE : C.METADATA_DESCRIPTION, text, null, null, flags, ctx.call));
  return out({ name: d.getName(), [what]: text, changed: true }, ctx.extra(`Domain ${what} updated successfully`));
}
