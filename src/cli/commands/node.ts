// The host's CPU map and NUMA free memory: nodecpumap, freecell.
import type { CommandDef } from "../command.js";
import { out } from "../command.js";
import { CliError, withContext } from "../errors.js";
import { attrOf, parseXml, select } from "../xml.js";
import { bitsSet } from "../format/values.js";
import { pinText } from "../cpulist.js";

export const nodecpumap: CommandDef = {
  name: "nodecpumap",
  group: "host",
  help: "node cpu map",
  desc: "Displays the node's total number of CPUs, the number of online CPUs and the list of online CPUs.",
  options: [{ name: "pretty", type: "bool", help: "return human readable output" }],
  async run(ctx, a) {
    const m = await withContext("Unable to get cpu map", (await ctx.conn()).getNodeCpuMap(0, ctx.call));
    const online = bitsSet(m.map, m.cpus);
    // virsh's --pretty list reads whole bytes of the map, the y/- map only the CPUs.
    const list = pinText(m.map, m.cpus);
    const map = Array.from({ length: m.cpus }, (_, i) => (online.includes(i) ? "y" : "-")).join("");
    const t = `${"CPUs present:".padEnd(15)} ${m.cpus}\n${"CPUs online:".padEnd(15)} ${m.online}\n${"CPU map:".padEnd(15)} ${a.bool("pretty") ? list : map}\n`;
    return out({ present: m.cpus, online: m.online, map: list }, t);
  },
};

const kib = (bytes: bigint): bigint => bytes / 1024n;

/** virsh's "%5s: %10llu KiB" lines of freecell --all. */
const cellLine = (label: string, bytes: bigint): string => `${label.padStart(5)}: ${String(kib(bytes)).padStart(10)} KiB\n`;

export const freecell: CommandDef = {
  name: "freecell",
  group: "host",
  help: "NUMA free memory",
  desc: "display available free memory for the NUMA cell.",
  options: [
    { name: "cellno", type: "int", help: "NUMA cell number" },
    { name: "all", type: "bool", help: "show free memory for all NUMA cells" },
  ],
  async run(ctx, a) {
    a.exclusive("all", "cellno");
    const conn = await ctx.conn();
    const cell = a.int("cellno");
    if (a.bool("all")) {
      // The cells are those the capabilities list, by their ids.
      const caps = parseXml(await withContext("unable to get capabilities", conn.getCapabilities(ctx.call)));
      const ids = caps ? select(caps, "host/topology/cells/cell").map((c) => Number(attrOf(c, "id") ?? "0")) : [];
      if (!ids.length) throw new CliError("could not get information about NUMA topology");
      const cells: { cell: number; freeBytes: bigint }[] = [];
      for (const id of ids) {
        const [free] = await withContext(`failed to get free memory for NUMA node number: ${id}`, conn.getNodeCellsFreeMemory(id, id, ctx.call));
        cells.push({ cell: id, freeBytes: free ?? 0n });
      }
      const total = cells.reduce((s, c) => s + c.freeBytes, 0n);
      const t = cells.map((c) => cellLine(String(c.cell), c.freeBytes)).join("") + ctx.extra("--------------------\n" + cellLine("Total", total));
      return out({ cells, totalBytes: total }, t);
    }
    if (cell !== undefined) {
      // libvirt's client refuses a negative cell before any call.
      if (cell < 0) throw new CliError("startCell in virNodeGetCellsFreeMemory must be zero or greater");
      const [free = 0n] = await conn.getNodeCellsFreeMemory(cell, cell, ctx.call);
      return out({ cell, freeBytes: free }, `${cell}: ${kib(free)} KiB\n`);
    }
    const free = await conn.getNodeFreeMemory(ctx.call);
    return out({ freeBytes: free }, `Total: ${kib(free)} KiB\n`);
  },
};
