// The host's CPU times and memory figures: nodecpustats, nodememstats.
import { setTimeout as sleep } from "node:timers/promises";
import type { CommandDef } from "../command.js";
import { out } from "../command.js";
import { Interrupted, withContext } from "../errors.js";
import { fixed } from "../format/values.js";

// virsh's rows, in its order, and the libvirt fields behind them ("usage:" only
// with --percent).
const ROWS: readonly (readonly [label: string, field: string])[] = [
  ["user:", "user"],
  ["system:", "kernel"],
  ["idle:", "idle"],
  ["iowait:", "iowait"],
];

/** "%5.1lf%%"; 0/0 is a negative NaN on x86, which glibc prints as "-nan". */
const percent = (v: number): string => `${(Number.isNaN(v) ? "-nan" : fixed(v, 1)).padStart(5)}%`;
const row = (label: string, value: string): string => `${label.padEnd(15)} ${value}\n`;

export const nodecpustats: CommandDef = {
  name: "nodecpustats",
  group: "host",
  help: "Prints cpu stats of the node.",
  desc: "Returns cpu stats of the node, in nanoseconds.",
  options: [
    { name: "cpu", type: "int", help: "prints specified cpu statistics only." },
    { name: "percent", type: "bool", help: "prints by percentage during 1 second." },
  ],
  async run(ctx, a) {
    const cpu = a.int("cpu") ?? -1;
    const conn = await ctx.conn();
    const stats = () => withContext("Unable to get number of cpu stats", conn.getNodeCpuStats(cpu, 0, ctx.call));
    const first = await stats();
    if (!Object.keys(first).length) return out({}, "");
    if (!a.bool("percent")) {
      const shown = ROWS.filter(([, f]) => first[f] !== undefined);
      return out(first, shown.map(([l, f]) => row(l, String(first[f]).padStart(20))).join(""));
    }
    const util = first["utilization"];
    if (util !== undefined) {
      const u = Number(util);
      return out({ usage: u, idle: 100 - u }, row("usage:", percent(u)) + row("idle:", percent(100 - u)));
    }
    // Without a utilization figure virsh samples twice, a second apart.
    try {
      await sleep(1000, undefined, { signal: ctx.signal });
    } catch {
      throw new Interrupted();
    }
    const second = await stats();
    const delta = ROWS.map(([, f]) => Number((second[f] ?? 0n) - (first[f] ?? 0n)));
    const total = delta.reduce((s, d) => s + d, 0);
    const shares = delta.map((d) => (d / total) * 100);
    const usage = (((delta[0] as number) + (delta[1] as number)) / total) * 100;
    const json = { usage, ...Object.fromEntries(ROWS.map(([l], i) => [l.slice(0, -1), shares[i]])) };
    return out(json, row("usage:", percent(usage)) + ROWS.map(([l], i) => row(l, percent(shares[i] as number))).join(""));
  },
};

export const nodememstats: CommandDef = {
  name: "nodememstats",
  group: "host",
  help: "Prints memory stats of the node.",
  desc: "Returns memory stats of the node, in kilobytes.",
  options: [{ name: "cell", type: "int", help: "prints specified cell statistics only." }],
  async run(ctx, a) {
    const conn = await ctx.conn();
    const stats = await withContext("Unable to get number of memory stats", conn.getNodeMemoryStats(a.int("cell") ?? -1, 0, ctx.call));
    const t = Object.entries(stats).map(([f, v]) => `${f.padEnd(7)}: ${String(v).padStart(20)} KiB\n`).join("");
    return out(stats, t);
  },
};
