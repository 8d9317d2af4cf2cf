// domblkstat, domifstat, dommemstat, domstats, domblkinfo, domifaddr.
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out } from "../command.js";
import type { Domain } from "../../api/domain/handle.js";
import type { BlockInfo } from "../../api/domain/stats.js";
import type { TypedParamValue } from "../../api/typed-params.js";
import { Connect as Cn, Domain as C } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { CliError, withContext } from "../errors.js";
import { formatTable } from "../format/table.js";
import { labelled, paramValue, prettyBytes } from "../format/values.js";
import { parseXml, select, first } from "../xml.js";

// virsh's order and spellings; the API names flush_operations "flush_reqs" (Sys::Virt's legacy key).
const BLKSTAT: readonly [string, string, string][] = [
  ["rd_req", "rd_req", "number of read operations:"],
  ["rd_bytes", "rd_bytes", "number of bytes read:"],
  ["wr_req", "wr_req", "number of write operations:"],
  ["wr_bytes", "wr_bytes", "number of bytes written:"],
  ["errs", "errs", "error count:"],
  ["flush_reqs", "flush_operations", "number of flush operations:"],
  ["rd_total_times", "rd_total_times", "total duration of reads (ns):"],
  ["wr_total_times", "wr_total_times", "total duration of writes (ns):"],
  ["flush_total_times", "flush_total_times", "total duration of flushes (ns):"],
];

const unavailable = (v: TypedParamValue | undefined): boolean => v === undefined || (typeof v === "bigint" && v < 0n);

export const domblkstat: CommandDef = {
  name: "domblkstat",
  group: "monitor",
  help: "get device block stats for a domain",
  desc: "Get device block stats for a running domain. See man page or use --human for explanation of fields",
  options: [
    DOMAIN,
    { name: "device", type: "string", help: "block device" },
    { name: "human", type: "bool", help: "print a more human readable output" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = a.req("domain");
    const device = a.str("device") ?? "";
    const human = a.bool("human");
    const stats = await withContext(`Failed to get block stats ${name} ${device}`, d.blockStats(device, 0, ctx.call));
    let t = human ? `Device: ${device}\n` : "";
    const prefix = human ? "" : device;
    const json: Record<string, TypedParamValue> = {};
    const seen = new Set<string>();
    for (const [key, shown, label] of BLKSTAT) {
      const v = stats[key];
      seen.add(key);
      if (unavailable(v)) continue;
      json[shown] = v as TypedParamValue;
      t += human ? `${prefix} ${label.padEnd(31)} ${paramValue(v as TypedParamValue)}\n` : `${prefix} ${shown} ${paramValue(v as TypedParamValue)}\n`;
    }
    for (const [key, v] of Object.entries(stats)) {
      if (seen.has(key) || v === undefined) continue;
      json[key] = v;
      t += `${prefix} ${key} ${paramValue(v)}\n`;
    }
    return out({ device, stats: json }, t);
  },
};

export const domifstat: CommandDef = {
  name: "domifstat",
  group: "monitor",
  help: "get network interface stats for a domain",
  desc: "Get network interface stats for a running domain.",
  options: [DOMAIN, { name: "interface", type: "string", required: true, help: "interface device specified by name or MAC Address" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = a.req("domain");
    const iface = a.req("interface");
    const s = await withContext(`Failed to get interface stats ${name} ${iface}`, d.interfaceStats(iface, ctx.call));
    let t = "";
    const json: Record<string, bigint> = {};
    for (const [k, v] of Object.entries(s) as [string, bigint][]) {
      if (v < 0n) continue;
      json[k] = v;
      t += `${iface} ${k} ${v}\n`;
    }
    return out({ interface: iface, stats: json }, t);
  },
};

export const dommemstat: CommandDef = {
  name: "dommemstat",
  group: "monitor",
  help: "get memory statistics for a domain",
  desc: "Get memory statistics for a running domain.",
  options: [DOMAIN, { name: "period", type: "int", help: "period in seconds to set collection" }, ...AFFECT],
  async run(ctx, a) {
    let flags = affectFlags(a);
    const d = await dom(ctx, a);
    const name = a.req("domain");
    if (!a.bool("current") && !a.bool("live") && !a.bool("config") && (await d.isActive(ctx.call))) flags |= C.AFFECT_LIVE;
    const period = a.int("period");
    if (period !== undefined) {
      if (period < 0) throw new CliError(`Invalid collection period value '${period}'`);
      await withContext("Unable to change balloon collection period.", d.setMemoryStatsPeriod(period, flags, ctx.call));
      return out({ name: d.getName(), period }, "");
    }
    const stats = await withContext(`Failed to get memory statistics for domain ${name}`, d.memoryStats(0, ctx.call));
    let t = "";
    const json: Record<string, bigint> = {};
    for (const [k, v] of Object.entries(stats) as [string, bigint][]) {
      const shown = k === "actual_balloon" ? "actual" : k;
      json[shown] = v;
      t += `${shown} ${v}\n`;
    }
    return out(json, t);
  },
};

const STAT_GROUPS: readonly [string, number][] = [
  ["state", C.STATS_STATE],
  ["cpu-total", C.STATS_CPU_TOTAL],
  ["balloon", C.STATS_BALLOON],
  ["vcpu", C.STATS_VCPU],
  ["interface", C.STATS_INTERFACE],
  ["block", C.STATS_BLOCK],
  ["perf", C.STATS_PERF],
  ["iothread", C.STATS_IOTHREAD],
  ["memory", C.STATS_MEMORY],
  ["dirtyrate", C.STATS_DIRTYRATE],
  ["vm", C.STATS_VM],
];

const STAT_FILTERS: readonly [string, number][] = [
  ["list-active", C.GET_ALL_STATS_ACTIVE],
  ["list-inactive", C.GET_ALL_STATS_INACTIVE],
  ["list-persistent", C.GET_ALL_STATS_PERSISTENT],
  ["list-transient", C.GET_ALL_STATS_TRANSIENT],
  ["list-running", C.GET_ALL_STATS_RUNNING],
  ["list-paused", C.GET_ALL_STATS_PAUSED],
  ["list-shutoff", C.GET_ALL_STATS_SHUTOFF],
  ["list-other", C.GET_ALL_STATS_OTHER],
  ["enforce", C.GET_ALL_STATS_ENFORCE_STATS],
  ["backing", C.GET_ALL_STATS_BACKING],
  ["nowait", C.GET_ALL_STATS_NOWAIT],
];

export const domstats: CommandDef = {
  name: "domstats",
  group: "monitor",
  help: "get statistics about one or multiple domains",
  desc: "Gets statistics about one or more (or all) domains",
  options: [
    { name: "state", type: "bool", help: "report domain state" },
    { name: "cpu-total", type: "bool", help: "report domain physical cpu usage" },
    { name: "balloon", type: "bool", help: "report domain balloon statistics" },
    { name: "vcpu", type: "bool", help: "report domain virtual cpu information" },
    { name: "interface", type: "bool", help: "report domain network interface information" },
    { name: "block", type: "bool", help: "report domain block device statistics" },
    { name: "perf", type: "bool", help: "report domain perf event statistics" },
    { name: "iothread", type: "bool", help: "report domain IOThread information" },
    { name: "memory", type: "bool", help: "report domain memory usage" },
    { name: "dirtyrate", type: "bool", help: "report domain dirty rate information" },
    { name: "vm", type: "bool", help: "report hypervisor-specific statistics" },
    { name: "list-active", type: "bool", help: "list only active domains" },
    { name: "list-inactive", type: "bool", help: "list only inactive domains" },
    { name: "list-persistent", type: "bool", help: "list only persistent domains" },
    { name: "list-transient", type: "bool", help: "list only transient domains" },
    { name: "list-running", type: "bool", help: "list only running domains" },
    { name: "list-paused", type: "bool", help: "list only paused domains" },
    { name: "list-shutoff", type: "bool", help: "list only shutoff domains" },
    { name: "list-other", type: "bool", help: "list only domains in other states" },
    { name: "raw", type: "bool", help: "do not pretty-print the fields" },
    { name: "enforce", type: "bool", help: "enforce requested stats parameters" },
    { name: "backing", type: "bool", help: "add backing chain information to block stats" },
    { name: "nowait", type: "bool", help: "report only stats that are accessible instantly" },
    { name: "domain", type: "argv", help: "list of domains to get stats for" },
  ],
  async run(ctx, a) {
    let stats = 0;
    for (const [opt, f] of STAT_GROUPS) if (a.bool(opt)) stats |= f;
    let flags = 0;
    for (const [opt, f] of STAT_FILTERS) if (a.bool(opt)) flags = (flags | f) >>> 0;
    const conn = await ctx.conn();
    const names = a.list("domain");
    let doms: Domain[] | null = null;
    if (names.length) {
      doms = [];
      for (const n of names) doms.push(await ctx.domain(n));
    }
    const records = await conn.getAllDomainStats(stats, doms, flags, ctx.call);
    const text = records
      .map((r) => {
        let s = `Domain: '${r.dom.getName()}'\n`;
        for (const [k, v] of Object.entries(r.data)) s += `  ${k}=${paramValue(v)}\n`;
        return s;
      })
      .join("\n");
    return out(
      records.map((r) => ({ name: r.dom.getName(), uuid: r.dom.getUuidString(), stats: r.data })),
      text,
    );
  },
};

function blockInfoCells(info: BlockInfo, human: boolean): [string, string, string] {
  if (info.capacity === 0n && info.allocation === 0n && info.physical === 0n) return ["-", "-", "-"];
  if (!human) return [String(info.capacity), String(info.allocation), String(info.physical)];
  return [prettyBytes(info.capacity), prettyBytes(info.allocation), prettyBytes(info.physical)];
}

export const domblkinfo: CommandDef = {
  name: "domblkinfo",
  group: "monitor",
  help: "domain block device size information",
  desc: "Get block device size info for a domain.",
  options: [
    DOMAIN,
    { name: "device", type: "string", help: "block device" },
    { name: "human", type: "bool", help: "Human readable output" },
    { name: "all", type: "bool", help: "display all block devices info" },
  ],
  async run(ctx, a) {
    a.exclusive("all", "device");
    const d = await dom(ctx, a);
    const human = a.bool("human");
    const device = a.str("device");
    if (!a.bool("all")) {
      if (!device) throw new CliError("command 'domblkinfo' requires <device> option");
      const info = await d.getBlockInfo(device, 0, ctx.call);
      const [cap, alloc, phy] = blockInfoCells(info, human);
      return out({ device, ...info }, labelled("Capacity:", cap) + labelled("Allocation:", alloc) + labelled("Physical:", phy));
    }
    const active = await d.isActive(ctx.call);
    const doc = parseXml(await d.getXmlDescription(0, ctx.call));
    const rows: string[][] = [];
    const json: Record<string, unknown>[] = [];
    for (const disk of doc ? select(doc, "devices/disk") : []) {
      const target = first(disk, "target")?.attrs["dev"] ?? "";
      const source = first(disk, "source");
      let info: BlockInfo = { capacity: 0n, allocation: 0n, physical: 0n };
      if (source) {
        try {
          info = await d.getBlockInfo(target, 0, ctx.call);
        } catch (err) {
          // Network disks of inactive domains cannot report sizes.
          const net = source.attrs["protocol"] !== undefined && !active;
          if (!(net && err instanceof VirtError && err.code === VirtError.ERR_INTERNAL_ERROR && err.domain === VirtError.FROM_STORAGE)) throw err;
        }
      }
      rows.push([target, ...blockInfoCells(info, human)]);
      json.push({ device: target, ...info });
    }
    return out(json, formatTable(["Target", "Capacity", "Allocation", "Physical"], rows, ctx.quiet));
  },
};

const ADDR_SOURCES = ["lease", "agent", "arp"];

export const domifaddr: CommandDef = {
  name: "domifaddr",
  group: "monitor",
  help: "Get network interfaces' addresses for a running domain",
  desc: "Get network interfaces' addresses for a running domain",
  options: [
    DOMAIN,
    { name: "interface", type: "string", help: "network interface name" },
    { name: "full", type: "bool", help: "always display names and MACs of interfaces" },
    { name: "source", type: "string", help: "address source: 'lease', 'agent', or 'arp'" },
  ],
  async run(ctx, a) {
    const wanted = a.str("interface");
    const full = a.bool("full");
    const sourceText = a.str("source");
    let source: number = C.INTERFACE_ADDRESSES_SRC_LEASE;
    if (sourceText !== undefined) {
      source = ADDR_SOURCES.indexOf(sourceText);
      if (source < 0) throw new CliError(`Unknown data source '${sourceText}'`);
    }
    const d = await dom(ctx, a);
    const ifaces = await withContext("Failed to query for interfaces addresses", d.getInterfaceAddresses(source, 0, ctx.call));
    let t = ctx.extra(
      ` ${"Name".padEnd(10)} ${"MAC address".padEnd(20)} ${"Protocol".padEnd(8)}     Address\n` +
        "-------------------------------------------------" +
        "------------------------------\n",
    );
    const shown = ifaces.filter((i) => wanted === undefined || i.name === wanted);
    for (const i of shown) {
      if (!i.addrs.length) {
        t += ` ${i.name.padEnd(10)} ${(i.hwaddr ?? "N/A").padEnd(17)}    ${"N/A".padEnd(12)} N/A\n`;
        continue;
      }
      i.addrs.forEach((ad, j) => {
        const type = ad.type === Cn.IP_ADDR_TYPE_IPV6 ? "ipv6" : "ipv4";
        const addr = `${type.padEnd(12)} ${ad.addr}/${ad.prefix}`;
        if (full || j === 0) t += ` ${i.name.padEnd(10)} ${(i.hwaddr ?? "").padEnd(17)}    ${addr}\n`;
        else t += ` ${"-".padEnd(10)} ${"-".padEnd(17)}    ${addr}\n`;
      });
    }
    return out(
      shown.map((i) => ({
        name: i.name,
        hwaddr: i.hwaddr ?? null,
        addrs: i.addrs.map((ad) => ({ type: ad.type === Cn.IP_ADDR_TYPE_IPV6 ? "ipv6" : "ipv4", addr: ad.addr, prefix: ad.prefix })),
      })),
      t,
    );
  },
};
