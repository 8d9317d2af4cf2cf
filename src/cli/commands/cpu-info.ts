// vcpucount, cpu-stats, iothreadinfo, emulatorpin.
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out } from "../command.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import type { TypedParams, TypedParamValue } from "../../api/typed-params.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { CliError, withContext } from "../errors.js";
import { formatTable } from "../format/table.js";
import { formatCpuList, paramValue } from "../format/values.js";
import { parsePinList, pinText } from "../cpulist.js";
import { hostCpuCount } from "../node-extras.js";
import { domainXml, xmlInt } from "./devlists.js";
import { textAt, first } from "../xml.js";

/**
 * virshCPUCountCollect: the count `flags` select, null when `checkState` and
 * the domain cannot have it (live of an inactive one, config of a transient one).
 * Daemons that refuse the flags get virsh's older fallbacks.
 */
async function vcpuCount(ctx: Ctx, d: Domain, flags: number, checkState: boolean): Promise<number | null> {
  if (checkState && ((flags & C.AFFECT_LIVE && !(await d.isActive(ctx.call))) || (flags & C.AFFECT_CONFIG && !(await d.isPersistent(ctx.call))))) {
    return null;
  }
  try {
    return await d.getVcpus(flags, ctx.call);
  } catch (err) {
    if (!(err instanceof VirtError) || (err.code !== VirtError.ERR_NO_SUPPORT && err.code !== VirtError.ERR_INVALID_ARG)) throw err;
    if (flags & C.VCPU_GUEST) throw new CliError("Failed to retrieve vCPU count from the guest", { cause: err });
  }
  if (!(flags & (C.AFFECT_LIVE | C.AFFECT_CONFIG)) && (await d.isActive(ctx.call))) flags |= C.AFFECT_LIVE;
  if (flags & C.AFFECT_LIVE) return flags & C.VCPU_MAXIMUM ? d.getMaxVcpus(ctx.call) : (await d.getInfo(ctx.call)).nrVirtCpu;
  const root = await domainXml(ctx, d, C.XML_INACTIVE);
  const n = flags & C.VCPU_MAXIMUM ? xmlInt(textAt(root, "vcpu")) : xmlInt(first(root, "vcpu")?.attrs["current"]);
  if (n === null) throw new CliError(flags & C.VCPU_MAXIMUM ? "Failed to retrieve maximum vcpu count" : "Failed to retrieve current vcpu count");
  return n;
}

export const vcpucount: CommandDef = {
  name: "vcpucount",
  group: "domain",
  help: "domain vcpu counts",
  desc: "Returns the number of virtual CPUs used by the domain.",
  options: [
    DOMAIN,
    { name: "maximum", type: "bool", help: "get maximum count of vcpus" },
    { name: "active", type: "bool", help: "get number of currently active vcpus" },
    { name: "live", type: "bool", help: "get value from running domain" },
    { name: "config", type: "bool", help: "get value to be used on next boot" },
    { name: "current", type: "bool", help: "get value according to current domain state" },
    { name: "guest", type: "bool", help: "retrieve vcpu count from the guest instead of the hypervisor" },
  ],
  async run(ctx, a) {
    const [maximum, active, live, config, guest] = ["maximum", "active", "live", "config", "guest"].map((o) => a.bool(o));
    const all = !maximum && !active && !live && !config && !guest && !a.bool("current");
    // Before 0.9.4 --current meant "not --maximum": alone it is ignored.
    const current = a.bool("current") && (maximum || active);
    const clash = (x: string, xv: boolean, y: string, yv: boolean): void => {
      if (xv && yv) throw new CliError(`Options --${x} and --${y} are mutually exclusive`);
    };
    clash("live", live, "config", config);
    clash("current", current, "live", live);
    clash("current", current, "config", config);
    clash("active", active, "maximum", maximum);
    clash("guest", guest, "config", config);
    let flags = 0;
    if (live) flags |= C.AFFECT_LIVE;
    if (config) flags |= C.AFFECT_CONFIG;
    if (maximum) flags |= C.VCPU_MAXIMUM;
    if (guest) flags |= C.VCPU_GUEST;
    const d = await dom(ctx, a);
    if (!all) {
      const count = (await vcpuCount(ctx, d, flags, false)) as number;
      return out({ count }, `${count}\n`);
    }
    const confMax = await vcpuCount(ctx, d, C.AFFECT_CONFIG | C.VCPU_MAXIMUM, true);
    const confCur = await vcpuCount(ctx, d, C.AFFECT_CONFIG, true);
    const liveMax = await vcpuCount(ctx, d, C.AFFECT_LIVE | C.VCPU_MAXIMUM, true);
    const liveCur = await vcpuCount(ctx, d, C.AFFECT_LIVE, true);
    let t = "";
    const line = (n: number | null, which: string, state: string): void => {
      if (n !== null && n > 0) t += `${which.padEnd(12)} ${state.padEnd(12)} ${String(n).padStart(3)}\n`;
    };
    line(confMax, "maximum", "config");
    line(liveMax, "maximum", "live");
    line(confCur, "current", "config");
    line(liveCur, "current", "live");
    return out({ maximum: { config: confMax, live: liveMax }, current: { config: confCur, live: liveCur } }, t);
  },
};

const NS_FIELDS = new Set(["cpu_time", "vcpu_time", "user_time", "system_time"]);

/** vshCPUStatsPrintField: nanosecond counters as seconds, the rest as typed values. */
function statLine(field: string, v: TypedParamValue): string {
  const value = NS_FIELDS.has(field) && typeof v === "bigint" ? `${String(v / 1000000000n).padStart(9)}.${String(v % 1000000000n).padStart(9, "0")} seconds` : paramValue(v);
  return `\t${field.padEnd(12)} ${value}\n`;
}

const CPUS_PER_CALL = 128; // REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX

/** Per-CPU stats from CPU 0 through `upTo` (to the last CPU when undefined), as many CPUs a call as the protocol allows. */
async function cpuStatsFromZero(ctx: Ctx, d: Domain, upTo: number | undefined): Promise<TypedParams[]> {
  const stats: TypedParams[] = [];
  while (upTo === undefined || stats.length < upTo) {
    let chunk: TypedParams[];
    try {
      chunk = await d.getCpuStats(stats.length, CPUS_PER_CALL, 0, ctx.call);
    } catch (err) {
      // With a multiple of 128 host CPUs, the call after the last full one is refused.
      if (stats.length && err instanceof VirtError && err.code === VirtError.ERR_INVALID_ARG) break;
      throw err;
    }
    stats.push(...chunk);
    if (chunk.length < CPUS_PER_CALL) break;
  }
  return stats;
}

export const cpuStats: CommandDef = {
  name: "cpu-stats",
  group: "domain",
  help: "show domain cpu statistics",
  desc: "Display per-CPU and total statistics about the domain's CPUs",
  options: [
    DOMAIN,
    { name: "total", type: "bool", help: "Show total statistics only" },
    { name: "start", type: "int", help: "Show statistics from this CPU" },
    { name: "count", type: "int", help: "Number of shown CPUs at most" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const failed = `Failed to retrieve CPU statistics for domain '${d.getName()}'`;
    const start = a.int("start");
    if (start !== undefined && start < 0) throw new CliError("Invalid value for start CPU");
    const count = a.int("count");
    if (count !== undefined && count < 0) throw new CliError("Invalid value for number of CPUs to show");
    const perCpu = start !== undefined || count !== undefined || !a.bool("total");
    const total = a.bool("total") || (start === undefined && count === undefined);
    let t = "";
    const json: { cpus?: (TypedParams & { cpu: number })[]; total?: TypedParams | null } = {};
    if (perCpu) {
      const first = start ?? 0;
      // From CPU 0, at least past --start: the CPUs seen bound it, as virsh's count query does.
      const all = await withContext(failed, cpuStatsFromZero(ctx, d, count === undefined ? undefined : first + Math.max(count, 1)));
      if (all.length && first >= all.length) throw new CliError(`Start CPU ${first} is out of range (min: 0, max: ${all.length - 1})`);
      const shown = all.slice(first, count === undefined ? undefined : first + count);
      // No per-CPU stats: virsh says so without a newline, then shows the total or fails.
      if (!all.length) {
        t += "No per-CPU stats available";
        if (!total) return out(json, t, false);
      }
      json.cpus = shown.map((s, i) => ({ cpu: first + i, ...s }));
      shown.forEach((s, i) => {
        t += `CPU${first + i}:\n`;
        for (const [k, v] of Object.entries(s)) if (k === "cpu_time" || k === "vcpu_time") t += statLine(k, v);
      });
    }
    if (total) {
      const [sum] = await withContext(failed, d.getCpuStats(-1, 1, 0, ctx.call));
      json.total = sum ?? null;
      if (!sum) return out(json, `${t}No total stats available`);
      t += "Total:\n";
      for (const [k, v] of Object.entries(sum)) t += statLine(k, v);
    }
    return out(json, t);
  },
};

export const iothreadinfo: CommandDef = {
  name: "iothreadinfo",
  group: "domain",
  help: "view domain IOThreads",
  desc: "Returns basic information about the domain IOThreads.",
  options: [DOMAIN, ...AFFECT],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const threads = await withContext("Unable to get domain IOThreads information", d.getIothreadInfo(flags, ctx.call));
    if (!threads.length) return out([], ctx.extra("No IOThreads found for the domain"));
    const rows = threads.map((th) => ({ iothread: th.number, affinity: pinText(th.affinity, th.affinity.length * 8) }));
    return out(rows, formatTable(["IOThread ID", "CPU Affinity"], rows.map((r) => [String(r.iothread), r.affinity]), ctx.quiet));
  },
};

export const emulatorpin: CommandDef = {
  name: "emulatorpin",
  group: "domain",
  help: "control or query domain emulator affinity",
  desc: "Pin domain emulator threads to host physical CPUs.",
  options: [DOMAIN, { name: "cpulist", type: "string", help: "host cpu number(s) to set, or omit option to query" }, ...AFFECT],
  async run(ctx, a) {
    let flags = affectFlags(a);
    const given = a.bool("current") || a.bool("live") || a.bool("config");
    const d = await dom(ctx, a);
    const cpulist = a.str("cpulist");
    const maxcpu = await hostCpuCount(await ctx.conn(), ctx.call);
    if (cpulist === undefined) {
      const affinity = pinText(await d.getEmulatorPinInfo(flags, ctx.call), maxcpu);
      const head = ctx.extra("emulator: CPU Affinity\n----------------------------------\n       *: ");
      return out({ affinity }, `${head}${affinity}\n`);
    }
    const { cpus, map } = parsePinList(cpulist, maxcpu);
    // Setting with none of --config/--live/--current changes the running domain.
    if (!given) flags = C.AFFECT_LIVE;
    await d.pinEmulator(map, flags, ctx.call);
    return out({ name: d.getName(), cpulist: formatCpuList(cpus) }, "");
  },
};
