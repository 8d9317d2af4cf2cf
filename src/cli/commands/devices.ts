// attach-device and detach-device.
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out, readTextFile } from "../command.js";
import type { Args } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { withContext } from "../errors.js";
import type { OptSpec } from "../args.js";

const OPTIONS: readonly OptSpec[] = [
  DOMAIN,
  { name: "file", type: "string", required: true, help: "XML file" },
  { name: "persistent", type: "bool", help: "make live change persistent" },
  ...AFFECT,
];

/** --persistent means --config, plus --live when the domain runs. */
async function deviceFlags(ctx: Ctx, a: Args, d: Domain): Promise<number> {
  a.exclusive("persistent", "current");
  let flags = affectFlags(a);
  if (a.bool("persistent")) {
    flags |= C.AFFECT_CONFIG;
    if (await d.isActive(ctx.call)) flags |= C.AFFECT_LIVE;
  }
  return flags;
}

/** attach-device and detach-device differ only in their words and the call. */
function deviceCommand(
  verb: "attach" | "detach",
  desc: string,
  call: (d: Domain, xml: string, flags: number, ctx: Ctx) => Promise<void>,
): CommandDef {
  return {
    name: `${verb}-device`,
    group: "domain",
    help: `${verb} device from an XML file`,
    desc,
    options: OPTIONS,
    async run(ctx, a) {
      const d = await dom(ctx, a);
      const flags = await deviceFlags(ctx, a, d);
      const file = a.req("file");
      const xml = await readTextFile(file);
      await withContext(`Failed to ${verb} device from ${file}`, call(d, xml, flags, ctx));
      return out({ name: d.getName(), file, [`${verb}ed`]: true }, ctx.extra(`Device ${verb}ed successfully\n`));
    },
  };
}

export const attachDevice = deviceCommand("attach", "Attach device from an XML <file>.", (d, xml, flags, ctx) =>
  d.attachDevice(xml, flags, ctx.call),
);

export const detachDevice = deviceCommand("detach", "Detach device from an XML <file>", (d, xml, flags, ctx) =>
  d.detachDevice(xml, flags, ctx.call),
);
