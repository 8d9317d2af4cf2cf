// set-lifecycle-action, domrename, inject-nmi, send-process-signal, setvcpu:
// single calls whose only output is a confirmation (or nothing).
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, domainOpt, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";

const LIFECYCLE_TYPES = ["poweroff", "reboot", "crash"];
const LIFECYCLE_ACTIONS = ["destroy", "restart", "rename-restart", "preserve", "coredump-destroy", "coredump-restart"];

export const setLifecycleAction: CommandDef = {
  name: "set-lifecycle-action",
  group: "domain",
  help: "change lifecycle actions",
  desc: "Change lifecycle actions for the guest domain.",
  options: [
    DOMAIN,
    { name: "type", type: "string", required: true, help: "lifecycle type to modify" },
    { name: "action", type: "string", required: true, help: "lifecycle action to set" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const typeText = a.req("type");
    const actionText = a.req("action");
    const type = LIFECYCLE_TYPES.indexOf(typeText);
    if (type < 0) throw new CliError(`Invalid lifecycle type '${typeText}'.`);
    const action = LIFECYCLE_ACTIONS.indexOf(actionText);
    if (action < 0) throw new CliError(`Invalid lifecycle action '${actionText}'.`);
    const d = await dom(ctx, a);
    await d.setLifecycleAction(type, action, flags, ctx.call);
    return out({ name: d.getName(), type: typeText, action: actionText }, "");
  },
};

export const domrename: CommandDef = {
  name: "domrename",
  group: "domain",
  help: "rename a domain",
  desc: "Rename an inactive domain.",
  options: [domainOpt("domain name or uuid"), { name: "new-name", type: "string", required: true, help: "new domain name" }],
  async run(ctx, a) {
    // By name or UUID only, as virsh looks it up.
    const d = await ctx.domain(a.req("domain"), { uuid: true, name: true });
    const newName = a.req("new-name");
    const oldName = d.getName();
    await d.rename(newName, 0, ctx.call);
    return out({ name: oldName, newName }, ctx.extra("Domain successfully renamed\n"));
  },
};

export const injectNmi: CommandDef = {
  name: "inject-nmi",
  group: "domain",
  help: "Inject NMI to the guest",
  desc: "Inject NMI to the guest domain.",
  options: [DOMAIN],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    await d.injectNmi(0, ctx.call);
    return out({ name: d.getName(), injected: true }, "");
  },
};

/** virDomainProcessSignal names ("kill", "rt5") by number, from the PROCESS_SIGNAL_* constants. */
const SIGNALS = new Map(
  Object.entries(C)
    .filter(([k]) => k.startsWith("PROCESS_SIGNAL_"))
    .map(([k, v]) => [k.slice("PROCESS_SIGNAL_".length).toLowerCase(), v as number]),
);

/** A signal number as given, or a name with or without "sig", in any case; -1 if neither. */
function signalNumber(text: string): number {
  if (/^\s*[+-]?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) && n <= 0x7fffffff && n >= -0x80000000 ? n : -1;
  }
  const lower = text.toLowerCase();
  return SIGNALS.get(lower.startsWith("sig") ? lower.slice(3) : lower) ?? -1;
}

const INT64_MAX = 0x7fffffffffffffffn;

export const sendProcessSignal: CommandDef = {
  name: "send-process-signal",
  group: "domain",
  help: "Send signals to processes",
  desc: "Send signals to processes in the guest",
  options: [
    DOMAIN,
    { name: "pid", type: "string", required: true, help: "the process ID" },
    { name: "signame", type: "string", required: true, help: "the signal number or name" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const pidText = a.req("pid");
    if (!/^[+-]?\d+$/.test(pidText) || BigInt(pidText) > INT64_MAX || BigInt(pidText) < -INT64_MAX - 1n) {
      throw new CliError(`Numeric value '${pidText}' for <pid> option is malformed or out of range`);
    }
    const pid = BigInt(pidText);
    const signame = a.req("signame");
    const signum = signalNumber(signame);
    if (signum < 0) throw new CliError(`malformed signal name: ${signame}`);
    await d.sendProcessSignal(pid, signum, 0, ctx.call);
    return out({ name: d.getName(), pid, signal: signum }, "");
  },
};

export const setvcpu: CommandDef = {
  name: "setvcpu",
  group: "domain",
  help: "attach/detach vcpu or groups of threads",
  desc: "Add or remove vcpus",
  options: [
    DOMAIN,
    { name: "vcpulist", type: "string", required: true, help: "ids of vcpus to manipulate" },
    { name: "enable", type: "bool", help: "enable cpus specified by cpumap" },
    { name: "disable", type: "bool", help: "disable cpus specified by cpumap" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    a.exclusive("enable", "disable");
    const flags = affectFlags(a);
    const enable = a.bool("enable");
    if (!enable && !a.bool("disable")) throw new CliError("one of --enable, --disable is required");
    const vcpulist = a.req("vcpulist");
    const d = await dom(ctx, a);
    await d.setVcpu(vcpulist, enable ? 1 : 0, flags, ctx.call);
    return out({ name: d.getName(), vcpulist, enabled: enable }, "");
  },
};
