// detach-disk and detach-interface: the device found in the domain's XML,
// printed (--print-xml) or detached.
import type { OptSpec } from "../args.js";
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { sameMac } from "../mac.js";
import { attrOf } from "../xml.js";
import { childElement, elementsAt, findDisk, nodeText } from "./device-xml.js";
import { PERSISTENT_AFFECT, liveIfPersistent, persistentFlags } from "./devices.js";
import { detachDeviceAs } from "./device-calls.js";

function detachOptions(data: readonly OptSpec[], printHelp: string): OptSpec[] {
  return [
    DOMAIN,
    ...data,
    ...PERSISTENT_AFFECT,
    { name: "print-xml", type: "bool", help: printHelp },
  ];
}

export const detachDisk: CommandDef = {
  name: "detach-disk",
  group: "domain",
  help: "detach disk device",
  desc: "Detach disk device.",
  options: detachOptions([{ name: "target", type: "string", required: true, help: "target of disk device" }], "print XML document rather than detach the disk"),
  async run(ctx, a) {
    let flags = persistentFlags(a);
    const d = await dom(ctx, a);
    const target = a.nonEmpty("target") as string;
    const doc = await d.getXmlDescription(flags === C.AFFECT_CONFIG ? C.XML_INACTIVE : 0, ctx.call);
    flags = await liveIfPersistent(ctx, a, d, flags);
    const xml = nodeText(findDisk(doc, target, false));
    if (a.bool("print-xml")) return out({ xml }, xml);
    await withContext("Failed to detach disk", detachDeviceAs(ctx, a, d, xml, flags));
    return out({ name: d.getName(), target, detached: true }, ctx.extra("Disk detached successfully\n"));
  },
};

/** virshDomainDetachInterface: the one <interface> of `type` (with `mac`, if given) in `doc`. */
function interfaceXml(doc: string, type: string, mac: string | undefined): string {
  const nodes = elementsAt(doc, "devices/interface").filter((e) => attrOf(e, "type") === type);
  if (nodes.length === 0) throw new CliError(`No interface found whose type is ${type}`);
  let match = nodes[0];
  if (mac !== undefined) {
    const matching = nodes.filter((e) => {
      const m = attrOf(childElement(e, "mac"), "address");
      return m !== undefined && sameMac(m, mac);
    });
    if (matching.length > 1) {
      throw new CliError(`Domain has multiple interfaces matching MAC address ${mac}. You must use detach-device and specify the device pci address to remove it.`);
    }
    match = matching[0];
    if (!match) throw new CliError(`No interface with MAC address ${mac} was found`);
  } else if (nodes.length > 1) {
    throw new CliError(`Domain has ${nodes.length} interfaces. Please specify which one to detach using --mac`);
  }
  return nodeText(match as NonNullable<typeof match>);
}

/** virsh's closing "Failed to detach interface": after its own message, before libvirt's. */
function failed(err: unknown): CliError {
  const context = "Failed to detach interface";
  if (err instanceof CliError && err.cause === undefined) return new CliError(err.message, { cause: new CliError(context) });
  return new CliError(context, { cause: err });
}

export const detachInterface: CommandDef = {
  name: "detach-interface",
  group: "domain",
  help: "detach network interface",
  desc: "Detach network interface.",
  options: detachOptions(
    [
      { name: "type", type: "string", required: true, help: "network interface type" },
      { name: "mac", type: "string", help: "MAC address" },
    ],
    "print XML document rather than detach the interface",
  ),
  async run(ctx, a) {
    const flags = persistentFlags(a);
    const d = await dom(ctx, a);
    let type: string, mac: string | undefined;
    try {
      type = a.nonEmpty("type") as string;
      mac = a.nonEmpty("mac");
    } catch (err) {
      throw failed(err);
    }
    const printXml = a.bool("print-xml");
    let printed = "";
    // The inactive definition first (--config/--persistent), then the live one.
    const pass = async (xmlFlags: number, affect: number): Promise<void> => {
      const xml = interfaceXml(await d.getXmlDescription(xmlFlags, ctx.call), type, mac);
      if (printXml) printed += xml;
      else await detachDeviceAs(ctx, a, d, xml, affect);
    };
    const affectConfig = (flags & C.AFFECT_CONFIG) !== 0;
    try {
      if (affectConfig) await pass(C.XML_INACTIVE, C.AFFECT_CONFIG);
    } catch (err) {
      throw failed(err);
    }
    const affectLive = (flags & C.AFFECT_LIVE) !== 0 || (a.bool("persistent") && (await d.isActive(ctx.call)));
    if (affectLive || !affectConfig) {
      try {
        await pass(0, affectLive ? C.AFFECT_LIVE : 0);
      } catch (err) {
        // With --print-xml virsh returns before its own failure message.
        if (printXml) throw err;
        throw failed(err);
      }
    }
    if (printXml) return out({ xml: printed }, printed);
    return out({ name: d.getName(), type, mac: mac ?? null, detached: true }, ctx.extra("Interface detached successfully\n"));
  },
};
