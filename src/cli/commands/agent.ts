// Commands the guest answers (mostly through its agent): power management
// (dompmsuspend, dompmwakeup), filesystems (domfsfreeze, domfsthaw, domfstrim)
// and the agent's own timeout (guest-agent-timeout).
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import { Connect as N, Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";

/** virsh's names for the VIR_NODE_SUSPEND_TARGET_* values. */
const SUSPEND_TARGETS: Readonly<Record<string, number>> = {
  mem: N.NODE_SUSPEND_TARGET_MEM,
  disk: N.NODE_SUSPEND_TARGET_DISK,
  hybrid: N.NODE_SUSPEND_TARGET_HYBRID,
};

export const dompmsuspend: CommandDef = {
  name: "dompmsuspend",
  group: "domain",
  help: "suspend a domain gracefully using power management functions",
  desc: "Suspends a running domain using guest OS's power management. (Note: This requires a guest agent configured and running in the guest OS).",
  options: [
    DOMAIN,
    { name: "target", type: "string", required: true, help: "mem(Suspend-to-RAM), disk(Suspend-to-Disk), hybrid(Hybrid-Suspend)" },
    { name: "duration", type: "int", named: true, help: "duration in seconds" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const duration = a.ull("duration") ?? 0n;
    const target = a.nonEmpty("target") ?? "";
    const t = Object.hasOwn(SUSPEND_TARGETS, target) ? SUSPEND_TARGETS[target] : undefined;
    if (t === undefined) throw new CliError("Invalid target");
    const name = d.getName();
    await withContext(`Domain '${name}' could not be suspended`, d.pmSuspendForDuration(t, duration, 0, ctx.call));
    return out({ name, target, duration }, ctx.extra(`Domain '${name}' successfully suspended`));
  },
};

export const dompmwakeup: CommandDef = {
  name: "dompmwakeup",
  group: "domain",
  help: "wakeup a domain from pmsuspended state",
  desc: "Wakeup a domain that was previously suspended by power management.",
  options: [DOMAIN],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = d.getName();
    await withContext(`Domain '${name}' could not be woken up`, d.pmWakeup(0, ctx.call));
    return out({ name }, ctx.extra(`Domain '${name}' successfully woken up`));
  },
};

/** domfsfreeze and domfsthaw: the same call shape, different words. */
function freezeOrThaw(verb: "freeze" | "thaw"): CommandDef {
  const freeze = verb === "freeze";
  const title = freeze ? "Freeze domain's mounted filesystems." : "Thaw domain's mounted filesystems.";
  return {
    name: `domfs${verb}`,
    group: "domain",
    help: title,
    options: [DOMAIN, { name: "mountpoint", type: "argv", help: `mountpoint path to be ${freeze ? "frozen" : "thawed"}` }],
    async run(ctx, a) {
      const d = await dom(ctx, a);
      const mountpoints = a.list("mountpoint");
      const call = freeze ? d.fsFreeze(mountpoints, 0, ctx.call) : d.fsThaw(mountpoints, 0, ctx.call);
      const n = await withContext(`Unable to ${verb} filesystems`, call);
      const text = `${freeze ? "Froze" : "Thawed"} ${n} filesystem(s)\n`;
      return out({ name: d.getName(), mountpoints, [freeze ? "frozen" : "thawed"]: n }, ctx.extra(text));
    },
  };
}

export const domfsfreeze = freezeOrThaw("freeze");
export const domfsthaw = freezeOrThaw("thaw");

export const domfstrim: CommandDef = {
  name: "domfstrim",
  group: "domain",
  help: "Invoke fstrim on domain's mounted filesystems.",
  options: [
    DOMAIN,
    { name: "minimum", type: "int", help: "Just a hint to ignore contiguous free ranges smaller than this (Bytes)" },
    { name: "mountpoint", type: "string", help: "which mount point to trim" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const minimum = a.ull("minimum") ?? 0n;
    const mountpoint = a.nonEmpty("mountpoint") ?? null;
    await withContext("Unable to invoke fstrim", d.fsTrim(mountpoint, minimum, 0, ctx.call));
    return out({ name: d.getName(), mountpoint, minimum }, "");
  },
};

export const guestAgentTimeout: CommandDef = {
  name: "guest-agent-timeout",
  group: "domain",
  help: "Set the guest agent timeout",
  desc: "Set the number of seconds to wait for a response from the guest agent.",
  options: [DOMAIN, { name: "timeout", type: "int", named: true, help: "timeout seconds." }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    // Without --timeout virsh asks for blocking (wait forever).
    const timeout = a.int("timeout") ?? C.AGENT_RESPONSE_TIMEOUT_BLOCK;
    await d.setAgentResponseTimeout(timeout, 0, ctx.call);
    return out({ name: d.getName(), timeout }, "");
  },
};
