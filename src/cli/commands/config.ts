// autostart, setmem, setmaxmem, setvcpus, vcpuinfo, vcpupin.
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { CliError, withContext } from "../errors.js";
import { ULLONG_MAX } from "../limits.js";
import { formatTable } from "../format/table.js";
import { vcpuStateName } from "../format/enums.js";
import { bitsSet, cpuSeconds, formatCpuList, labelled } from "../format/values.js";
import { parsePinList } from "../cpulist.js";
import { hostCpuCount } from "../node-extras.js";
import { scaledOption, toKiB } from "../scaled.js";

export const autostart: CommandDef = {
  name: "autostart",
  group: "domain",
  help: "autostart a domain",
  desc: "Configure a domain to be automatically started at boot.",
  options: [DOMAIN, { name: "disable", type: "bool", help: "disable autostarting" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = a.req("domain");
    const enable = !a.bool("disable");
    await withContext(
      enable ? `Failed to mark domain '${name}' as autostarted` : `Failed to unmark domain '${name}' as autostarted`,
      d.setAutostart(enable, ctx.call),
    );
    return out(
      { name: d.getName(), autostart: enable },
      ctx.extra(enable ? `Domain '${name}' marked as autostarted\n` : `Domain '${name}' unmarked as autostarted\n`),
    );
  },
};

const SIZE = (help: string) => ({ name: "size", type: "int", required: true, help, aliases: ["kilobytes"] }) as const;

export const setmem: CommandDef = {
  name: "setmem",
  group: "domain",
  help: "change memory allocation",
  desc: "Change the current memory allocation in the guest domain.",
  options: [DOMAIN, SIZE("new memory size, as scaled integer (default KiB)"), ...AFFECT],
  async run(ctx, a) {
    // Without --config/--live/--current virsh changes the live domain.
    let flags = affectFlags(a);
    if (!a.bool("config") && !a.bool("live") && !a.bool("current")) flags = C.AFFECT_LIVE;
    const d = await dom(ctx, a);
    const kib = toKiB(scaledOption("size", a.req("size"), 1024n, ULLONG_MAX));
    await d.setMemory(kib, flags, ctx.call);
    return out({ name: d.getName(), memoryKiB: kib }, "");
  },
};

export const setmaxmem: CommandDef = {
  name: "setmaxmem",
  group: "domain",
  help: "change maximum memory limit",
  desc: "Change the maximum memory allocation limit in the guest domain.",
  options: [DOMAIN, SIZE("new maximum memory size, as scaled integer (default KiB)"), ...AFFECT],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const kib = toKiB(scaledOption("size", a.req("size"), 1024n, ULLONG_MAX));
    await withContext("Unable to change MaxMemorySize", d.setMemory(kib, flags | C.MEM_MAXIMUM, ctx.call));
    return out({ name: d.getName(), maxMemoryKiB: kib }, "");
  },
};

export const setvcpus: CommandDef = {
  name: "setvcpus",
  group: "domain",
  help: "change number of virtual CPUs",
  desc: "Change the number of virtual CPUs in the guest domain.",
  options: [
    DOMAIN,
    { name: "count", type: "int", required: true, help: "number of virtual CPUs" },
    { name: "maximum", type: "bool", help: "set maximum limit on next boot" },
    ...AFFECT,
    { name: "guest", type: "bool", help: "modify cpu state in the guest" },
    { name: "hotpluggable", type: "bool", help: "make added vcpus hot(un)pluggable" },
  ],
  async run(ctx, a) {
    let flags = affectFlags(a);
    a.exclusive("guest", "config");
    a.requires("maximum", "config");
    if (a.bool("guest")) flags |= C.VCPU_GUEST;
    if (a.bool("maximum")) flags |= C.VCPU_MAXIMUM;
    if (a.bool("hotpluggable")) flags |= C.VCPU_HOTPLUGGABLE;
    const d = await dom(ctx, a);
    const count = a.uint("count") as number;
    if (count === 0) throw new CliError("Can't set 0 processors for a VM");
    await d.setVcpus(count, flags, ctx.call);
    return out({ name: d.getName(), count }, "");
  },
};

export const vcpuinfo: CommandDef = {
  name: "vcpuinfo",
  group: "domain",
  help: "detailed domain vcpu information",
  desc: "Returns basic information about the domain virtual CPUs.",
  options: [DOMAIN, { name: "pretty", type: "bool", help: "return human readable output" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const conn = await ctx.conn();
    const maxcpu = await hostCpuCount(conn, ctx.call);
    const info = await d.getInfo(ctx.call);
    const pretty = a.bool("pretty");
    let vcpus;
    let inactive = false;
    try {
      vcpus = await d.getVcpuInfo(0, ctx.call);
      // getVcpuInfo falls back to pinning only; virsh shows N/A then.
      inactive = info.state === C.STATE_SHUTOFF;
    } catch (err) {
      if (!(err instanceof VirtError) || info.state !== C.STATE_SHUTOFF) throw err;
      vcpus = await d.getVcpuInfo(C.AFFECT_CONFIG, ctx.call);
      inactive = true;
    }
    const affinityText = (map: Buffer): string => {
      const bits = bitsSet(map, maxcpu);
      if (pretty) return `${formatCpuList(bits)} (out of ${maxcpu})`;
      let s = "";
      for (let i = 0; i < maxcpu; i++) s += bits.includes(i) ? "y" : "-";
      return s;
    };
    let t = "";
    vcpus.forEach((v, n) => {
      if (n > 0) t += "\n";
      t += labelled("VCPU:", v.number);
      if (inactive) {
        t += labelled("CPU:", "N/A");
        t += labelled("State:", "N/A");
        t += labelled("CPU time", "N/A");
      } else {
        t += labelled("CPU:", v.cpu);
        t += labelled("State:", vcpuStateName(v.state));
        if (v.cpuTime !== 0n) t += labelled("CPU time:", cpuSeconds(v.cpuTime));
      }
      t += labelled("CPU Affinity:", affinityText(v.affinity));
    });
    const json = vcpus.map((v) => ({
      vcpu: v.number,
      cpu: inactive ? null : v.cpu,
      state: inactive ? null : vcpuStateName(v.state),
      cpuTimeNs: inactive ? null : v.cpuTime,
      affinity: formatCpuList(bitsSet(v.affinity, maxcpu)),
    }));
    return out(json, t);
  },
};

export const vcpupin: CommandDef = {
  name: "vcpupin",
  group: "domain",
  help: "control or query domain vcpu affinity",
  desc: "Pin domain VCPUs to host physical CPUs.",
  options: [
    DOMAIN,
    { name: "vcpu", type: "int", help: "vcpu number" },
    { name: "cpulist", type: "string", help: "host cpu number(s) to set, or omit option to query" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const cpulist = a.str("cpulist");
    if (cpulist === undefined) a.exclusive("live", "config");
    const vcpu = a.uint("vcpu");
    if (cpulist !== undefined && vcpu === undefined) throw new CliError("vcpupin: Missing vCPU number in pin mode.");
    const conn = await ctx.conn();
    const maxcpu = await hostCpuCount(conn, ctx.call);
    const d = await dom(ctx, a);
    if (cpulist === undefined) {
      const active = await d.isActive(ctx.call);
      const live = (flags & C.AFFECT_LIVE) !== 0 || ((flags & C.AFFECT_CONFIG) === 0 && active);
      if (flags & C.AFFECT_LIVE && !active) throw new CliError("cannot get vcpupin for offline domain");
      if (flags & C.AFFECT_CONFIG && !(await d.isPersistent(ctx.call))) throw new CliError("cannot get vcpupin for transient domain");
      const count = await d.getVcpus(flags | C.VCPU_MAXIMUM, ctx.call);
      if (vcpu !== undefined && vcpu >= count) {
        throw new CliError(`vcpu ${vcpu} is out of range of ${live ? "live" : "persistent"} cpu count ${count}`);
      }
      const pins = await d.getVcpuInfo(flags, ctx.call);
      const rows = pins
        .filter((p) => vcpu === undefined || p.number === vcpu)
        .map((p) => ({ vcpu: p.number, affinity: formatCpuList(bitsSet(p.affinity, maxcpu)) }));
      return out(rows, formatTable(["VCPU", "CPU Affinity"], rows.map((r) => [String(r.vcpu), r.affinity]), ctx.quiet));
    }
    const { cpus, map } = parsePinList(cpulist, maxcpu);
    await d.pinVcpu(vcpu as number, map, flags, ctx.call);
    return out({ name: d.getName(), vcpu, cpulist: formatCpuList(cpus) }, "");
  },
};
