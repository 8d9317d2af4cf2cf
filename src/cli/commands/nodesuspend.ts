// nodesuspend: suspend the host for a while.
import type { CommandDef } from "../command.js";
import { out } from "../command.js";
import { CliError, withContext } from "../errors.js";
import { Connect as C } from "../../protocol/generated/constants.js";

const TARGETS: Record<string, number> = { mem: C.NODE_SUSPEND_TARGET_MEM, disk: C.NODE_SUSPEND_TARGET_DISK, hybrid: C.NODE_SUSPEND_TARGET_HYBRID };

export const nodesuspend: CommandDef = {
  name: "nodesuspend",
  group: "host",
  help: "suspend the host node for a given time duration",
  desc: "Suspend the host node for a given time duration and attempt to resume thereafter.",
  options: [
    { name: "target", type: "string", required: true, help: "mem(Suspend-to-RAM), disk(Suspend-to-Disk), hybrid(Hybrid-Suspend)" },
    { name: "duration", type: "int", required: true, help: "Suspend duration in seconds, at least 60" },
  ],
  async run(ctx, a) {
    const name = a.req("target");
    const duration = a.ll("duration") as bigint;
    const target = Object.hasOwn(TARGETS, name) ? TARGETS[name] : undefined;
    if (target === undefined) throw new CliError("Invalid target");
    if (duration < 0n) throw new CliError("Invalid duration");
    await withContext("The host was not suspended", (await ctx.conn()).nodeSuspendForDuration(target, duration, 0, ctx.call));
    return out({ target: name, duration }, "");
  },
};
