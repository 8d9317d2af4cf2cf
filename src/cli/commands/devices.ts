// attach-device, detach-device, update-device and detach-device-alias.
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out, readTextFile } from "../command.js";
import type { Args } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { withContext } from "../errors.js";
import { attachDeviceAs, detachDeviceAs } from "./device-calls.js";
import type { OptSpec } from "../args.js";

/** --persistent and --config/--live/--current, as the device commands list them. */
export const PERSISTENT_AFFECT: readonly OptSpec[] = [{ name: "persistent", type: "bool", help: "make live change persistent" }, ...AFFECT];

const OPTIONS: readonly OptSpec[] = [DOMAIN, { name: "file", type: "string", required: true, help: "XML file" }, ...PERSISTENT_AFFECT];

/** The flags --persistent/--config/--live/--current give before the domain is known (--persistent means --config). */
export function persistentFlags(a: Args): number {
  a.exclusive("persistent", "current");
  const flags = affectFlags(a);
  return a.bool("persistent") ? flags | C.AFFECT_CONFIG : flags;
}

/** --persistent also means --live when the domain runs. */
export async function liveIfPersistent(ctx: Ctx, a: Args, d: Domain, flags: number): Promise<number> {
  return a.bool("persistent") && (await d.isActive(ctx.call)) ? flags | C.AFFECT_LIVE : flags;
}

async function deviceFlags(ctx: Ctx, a: Args, d: Domain): Promise<number> {
  return liveIfPersistent(ctx, a, d, persistentFlags(a));
}

/** attach-device, detach-device and update-device differ only in their words, update's --force and the call. */
function deviceCommand(
  verb: "attach" | "detach" | "update",
  desc: string,
  call: (d: Domain, xml: string, flags: number, ctx: Ctx, a: Args) => Promise<void>,
): CommandDef {
  const done = verb === "update" ? "updated" : `${verb}ed`;
  return {
    name: `${verb}-device`,
    group: "domain",
    help: `${verb} device from an XML file`,
    desc,
    options: verb === "update" ? [...OPTIONS, { name: "force", type: "bool", help: "force device update" }] : OPTIONS,
    async run(ctx, a) {
      const d = await dom(ctx, a);
      let flags = await deviceFlags(ctx, a, d);
      const file = a.req("file");
      const xml = await readTextFile(file);
      if (a.bool("force")) flags |= C.DEVICE_MODIFY_FORCE;
      await withContext(`Failed to ${verb} device from ${file}`, call(d, xml, flags, ctx, a));
      return out({ name: d.getName(), file, [done]: true }, ctx.extra(`Device ${done} successfully\n`));
    },
  };
}

export const attachDevice = deviceCommand("attach", "Attach device from an XML <file>.", (d, xml, flags, ctx, a) =>
  attachDeviceAs(ctx, a, d, xml, flags),
);

export const detachDevice = deviceCommand("detach", "Detach device from an XML <file>", (d, xml, flags, ctx, a) =>
  detachDeviceAs(ctx, a, d, xml, flags),
);

export const updateDevice = deviceCommand("update", "Update device from an XML <file>.", (d, xml, flags, ctx) =>
  d.updateDevice(xml, flags, ctx.call),
);

export const detachDeviceAlias: CommandDef = {
  name: "detach-device-alias",
  group: "domain",
  help: "detach device from an alias",
  desc: "Detach device identified by the given alias from a domain",
  options: [DOMAIN, { name: "alias", type: "string", required: true, help: "device alias" }, ...AFFECT],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const alias = a.nonEmpty("alias") as string;
    await withContext(`Failed to detach device with alias ${alias}`, d.detachDeviceAlias(alias, flags, ctx.call));
    return out({ name: d.getName(), alias, detached: true }, ctx.extra("Device detach request sent successfully\n"));
  },
};
