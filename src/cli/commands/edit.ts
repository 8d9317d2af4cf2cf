// edit: a domain's persistent XML in the user's editor, defined again when changed.
import { DOMAIN, dom, out, type CommandDef } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { editCycle } from "../edit-cycle.js";

export const edit: CommandDef = {
  name: "edit",
  group: "domain",
  help: "edit XML configuration for a domain",
  desc: "Edit the XML configuration for a domain.",
  options: [DOMAIN, { name: "skip-validate", type: "bool", help: "skip validation of the XML against the schema" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const flags = C.XML_SECURE | C.XML_INACTIVE;
    const conn = await ctx.conn();
    const r = await editCycle({
      get: () => d.getXmlDescription(flags, ctx.call),
      define: (xml) => conn.defineDomain(xml, a.bool("skip-validate") ? 0 : C.DEFINE_VALIDATE, ctx.call),
    });
    if (!r) return out({ name: d.getName(), changed: false }, ctx.extra(`Domain '${d.getName()}' XML configuration not changed.\n`));
    return out({ name: r.defined.getName(), changed: true }, ctx.extra(`Domain '${r.defined.getName()}' XML configuration edited.\n`));
  },
};
