// edit: a domain's persistent XML in the user's editor, defined again when changed.
import { DOMAIN, dom, out, type CommandDef } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";
import { editText } from "../editor.js";

export const edit: CommandDef = {
  name: "edit",
  group: "domain",
  help: "edit XML configuration for a domain",
  desc: "Edit the XML configuration for a domain.",
  options: [DOMAIN, { name: "skip-validate", type: "bool", help: "skip validation of the XML against the schema" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const flags = C.XML_SECURE | C.XML_INACTIVE;
    const doc = await d.getXmlDescription(flags, ctx.call);
    const session = await editText(doc, ".xml");
    let keep = false;
    try {
      if (session.text === doc) {
        return out({ name: d.getName(), changed: false }, ctx.extra(`Domain '${d.getName()}' XML configuration not changed.\n`));
      }
      // Someone else's change meanwhile (or the domain gone) must not be overwritten.
      const reread = await d.getXmlDescription(flags, ctx.call);
      if (reread !== doc) {
        keep = true;
        throw new CliError(`The XML configuration was changed by another user. Your edits are in ${session.file}`);
      }
      const conn = await ctx.conn();
      try {
        const edited = await conn.defineDomain(session.text, a.bool("skip-validate") ? 0 : C.DEFINE_VALIDATE, ctx.call);
        return out({ name: edited.getName(), changed: true }, ctx.extra(`Domain '${edited.getName()}' XML configuration edited.\n`));
      } catch (err) {
        // virsh would offer to edit again; here the edits survive in the file.
        keep = true;
        throw new CliError(`Failed. Your edits are in ${session.file}`, { cause: err });
      }
    } finally {
      if (!keep) await session.discard();
    }
  },
};
