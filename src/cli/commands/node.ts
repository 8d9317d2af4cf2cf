// The host's CPU map and NUMA free memory and pages: nodecpumap, freecell, freepages.
import type { CommandDef } from "../command.js";
import { out } from "../command.js";
import { CliError, withContext } from "../errors.js";
import { attrOf, parseXml, select } from "../xml.js";
import { bitsSet } from "../format/values.js";
import { pinText } from "../cpulist.js";
import { scaledOption, toKiB } from "../scaled.js";

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

export const freepages: CommandDef = {
  name: "freepages",
  group: "host",
  help: "NUMA free pages",
  desc: "display available free pages for the NUMA cell.",
  options: [
    { name: "cellno", type: "int", help: "NUMA cell number" },
    { name: "pagesize", type: "int", help: "page size (in kibibytes)" },
    { name: "all", type: "bool", help: "show free pages for all NUMA cells" },
  ],
  async run(ctx, a) {
    a.exclusive("all", "cellno");
    const text = a.str("pagesize");
    const kibibytes = text === undefined ? undefined : Number(toKiB(scaledOption("pagesize", text, 1024n, 0xffffffffn)));
    const conn = await ctx.conn();
    const line = (p: { size: number; free: bigint }): string => `${p.size}KiB: ${p.free}\n`;
    if (a.bool("all")) {
      const caps = parseXml(await withContext("unable to get node capabilities", conn.getCapabilities(ctx.call)));
      if (!caps) throw new CliError("unable to parse node capabilities");
      const sizes = kibibytes !== undefined ? [kibibytes] : select(caps, "host/cpu/pages").map((p) => Number(attrOf(p, "size")));
      if (!sizes.length) throw new CliError("could not get information about supported page sizes");
      // Cell by cell, printing each as it comes, as virsh does.
      const cells = [];
      for (const c of select(caps, "host/topology/cells/cell")) {
        const id = Number(attrOf(c, "id"));
        const [cell] = await conn.getNodeFreePages(sizes, id, id, 0, ctx.call);
        if (!cell) continue;
        cells.push(cell);
        if (!ctx.json) ctx.print(`Node ${id}:\n${cell.pages.map(line).join("")}\n`);
      }
      return out(cells, "");
    }
    const cell = a.int("cellno");
    if (cell === undefined) throw new CliError("missing cellno argument");
    if (cell < -1) throw new CliError("cell number must be non-negative integer or -1");
    if (kibibytes === undefined) throw new CliError("missing pagesize argument");
    const [one] = await conn.getNodeFreePages([kibibytes], cell, cell, 0, ctx.call);
    const page = one?.pages[0] ?? { size: kibibytes, free: 0n };
    return out({ cell, size: page.size, free: page.free }, line(page));
  },
};
