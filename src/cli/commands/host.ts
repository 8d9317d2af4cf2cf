// virsh's "Host and Hypervisor" commands about the hypervisor: version, uri,
// hostname, nodeinfo, capabilities, domcapabilities, sysinfo, maxvcpus.
import type { CommandDef } from "../command.js";
import { out } from "../command.js";
import { withContext } from "../errors.js";
import { VirtError } from "../../rpc/errors.js";
import { attrOf, first, parseXml } from "../xml.js";
import { libvirtApiVersion } from "../../protocol/generated/constants.js";

/** libvirt's major * 1,000,000 + minor * 1,000 + release, as virsh prints it. */
function dotted(v: bigint): string {
  return `${v / 1000000n}.${(v % 1000000n) / 1000n}.${v % 1000n}`;
}

export const version: CommandDef = {
  name: "version",
  group: "host",
  help: "show version",
  desc: "Display the system version information.",
  options: [{ name: "daemon", type: "bool", help: "report daemon version too" }],
  async run(ctx, a) {
    const conn = await ctx.conn();
    const type = await withContext("failed to get hypervisor type", conn.getType(ctx.call));
    // virtwire speaks the protocol of the libvirt release its tables come from:
    // that release stands for both the library compiled against and the one used.
    let t = `Compiled against library: libvirt ${libvirtApiVersion}\n`;
    t += `Using library: libvirt ${libvirtApiVersion}\n`;
    t += `Using API: ${type} ${libvirtApiVersion}\n`;
    const hv = await withContext("failed to get the hypervisor version", conn.getVersion(ctx.call));
    t += hv === 0n ? `Cannot extract running ${type} hypervisor version\n` : `Running hypervisor: ${type} ${dotted(hv)}\n`;
    let daemon: string | null = null;
    if (a.bool("daemon")) {
      daemon = dotted(await withContext("failed to get the daemon version", conn.getLibraryVersion(ctx.call)));
      t += `Running against daemon: ${daemon}\n`;
    }
    return out({ library: libvirtApiVersion, api: libvirtApiVersion, type, hypervisor: hv === 0n ? null : dotted(hv), daemon }, t);
  },
};

export const uri: CommandDef = {
  name: "uri",
  group: "host",
  help: "print the hypervisor canonical URI",
  desc: "",
  options: [],
  async run(ctx) {
    // virConnectGetURI answers on the client: the URI opened, transport and all
    // (test+unix:///default), where the server would say test:///default.
    const u = (await ctx.conn()).parsedUri.original;
    return out({ uri: u }, `${u}\n`);
  },
};

export const hostname: CommandDef = {
  name: "hostname",
  group: "host",
  help: "print the hypervisor hostname",
  desc: "",
  options: [],
  async run(ctx) {
    const h = await withContext("failed to get hostname", (await ctx.conn()).getHostname(ctx.call));
    return out({ hostname: h }, `${h}\n`);
  },
};

/** virsh's "%-20s value" lines. */
const field = (label: string, value: string): string => `${label.padEnd(20)} ${value}\n`;

export const nodeinfo: CommandDef = {
  name: "nodeinfo",
  group: "host",
  help: "node information",
  desc: "Returns basic information about the node.",
  options: [],
  async run(ctx) {
    const i = await withContext("failed to get node information", (await ctx.conn()).getNodeInfo(ctx.call));
    let t = field("CPU model:", i.model) + field("CPU(s):", String(i.cpus));
    if (i.mhz) t += field("CPU frequency:", `${i.mhz} MHz`);
    t += field("CPU socket(s):", String(i.sockets));
    t += field("Core(s) per socket:", String(i.cores));
    t += field("Thread(s) per core:", String(i.threads));
    t += field("NUMA cell(s):", String(i.nodes));
    t += field("Memory size:", `${i.memory} KiB`);
    return out(
      { model: i.model, cpus: i.cpus, mhz: i.mhz, sockets: i.sockets, coresPerSocket: i.cores, threadsPerCore: i.threads, nodes: i.nodes, memoryKiB: i.memory },
      t,
    );
  },
};

export const capabilities: CommandDef = {
  name: "capabilities",
  group: "host",
  help: "capabilities",
  desc: "Returns capabilities of hypervisor/driver.",
  options: [],
  async run(ctx) {
    const xml = await withContext("failed to get capabilities", (await ctx.conn()).getCapabilities(ctx.call));
    return out({ xml }, `${xml}\n`);
  },
};

export const domcapabilities: CommandDef = {
  name: "domcapabilities",
  group: "host",
  help: "domain capabilities",
  desc: "Returns capabilities of emulator with respect to host and libvirt.",
  options: [
    { name: "virttype", type: "string", help: "virtualization type (/domain/@type)" },
    { name: "emulatorbin", type: "string", help: "path to emulator binary (/domain/devices/emulator)" },
    { name: "arch", type: "string", help: "domain architecture (/domain/os/type/@arch)" },
    { name: "machine", type: "string", help: "machine type (/domain/os/type/@machine)" },
  ],
  async run(ctx, a) {
    const [virttype = null, emulatorbin = null, arch = null, machine = null] = ["virttype", "emulatorbin", "arch", "machine"].map((o) => a.nonEmpty(o) ?? null);
    const conn = await ctx.conn();
    const xml = await withContext("failed to get emulator capabilities", conn.getDomainCapabilities(emulatorbin, arch, machine, virttype, 0, ctx.call));
    return out({ xml }, `${xml}\n`);
  },
};

export const sysinfo: CommandDef = {
  name: "sysinfo",
  group: "host",
  help: "print the hypervisor sysinfo",
  desc: "output an XML string for the hypervisor sysinfo, if available",
  options: [],
  async run(ctx) {
    const xml = await withContext("failed to get sysinfo", (await ctx.conn()).getSysinfo(0, ctx.call));
    return out({ xml }, xml);
  },
};

export const maxvcpus: CommandDef = {
  name: "maxvcpus",
  group: "host",
  help: "connection vcpu maximum",
  desc: "Show maximum number of virtual CPUs for guests on this connection.",
  options: [{ name: "type", type: "string", help: "domain type" }],
  async run(ctx, a) {
    const conn = await ctx.conn();
    const type = a.str("type") ?? null;
    // virsh takes <vcpu max> from the domain capabilities when the driver has
    // them (the test drivers do not), else the connection's maximum.
    let max: number | undefined;
    try {
      const caps = parseXml(await conn.getDomainCapabilities(null, null, null, type, 0, ctx.call));
      const v = caps ? Number(attrOf(first(caps, "vcpu"), "max")) : NaN;
      if (Number.isInteger(v)) max = v;
    } catch (err) {
      if (!(err instanceof VirtError)) throw err;
    }
    max ??= await conn.getMaxVcpus(type, ctx.call);
    return out({ maxVcpus: max }, `${max}\n`);
  },
};
