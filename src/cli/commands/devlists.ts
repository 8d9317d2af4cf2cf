// domblklist, domiflist, domif-getlink (read from the domain XML), domblkerror, domcontrol, domfsinfo.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { pick } from "../format/enums.js";
import { formatTable } from "../format/table.js";
import { cInteger } from "../format/values.js";
import { normalizeMac } from "../mac.js";
import { attrOf, first, parseXml, select, type XmlElement } from "../xml.js";

/** virshDomainGetXMLFromDom: the domain's XML as an element tree. */
export async function domainXml(ctx: Ctx, d: Domain, flags: number): Promise<XmlElement> {
  const root = parseXml(await d.getXmlDescription(flags, ctx.call));
  if (!root) throw new CliError("failed to parse domain XML");
  return root;
}

/** virXPathString("string(@x|@y|...)"): attrOf's pick, or undefined when it is empty. */
function xpathAttr(el: XmlElement | undefined, ...names: string[]): string | undefined {
  return attrOf(el, ...names) || undefined;
}

/** virXPathInt: the whole text as a decimal int, else null (absent or not a number). */
export function xmlInt(text: string | undefined): number | null {
  return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : null;
}

const INACTIVE = { name: "inactive", type: "bool", help: "get inactive rather than running configuration" } as const;

/** virPCIDeviceAddressParseXML's numbers: unsigned, in C's base-0 notation. */
function cNumber(text: string | undefined): number | null {
  const v = text === undefined ? null : cInteger(text);
  return v !== null && v >= 0 ? v : null;
}

function nvmeSource(disk: XmlElement): string {
  const ns = xpathAttr(first(disk, "source"), "namespace");
  const addr = first(disk, "source/address");
  const [dom, bus, slot, fn] = ["domain", "bus", "slot", "function"].map((k) => cNumber(addr?.attrs[k] ?? "0"));
  if (ns === undefined || !addr || dom == null || bus == null || slot == null || fn == null) throw new CliError("Unable to query NVMe disk address");
  const hex = (n: number, w: number): string => n.toString(16).padStart(w, "0");
  return `nvme://${hex(dom, 4)}:${hex(bus, 2)}:${hex(slot, 2)}.${fn}/${ns}`;
}

export const domblklist: CommandDef = {
  name: "domblklist",
  group: "monitor",
  help: "list all domain blocks",
  desc: "Get the summary of block devices for a domain.",
  options: [DOMAIN, INACTIVE, { name: "details", type: "bool", help: "additionally display the type and device value" }],
  async run(ctx, a) {
    const details = a.bool("details");
    const root = await domainXml(ctx, await dom(ctx, a), a.bool("inactive") ? C.XML_INACTIVE : 0);
    const rows: string[][] = [];
    const json: { type: string | null; device: string | null; target: string; source: string | null }[] = [];
    for (const disk of select(root, "devices/disk")) {
      const type = xpathAttr(disk, "type");
      const device = xpathAttr(disk, "device");
      // virsh prints this with no newline and fails.
      if (details && (type === undefined || device === undefined)) return out(json, "unable to query block list details", false);
      const target = xpathAttr(first(disk, "target"), "dev");
      if (target === undefined) throw new CliError("unable to query block list");
      const source = type === "nvme" ? nvmeSource(disk) : xpathAttr(first(disk, "source"), "file", "dev", "dir", "name", "volume");
      rows.push(details ? [type ?? "", device ?? "", target, source ?? "-"] : [target, source ?? "-"]);
      json.push({ type: type ?? null, device: device ?? null, target, source: source ?? null });
    }
    const header = details ? ["Type", "Device", "Target", "Source"] : ["Target", "Source"];
    return out(json, formatTable(header, rows, ctx.quiet));
  },
};

export const domiflist: CommandDef = {
  name: "domiflist",
  group: "monitor",
  help: "list all domain virtual interfaces",
  desc: "Get the summary of virtual interfaces for a domain.",
  options: [DOMAIN, INACTIVE],
  async run(ctx, a) {
    const root = await domainXml(ctx, await dom(ctx, a), a.bool("inactive") ? C.XML_INACTIVE : 0);
    const json: { interface: string | null; type: string; source: string | null; model: string | null; mac: string | null }[] = [];
    for (const i of select(root, "devices/interface")) {
      const type = xpathAttr(i, "type");
      if (type === undefined) continue;
      json.push({
        interface: xpathAttr(first(i, "target"), "dev") ?? null,
        type,
        source: xpathAttr(first(i, "source"), "bridge", "dev", "network", "name", "path") ?? null,
        model: xpathAttr(first(i, "model"), "type") ?? null,
        mac: xpathAttr(first(i, "mac"), "address") ?? null,
      });
    }
    const rows = json.map((r) => [r.interface ?? "-", r.type, r.source ?? "-", r.model ?? "-", r.mac ?? "-"]);
    return out(json, formatTable(["Interface", "Type", "Source", "Model", "MAC"], rows, ctx.quiet));
  },
};

export const domifGetlink: CommandDef = {
  name: "domif-getlink",
  group: "monitor",
  help: "get link state of a virtual interface",
  desc: "Get link state of a domain's virtual interface.",
  options: [
    DOMAIN,
    { name: "interface", type: "string", required: true, help: "interface device (MAC Address)" },
    { name: "config", type: "bool", help: "Get persistent interface state" },
  ],
  async run(ctx, a) {
    const iface = a.nonEmpty("interface") as string;
    const root = await domainXml(ctx, await dom(ctx, a), a.bool("config") ? C.XML_INACTIVE : 0);
    const mac = normalizeMac(iface);
    const found = select(root, "devices/interface").filter((i) =>
      mac !== null ? select(i, "mac").some((m) => m.attrs["address"] === mac) : select(i, "target").some((t) => t.attrs["dev"] === iface),
    );
    if (!found.length) throw new CliError(mac !== null ? `Interface (mac: ${mac}) not found.` : `Interface (dev: ${iface}) not found.`);
    if (found.length > 1) throw new CliError("multiple matching interfaces found");
    const state = xpathAttr(first(found[0] as XmlElement, "link"), "state") ?? "up";
    // virsh prints no newline after the state.
    return out({ interface: iface, state }, `${iface} ${state}`);
  },
};

const IO_ERRORS = ["no error", "unspecified error", "no space"];

export const domblkerror: CommandDef = {
  name: "domblkerror",
  group: "monitor",
  help: "Show errors on block devices",
  desc: "Show block device errors",
  options: [DOMAIN],
  async run(ctx, a) {
    const errors = await (await dom(ctx, a)).getDiskErrors(0, ctx.call);
    const json = errors.map((e) => ({ disk: e.path, error: pick(IO_ERRORS, e.error, "unknown error"), code: e.error }));
    if (!json.length) return out(json, "No errors found\n");
    return out(json, json.map((e) => `${e.disk}: ${e.error}\n`).join(""));
  },
};

const CONTROL_STATES = ["ok", "background job", "occupied", "error"];
const CONTROL_REASONS = ["none", "unknown", "monitor failure", "internal (locking) error"];

export const domcontrol: CommandDef = {
  name: "domcontrol",
  group: "monitor",
  help: "domain control interface state",
  desc: "Returns state of a control interface to the domain.",
  options: [DOMAIN],
  async run(ctx, a) {
    const info = await (await dom(ctx, a)).getControlInfo(0, ctx.call);
    const state = pick(CONTROL_STATES, info.state, "unknown");
    const json = { state, stateCode: info.state, reason: null as string | null, stateTimeMs: info.stateTime };
    if (info.state !== C.CONTROL_OK && info.state !== C.CONTROL_ERROR) {
      return out(json, `${state} (${(Number(info.stateTime) / 1000).toFixed(3)}s)\n`);
    }
    if (info.state === C.CONTROL_ERROR && info.details > 0) {
      json.reason = pick(CONTROL_REASONS, info.details, "unknown");
      return out(json, `${state}: ${json.reason}\n`);
    }
    return out(json, `${state}\n`);
  },
};

export const domfsinfo: CommandDef = {
  name: "domfsinfo",
  group: "domain",
  help: "Get information of domain's mounted filesystems.",
  options: [DOMAIN],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const infos = await withContext("Unable to get filesystem information", d.getFsInfo(0, ctx.call));
    if (!infos.length) return out([], ctx.extra("No filesystems are mounted in the domain"));
    const rows = infos.map((f) => [f.mountpoint, f.name, f.fstype, f.devalias.join(",")]);
    return out(infos, formatTable(["Mountpoint", "Name", "Type", "Target"], rows, ctx.quiet));
  },
};
