// iothreadpin, iothreadadd, iothreadset, iothreaddel.
import type { Args } from "../args.js";
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out } from "../command.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import { CliError } from "../errors.js";
import { formatCpuList } from "../format/values.js";
import { hostCpuCount } from "../node-extras.js";
import { parsePinList } from "../cpulist.js";

/** The <id> of iothreadadd/del/set: an int that must be positive. */
function iothreadId(a: Args): number {
  const id = a.int("id") as number;
  if (id <= 0) throw new CliError(`Invalid IOThread id value: '${id}'`);
  return id;
}

export const iothreadpin: CommandDef = {
  name: "iothreadpin",
  group: "domain",
  help: "control domain IOThread affinity",
  desc: "Pin domain IOThreads to host physical CPUs.",
  options: [
    DOMAIN,
    { name: "iothread", type: "int", required: true, help: "IOThread ID number" },
    { name: "cpulist", type: "string", required: true, help: "host cpu number(s) to set" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const iothread = a.uint("iothread") as number;
    const cpulist = a.req("cpulist");
    const { cpus, map } = parsePinList(cpulist, await hostCpuCount(await ctx.conn(), ctx.call));
    await d.pinIothread(iothread, map, flags, ctx.call);
    return out({ name: d.getName(), iothread, cpulist: formatCpuList(cpus) }, "");
  },
};

/** iothreadadd and iothreaddel: one call on a positive id, nothing printed. */
function addOrDel(verb: "add" | "del", help: string, idHelp: string, call: (d: Domain, id: number, flags: number, ctx: Ctx) => Promise<void>): CommandDef {
  return {
    name: `iothread${verb}`,
    group: "domain",
    help: `${help} the guest domain`,
    desc: `${help[0]?.toUpperCase()}${help.slice(1)} the guest domain.`,
    options: [DOMAIN, { name: "id", type: "int", required: true, help: idHelp }, ...AFFECT],
    async run(ctx, a) {
      const flags = affectFlags(a);
      const d = await dom(ctx, a);
      const id = iothreadId(a);
      await call(d, id, flags, ctx);
      return out({ name: d.getName(), iothread: id, [verb === "add" ? "added" : "deleted"]: true }, "");
    },
  };
}

export const iothreadadd = addOrDel("add", "add an IOThread to", "iothread for the new IOThread", (d, id, flags, ctx) =>
  d.addIothread(id, flags, ctx.call),
);

export const iothreaddel = addOrDel("del", "delete an IOThread from", "iothread_id for the IOThread to delete", (d, id, flags, ctx) =>
  d.delIothread(id, flags, ctx.call),
);

export const iothreadset: CommandDef = {
  name: "iothreadset",
  group: "domain",
  help: "modifies an existing IOThread of the guest domain",
  desc: "Modifies an existing IOThread of the guest domain.",
  options: [
    DOMAIN,
    { name: "id", type: "int", required: true, help: "iothread id of existing IOThread" },
    { name: "poll-max-ns", type: "int", help: "set the maximum IOThread polling time in ns" },
    { name: "poll-grow", type: "int", help: "set the value to increase the IOThread polling time" },
    { name: "poll-shrink", type: "int", help: "set the value for reduction of the IOThread polling time" },
    { name: "thread-pool-min", type: "int", help: "lower boundary for worker thread pool" },
    { name: "thread-pool-max", type: "int", help: "upper boundary for worker thread pool" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const id = iothreadId(a);
    // virsh's order and C types: poll_max_ns ullong, poll_grow/shrink uint, pool bounds int.
    const params: Record<string, number | bigint> = {};
    const add = (field: string, v: number | bigint | undefined): void => {
      if (v !== undefined) params[field] = v;
    };
    add("poll_max_ns", a.ull("poll-max-ns"));
    add("poll_grow", a.uint("poll-grow"));
    add("poll_shrink", a.uint("poll-shrink"));
    add("thread_pool_min", a.int("thread-pool-min"));
    add("thread_pool_max", a.int("thread-pool-max"));
    if (Object.keys(params).length === 0) throw new CliError("Not enough arguments passed, nothing to set");
    await d.setIothread(id, params, flags, ctx.call);
    return out({ name: d.getName(), iothread: id, set: params }, "");
  },
};
