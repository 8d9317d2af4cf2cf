// attach-disk and attach-interface: the device XML built from options exactly
// as virsh builds it (--print-xml shows it), then attached.
import { statSync } from "node:fs";
import type { Args, OptSpec } from "../args.js";
import type { CommandDef, Output } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import type { Ctx } from "../context.js";
import { CliError, withContext } from "../errors.js";
import { addressXml, parseAddress } from "./device-address.js";
import { PERSISTENT_AFFECT, liveIfPersistent, persistentFlags } from "./devices.js";
import { parseRate } from "./netlink.js";
import { attachDeviceAs } from "./device-calls.js";
import { xmlEscape } from "./specs.js";

const str = (name: string, help: string): OptSpec => ({ name, type: "string", help });
const flag = (name: string, help: string): OptSpec => ({ name, type: "bool", help });

/** virBufferEscapeString: the attribute only when there is a value. */
const attr = (name: string, v: string | undefined): string => (v === undefined ? "" : ` ${name}='${xmlEscape(v)}'`);

/** Print the XML, or look the domain up and attach it ("Failed to attach <noun>" / "<Noun> attached successfully"). */
async function attachOrPrint(ctx: Ctx, a: Args, flags: number, xml: string, noun: "disk" | "interface"): Promise<Output> {
  if (a.bool("print-xml")) return out({ xml }, xml);
  const d = await dom(ctx, a);
  const f = await liveIfPersistent(ctx, a, d, flags);
  await withContext(`Failed to attach ${noun}`, attachDeviceAs(ctx, a, d, xml, f));
  const text = `${noun[0]?.toUpperCase()}${noun.slice(1)} attached successfully\n`;
  return out({ name: d.getName(), [noun]: xml, attached: true }, ctx.extra(text));
}

/** virValidateWWN: 16 hex digits, optionally after "0x". */
function checkWwn(wwn: string): void {
  if (!/^(0x)?[0-9a-fA-F]{16}$/.test(wwn)) throw new CliError(`internal error: Malformed wwn: ${wwn}`);
}

/** cmdAttachDiskFormatAddress: the address must suit the target's bus (vd*, sd*, hd*). */
function diskAddressXml(text: string, target: string, multifunction: boolean): string {
  const addr = parseAddress(text, multifunction);
  if (!addr) throw new CliError("Invalid address.");
  if (target.startsWith("vd") && addr.type !== "pci" && addr.type !== "ccw") throw new CliError("expecting a pci:0000.00.00.00 or ccw:00.0.0000 address.");
  if (target.startsWith("sd") && !["scsi", "usb", "sata"].includes(addr.type)) throw new CliError("expecting a scsi:00.00.00 or usb:00.00 or sata:00.00.00 address.");
  if (target.startsWith("hd") && addr.type !== "ide") throw new CliError("expecting an ide:00.00.00 address.");
  return addressXml(addr, "  ");
}

function isBlockDevice(path: string): boolean {
  try {
    return statSync(path).isBlockDevice();
  } catch {
    return false;
  }
}

const DISK_STRINGS = ["target", "driver", "subdriver", "type", "mode", "iothread", "cache", "io", "serial", "wwn", "address", "targetbus", "alias", "sourcetype", "source-protocol", "source-host-name", "source-host-transport", "source-host-socket"];

/** The <source> element of a disk of type `type`. */
function diskSourceXml(type: string, source: string, o: Record<string, string | undefined>): string {
  if (type !== "network") return `  <source${attr(type === "block" ? "dev" : "file", source)}/>\n`;
  const hostName = o["source-host-name"];
  const colon = hostName?.indexOf(":") ?? -1;
  const host =
    attr("transport", o["source-host-transport"]) +
    attr("socket", o["source-host-socket"]) +
    attr("name", colon < 0 ? hostName : hostName?.slice(0, colon)) +
    attr("port", colon < 0 ? undefined : hostName?.slice(colon + 1));
  const attrs = attr("protocol", o["source-protocol"]) + attr("name", source);
  return host ? `  <source${attrs}>\n    <host${host}/>\n  </source>\n` : `  <source${attrs}/>\n`;
}

export const attachDisk: CommandDef = {
  name: "attach-disk",
  group: "domain",
  help: "attach disk device",
  desc: "Attach new disk device.",
  options: [
    DOMAIN,
    { name: "source", type: "string", required: true, help: "source of disk device or name of network disk" },
    { name: "target", type: "string", required: true, help: "target of disk device" },
    str("targetbus", "target bus of disk device"),
    str("driver", "driver of disk device"),
    str("subdriver", "subdriver of disk device"),
    str("iothread", "IOThread to be used by supported device"),
    str("cache", "cache mode of disk device"),
    str("io", "io policy of disk device"),
    str("type", "target device type"),
    { ...str("mode", "mode of device reading and writing"), valueAliases: { shareable: "shareable" } },
    str("sourcetype", "type of source (block|file|network)"),
    str("serial", "serial of disk device"),
    str("wwn", "wwn of disk device"),
    str("alias", "custom alias name of disk device"),
    flag("rawio", "needs rawio capability"),
    str("address", "address of disk device"),
    flag("multifunction", "use multifunction pci under specified address"),
    flag("print-xml", "print XML document rather than attach the disk"),
    str("source-protocol", "protocol used by disk device source"),
    str("source-host-name", "host name for source of disk device"),
    str("source-host-transport", "host transport for source of disk device"),
    str("source-host-socket", "host socket for source of disk device"),
    ...PERSISTENT_AFFECT,
  ],
  async run(ctx, a) {
    const flags = persistentFlags(a);
    a.requires("source-host-name", "source-protocol");
    a.requires("source-host-transport", "source-protocol");
    a.requires("source-host-socket", "source-protocol");
    a.requires("source-host-socket", "source-host-transport");
    a.exclusive("source-host-name", "source-host-socket");
    const source = a.req("source"); // may be empty
    const o: Record<string, string | undefined> = {};
    for (const name of DISK_STRINGS) o[name] = a.nonEmpty(name);
    const target = o["target"] as string;
    let type = o["sourcetype"];
    if (type !== undefined && !["file", "block", "network"].includes(type)) throw new CliError(`Unknown source type: '${type}'`);
    const driver = o["driver"];
    if (type === undefined) {
      if (o["source-protocol"] !== undefined) type = "network";
      else type = driver !== "file" && driver !== "tap" && isBlockDevice(source) ? "block" : "file";
    }
    if ((type === "network") !== (o["source-protocol"] !== undefined)) throw new CliError("--source-protocol option requires --sourcetype network");
    const mode = o["mode"];
    if (mode !== undefined && mode !== "readonly" && mode !== "shareable") throw new CliError(`No support for ${mode} in command 'attach-disk'`);
    if (o["wwn"] !== undefined) checkWwn(o["wwn"]);

    const diskAttrs = ` type='${type}'${attr("device", o["type"])}${a.bool("rawio") ? " rawio='yes'" : ""}`;
    const driverAttrs = attr("name", driver) + attr("type", o["subdriver"]) + attr("iothread", o["iothread"]) + attr("cache", o["cache"]) + attr("io", o["io"]);
    let xml = `<disk${diskAttrs}>\n`;
    if (driverAttrs) xml += `  <driver${driverAttrs}/>\n`;
    xml += diskSourceXml(type, source, o);
    xml += `  <target dev='${target}'${o["targetbus"] === undefined ? "" : ` bus='${o["targetbus"]}'`}/>\n`;
    if (mode !== undefined) xml += `  <${mode}/>\n`;
    if (o["serial"] !== undefined) xml += `  <serial>${o["serial"]}</serial>\n`;
    if (o["alias"] !== undefined) xml += `  <alias name='${o["alias"]}'/>\n`;
    if (o["wwn"] !== undefined) xml += `  <wwn>${o["wwn"]}</wwn>\n`;
    if (o["address"] !== undefined) xml += diskAddressXml(o["address"], target, a.bool("multifunction"));
    xml += "</disk>\n";
    return attachOrPrint(ctx, a, flags, xml, "disk");
  },
};

/** virDomainNetType names (libvirt 9.0); attach-interface builds a source for five of them. */
const NET_TYPES = ["user", "ethernet", "vhostuser", "server", "client", "mcast", "network", "bridge", "internal", "direct", "hostdev", "udp", "vdpa", "null", "vds"];

/** The <source> of an interface of `type`, or a refusal for types attach-interface cannot build. */
function interfaceSourceXml(type: string, source: string, sourceMode: string | undefined): string {
  switch (type) {
    case "network":
    case "bridge":
      return `  <source ${type}='${source}'/>\n`;
    case "direct":
      return `  <source dev='${source}'/>\n`;
    case "hostdev": {
      const addr = parseAddress(`pci:${source}`, false);
      if (!addr) throw new CliError(`cannot parse pci address '${source}' for network interface`);
      return `  <source>\n${addressXml(addr, "    ")}  </source>\n`;
    }
    case "vhostuser":
      if (sourceMode === undefined) throw new CliError("source-mode is mandatory");
      return `  <source type='unix' path='${source}' mode='${sourceMode}'/>\n`;
    default:
      throw new CliError(`No support for ${type} in command 'attach-interface'`);
  }
}

/** <bandwidth> from --inbound/--outbound, checked as attach-interface checks them. */
function bandwidthXml(inbound: string | undefined, outbound: string | undefined): string {
  const inb = inbound === undefined ? undefined : parseRate(inbound);
  if (inb && !inb.average && !inb.floor) throw new CliError("either inbound average or floor is mandatory");
  const outb = outbound === undefined ? undefined : parseRate(outbound);
  if (outb && !outb.average) throw new CliError("outbound average is mandatory");
  if (outb?.floor) throw new CliError("outbound floor is unsupported yet");
  if (!inb && !outb) return "";
  const nonZero = (name: string, v: bigint): string => (v > 0n ? ` ${name}='${v}'` : "");
  let xml = "  <bandwidth>\n";
  if (inb) xml += `    <inbound${nonZero("average", inb.average)}${nonZero("peak", inb.peak)}${nonZero("burst", inb.burst)}${nonZero("floor", inb.floor)}/>\n`;
  if (outb) xml += `    <outbound average='${outb.average}'${nonZero("peak", outb.peak)}${nonZero("burst", outb.burst)}/>\n`;
  return `${xml}  </bandwidth>\n`;
}

export const attachInterface: CommandDef = {
  name: "attach-interface",
  group: "domain",
  help: "attach network interface",
  desc: "Attach new network interface.",
  options: [
    DOMAIN,
    { name: "type", type: "string", required: true, help: "network interface type" },
    { name: "source", type: "string", required: true, help: "source of network interface" },
    str("target", "target network name"),
    str("mac", "MAC address"),
    str("script", "script used to bridge network interface"),
    str("model", "model type"),
    str("alias", "custom alias name of interface device"),
    str("inbound", "control domain's incoming traffics"),
    str("outbound", "control domain's outgoing traffics"),
    ...PERSISTENT_AFFECT,
    flag("print-xml", "print XML document rather than attach the interface"),
    flag("managed", "libvirt will automatically detach/attach the device from/to host"),
    str("source-mode", "mode attribute of <source/> element"),
  ],
  async run(ctx, a) {
    const flags = persistentFlags(a);
    const o: Record<string, string | undefined> = {};
    for (const name of ["type", "source", "target", "mac", "script", "model", "alias", "inbound", "outbound", "source-mode"]) o[name] = a.nonEmpty(name);
    const type = o["type"] as string;
    if (!NET_TYPES.includes(type)) throw new CliError(`No support for ${type} in command 'attach-interface'`);
    const sourceMode = o["source-mode"];
    if (sourceMode !== undefined && sourceMode !== "server" && sourceMode !== "client") throw new CliError(`Invalid source mode: ${sourceMode}`);
    const bandwidth = bandwidthXml(o["inbound"], o["outbound"]);
    let xml = `<interface type='${type}'${a.bool("managed") ? " managed='yes'" : ""}>\n`;
    xml += interfaceSourceXml(type, o["source"] as string, sourceMode);
    const element = (name: string, attrName: string, v: string | undefined): string => (v === undefined ? "" : `  <${name} ${attrName}='${v}'/>\n`);
    xml += element("target", "dev", o["target"]) + element("mac", "address", o["mac"]) + element("script", "path", o["script"]);
    xml += element("model", "type", o["model"]) + element("alias", "name", o["alias"]);
    xml += `${bandwidth}</interface>\n`;
    return attachOrPrint(ctx, a, flags, xml, "interface");
  },
};
