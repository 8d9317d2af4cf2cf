// numatune, perf, domlaunchsecinfo, migrate-getspeed, migrate-getmaxdowntime, guestvcpus, guestinfo.
import type { CommandDef, Output } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import type { TypedParams } from "../../api/typed-params.js";
import { CliError, withContext } from "../errors.js";
import { cInteger, paramValue } from "../format/values.js";
import { paramLines, setOrShow } from "./tune.js";

const NUMA_MODES = ["strict", "preferred", "interleave", "restrictive"];

/** virStrToLong_i: an int in C's base-0 notation. */
function cInt(text: string): number | null {
  const v = cInteger(text);
  return v !== null && v >= -0x80000000 && v <= 0x7fffffff ? v : null;
}

export const numatune: CommandDef = {
  name: "numatune",
  group: "domain",
  help: "Get or set numa parameters",
  desc: "Get or set the current numa parameters for a guest domain.\n    To get the numa parameters use following command: \n\n    virsh # numatune <domain>",
  options: [
    DOMAIN,
    { name: "mode", type: "string", help: "NUMA mode, one of strict, preferred and interleave \nor a number from the virDomainNumatuneMemMode enum" },
    { name: "nodeset", type: "string", help: "NUMA node selections to set" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const set: Record<string, string | number> = {};
    const nodeset = a.nonEmpty("nodeset");
    if (nodeset !== undefined) set["numa_nodeset"] = nodeset;
    const mode = a.nonEmpty("mode");
    if (mode !== undefined) {
      // A number too, for modes newer than this client knows.
      const m = cInt(mode) ?? (NUMA_MODES.includes(mode) ? NUMA_MODES.indexOf(mode) : null);
      if (m === null) throw new CliError(`Invalid mode: ${mode}`);
      set["numa_mode"] = m;
    }
    const modeName = (v: unknown): string => (typeof v === "number" ? (NUMA_MODES[v] ?? "(null)") : "(null)");
    const show = (params: TypedParams): Output => {
      const json = { ...params, ...(typeof params["numa_mode"] === "number" ? { numa_mode: modeName(params["numa_mode"]) } : {}) };
      return out(json, paramLines(params, (k, v) => (k === "numa_mode" && typeof v === "number" ? modeName(v) : paramValue(v))));
    };
    return setOrShow(
      set,
      {
        target: { name: d.getName() },
        change: (p) => d.setNumaParameters(p, flags, ctx.call),
        changeFailed: "Unable to change numa parameters",
        query: () => d.getNumaParameters(flags, ctx.call),
        queryFailed: "Unable to get number of memory parameters",
      },
      show,
    );
  },
};

export const perf: CommandDef = {
  name: "perf",
  group: "domain",
  help: "Get or set perf event",
  desc: "Get or set the current perf events for a guest domain.\n    To get the perf events list use following command: \n\n    virsh # perf <domain>",
  options: [
    DOMAIN,
    { name: "enable", type: "string", help: "perf events which will be enabled" },
    { name: "disable", type: "string", help: "perf events which will be disabled" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    // Comma-separated names, empty ones skipped; virsh echoes what it sent.
    const changes: [string, boolean][] = [];
    for (const [opt, state] of [["enable", true], ["disable", false]] as const) {
      for (const name of (a.nonEmpty(opt) ?? "").split(",")) if (name) changes.push([name, state]);
    }
    const d = await dom(ctx, a);
    const status = (list: [string, boolean][]): string => ctx.extra(list.map(([k, on]) => `${k.padEnd(15)}: ${on ? "enabled" : "disabled"}\n`).join(""));
    if (changes.length) {
      await withContext("Unable to enable/disable perf events", d.setPerfEvents(Object.fromEntries(changes), flags, ctx.call));
      return out(Object.fromEntries(changes), status(changes));
    }
    const events = await withContext("Unable to get perf events", d.getPerfEvents(flags, ctx.call));
    const list = Object.entries(events).map(([k, v]): [string, boolean] => [k, v === true]);
    return out(Object.fromEntries(list), status(list));
  },
};

export const domlaunchsecinfo: CommandDef = {
  name: "domlaunchsecinfo",
  group: "domain",
  help: "Get domain launch security info",
  desc: "Get the launch security parameters for a guest domain",
  options: [DOMAIN],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const params = await withContext("Unable to get launch security parameters", d.getLaunchSecurityInfo(0, ctx.call));
    return out(params, paramLines(params));
  },
};

export const migrateGetmaxdowntime: CommandDef = {
  name: "migrate-getmaxdowntime",
  group: "domain",
  help: "get maximum tolerable downtime",
  desc: "Get maximum tolerable downtime of a domain which is being live-migrated to another host.",
  options: [DOMAIN],
  async run(ctx, a) {
    const downtime = await (await dom(ctx, a)).migrateGetMaxDowntime(0, ctx.call);
    return out({ downtimeMs: downtime }, `${downtime}\n`);
  },
};

export const migrateGetspeed: CommandDef = {
  name: "migrate-getspeed",
  group: "domain",
  help: "Get the maximum migration bandwidth",
  desc: "Get the maximum migration bandwidth (in MiB/s) for a domain.",
  options: [DOMAIN, { name: "postcopy", type: "bool", help: "get post-copy migration bandwidth" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const bandwidth = await d.migrateGetMaxSpeed(a.bool("postcopy") ? C.MIGRATE_MAX_SPEED_POSTCOPY : 0, ctx.call);
    return out({ bandwidthMiBs: bandwidth }, `${bandwidth}\n`);
  },
};

export const guestvcpus: CommandDef = {
  name: "guestvcpus",
  group: "domain",
  help: "query or modify state of vcpu in the guest (via agent)",
  desc: "Use the guest agent to query or set cpu state from guest's point of view",
  options: [
    DOMAIN,
    { name: "cpulist", type: "string", help: "list of cpus to enable or disable" },
    { name: "enable", type: "bool", help: "enable cpus specified by cpulist" },
    { name: "disable", type: "bool", help: "disable cpus specified by cpulist" },
  ],
  async run(ctx, a) {
    a.exclusive("enable", "disable");
    a.requires("enable", "cpulist");
    a.requires("disable", "cpulist");
    const cpulist = a.nonEmpty("cpulist");
    const enable = a.bool("enable");
    if (cpulist !== undefined && !enable && !a.bool("disable")) throw new CliError("One of options --enable or --disable is required by option --cpulist");
    const d = await dom(ctx, a);
    if (cpulist !== undefined) {
      await d.setGuestVcpus(cpulist, enable ? 1 : 0, 0, ctx.call);
      return out({ name: d.getName(), cpulist, enabled: enable }, "");
    }
    const params = await d.getGuestVcpus(0, ctx.call);
    return out(params, paramLines(params));
  },
};

const GUEST_INFO: readonly [string, number, string][] = [
  ["user", C.GUEST_INFO_USERS, "report active users"],
  ["os", C.GUEST_INFO_OS, "report operating system information"],
  ["timezone", C.GUEST_INFO_TIMEZONE, "report timezone information"],
  ["hostname", C.GUEST_INFO_HOSTNAME, "report hostname"],
  ["filesystem", C.GUEST_INFO_FILESYSTEM, "report filesystem information"],
  ["disk", C.GUEST_INFO_DISKS, "report disk information"],
  ["interface", C.GUEST_INFO_INTERFACES, "report interface information"],
];

export const guestinfo: CommandDef = {
  name: "guestinfo",
  group: "domain",
  help: "query information about the guest (via agent)",
  desc: "Use the guest agent to query various information from guest's point of view",
  options: [DOMAIN, ...GUEST_INFO.map(([name, , help]) => ({ name, type: "bool" as const, help }))],
  async run(ctx, a) {
    let types = 0;
    for (const [opt, bit] of GUEST_INFO) if (a.bool(opt)) types |= bit;
    const d = await dom(ctx, a);
    const params = await d.getGuestInfo(types, 0, ctx.call);
    return out(params, paramLines(params, undefined, 20));
  },
};
