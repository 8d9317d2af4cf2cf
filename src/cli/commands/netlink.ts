// domif-setlink and domiftune: one interface's link state and bandwidth.
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { ULLONG_MAX } from "../limits.js";
import { childElement, elementsAt, nodeText } from "./device-xml.js";
import { setOrShow } from "./tune.js";

const INTERFACE = { name: "interface", type: "string", required: true, help: "interface device (MAC Address)" } as const;

export const domifSetlink: CommandDef = {
  name: "domif-setlink",
  group: "domain",
  help: "set link state of a virtual interface",
  desc: "Set link state of a domain's virtual interface. This command wraps usage of update-device command.",
  options: [
    DOMAIN,
    INTERFACE,
    { name: "state", type: "string", required: true, help: "new state of the device" },
    { name: "config", type: "bool", help: "affect next boot", aliases: ["persistent"] },
    { name: "print-xml", type: "bool", help: "print XML document rather than set the interface link state" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const iface = a.nonEmpty("interface") as string;
    const state = a.nonEmpty("state") as string;
    if (state !== "up" && state !== "down") throw new CliError(`invalid link state '${state}'`);
    const config = a.bool("config");
    let flags: number = config ? C.AFFECT_CONFIG : C.AFFECT_LIVE;
    if (!(await d.isActive(ctx.call))) flags = C.AFFECT_CONFIG;
    const doc = await d.getXmlDescription(config ? C.XML_INACTIVE : 0, ctx.call);
    const nodes = elementsAt(doc, "devices/interface");
    if (nodes.length === 0) throw new CliError("Failed to extract interface information or no interfaces found");
    // By MAC address or by target device name, case-insensitively.
    const wanted = iface.toLowerCase();
    const matches = (e: (typeof nodes)[number], child: string, attr: string): boolean =>
      childElement(e, child)?.getAttribute(attr)?.toLowerCase() === wanted;
    const node = nodes.find((e) => matches(e, "mac", "address") || matches(e, "target", "dev"));
    if (!node) throw new CliError(`interface '${iface}' not found`);
    let link = childElement(node, "link");
    if (!link) {
      link = (node.ownerDocument as NonNullable<typeof node.ownerDocument>).createElement("link");
      node.appendChild(link);
    }
    link.setAttribute("state", state);
    const xml = nodeText(node);
    if (a.bool("print-xml")) return out({ xml }, xml);
    await withContext("Failed to update interface link state", d.updateDevice(xml, flags, ctx.call));
    return out({ name: d.getName(), interface: iface, state }, ctx.extra("Device updated successfully\n"));
  },
};

export interface Rate {
  average: bigint;
  peak: bigint;
  burst: bigint;
  floor: bigint;
}

/** virshParseRateStr: "average[,peak[,burst[,floor]]]", empty fields meaning 0. */
export function parseRate(text: string): Rate {
  const fields = text.split(",");
  if (fields.length > 4) throw new CliError(`Rate string '${text}' has too many fields`);
  const rate: Rate = { average: 0n, peak: 0n, burst: 0n, floor: 0n };
  const names = ["average", "peak", "burst", "floor"] as const;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string;
    if (f === "") continue;
    if (!/^\s*\+?\d+$/.test(f) || BigInt(f.trim()) > ULLONG_MAX) throw new CliError(`field '${names[i]}' is malformed`);
    rate[names[i] as keyof Rate] = BigInt(f.trim());
  }
  return rate;
}

const UINT_MAX = 0xffffffffn;

/** The typed parameters one direction adds: average always, the rest when non-zero. */
function rateParams(dir: "inbound" | "outbound", text: string): Record<string, number> {
  const r = parseRate(text);
  if (r.average > UINT_MAX || r.peak > UINT_MAX || r.burst > UINT_MAX) throw new CliError(`${dir} rate larger than maximum 4294967295`);
  if (dir === "inbound" && !r.average && (r.burst || r.peak) && !r.floor) throw new CliError("either inbound average or floor is mandatory");
  if (dir === "outbound") {
    if (!r.average && (r.burst || r.peak)) throw new CliError("outbound average is mandatory");
    if (r.floor) throw new CliError("outbound floor is unsupported yet");
  }
  const params: Record<string, number> = { [`${dir}.average`]: Number(r.average) };
  for (const k of ["peak", "burst", "floor"] as const) if (r[k]) params[`${dir}.${k}`] = Number(r[k]);
  return params;
}

export const domiftune: CommandDef = {
  name: "domiftune",
  group: "domain",
  help: "get/set parameters of a virtual interface",
  desc: "Get/set parameters of a domain's virtual interface.",
  options: [
    DOMAIN,
    INTERFACE,
    { name: "inbound", type: "string", help: "control domain's incoming traffics" },
    { name: "outbound", type: "string", help: "control domain's outgoing traffics" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const device = a.nonEmpty("interface") as string;
    const inbound = a.nonEmpty("inbound");
    const outbound = a.nonEmpty("outbound");
    const set = {
      ...(inbound === undefined ? {} : rateParams("inbound", inbound)),
      ...(outbound === undefined ? {} : rateParams("outbound", outbound)),
    };
    return setOrShow(set, {
      target: { name: d.getName(), interface: device },
      change: (p) => d.setInterfaceParameters(device, p, flags, ctx.call),
      changeFailed: "Unable to set interface parameters",
      query: () => d.getInterfaceParameters(device, flags, ctx.call),
      queryFailed: "Unable to get interface parameters",
    });
  },
};
