// attach-device and detach-device.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
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
  { name: "config", type: "bool", help: "affect next boot" },
  { name: "live", type: "bool", help: "affect running domain" },
  { name: "current", type: "bool", help: "affect current domain" },
];

/** --persistent means --config, plus --live when the domain runs. */
async function deviceFlags(ctx: Ctx, a: Args, d: Domain): Promise<number> {
  a.exclusive("persistent", "current");
  a.exclusive("current", "live");
  a.exclusive("current", "config");
  let flags: number = C.AFFECT_CURRENT;
  if (a.bool("config") || a.bool("persistent")) flags |= C.AFFECT_CONFIG;
  if (a.bool("live")) flags |= C.AFFECT_LIVE;
  if (a.bool("persistent") && (await d.isActive(ctx.call))) flags |= C.AFFECT_LIVE;
  return flags;
}

export const attachDevice: CommandDef = {
  name: "attach-device",
  group: "domain",
  help: "attach device from an XML file",
  desc: "Attach device from an XML <file>.",
  options: OPTIONS,
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const flags = await deviceFlags(ctx, a, d);
    const file = a.req("file");
    const xml = await readTextFile(file);
    await withContext(`Failed to attach device from ${file}`, d.attachDevice(xml, flags, ctx.call));
    return out({ name: d.getName(), file, attached: true }, ctx.extra("Device attached successfully\n"));
  },
};

export const detachDevice: CommandDef = {
  name: "detach-device",
  group: "domain",
  help: "detach device from an XML file",
  desc: "Detach device from an XML <file>",
  options: OPTIONS,
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const flags = await deviceFlags(ctx, a, d);
    const file = a.req("file");
    const xml = await readTextFile(file);
    await withContext(`Failed to detach device from ${file}`, d.detachDevice(xml, flags, ctx.call));
    return out({ name: d.getName(), file, detached: true }, ctx.extra("Device detached successfully\n"));
  },
};
