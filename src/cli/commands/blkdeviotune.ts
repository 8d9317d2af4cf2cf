// blkdeviotune, blockresize and domblkthreshold: one disk's throttling, size and write threshold.
import type { Args, OptSpec } from "../args.js";
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { ULLONG_MAX, scaledOption } from "../scaled.js";
import { paramLines } from "./tune.js";

type Kind = "scaled" | "ull" | "string";

/** virsh's options in its order: [option, help, kind]; the parameter is the name with underscores. */
const IOTUNE: readonly (readonly [string, string, Kind])[] = [
  ["total-bytes-sec", "total throughput limit, as scaled integer (default bytes)", "scaled"],
  ["read-bytes-sec", "read throughput limit, as scaled integer (default bytes)", "scaled"],
  ["write-bytes-sec", "write throughput limit, as scaled integer (default bytes)", "scaled"],
  ["total-iops-sec", "total I/O operations limit per second", "ull"],
  ["read-iops-sec", "read I/O operations limit per second", "ull"],
  ["write-iops-sec", "write I/O operations limit per second", "ull"],
  ["total-bytes-sec-max", "total max, as scaled integer (default bytes)", "scaled"],
  ["read-bytes-sec-max", "read max, as scaled integer (default bytes)", "scaled"],
  ["write-bytes-sec-max", "write max, as scaled integer (default bytes)", "scaled"],
  ["total-iops-sec-max", "total I/O operations max", "ull"],
  ["read-iops-sec-max", "read I/O operations max", "ull"],
  ["write-iops-sec-max", "write I/O operations max", "ull"],
  ["size-iops-sec", "I/O size in bytes", "ull"],
  ["group-name", "group name to share I/O quota between multiple drives", "string"],
  ["total-bytes-sec-max-length", "duration in seconds to allow total max bytes", "ull"],
  ["read-bytes-sec-max-length", "duration in seconds to allow read max bytes", "ull"],
  ["write-bytes-sec-max-length", "duration in seconds to allow write max bytes", "ull"],
  ["total-iops-sec-max-length", "duration in seconds to allow total I/O operations max", "ull"],
  ["read-iops-sec-max-length", "duration in seconds to allow read I/O operations max", "ull"],
  ["write-iops-sec-max-length", "duration in seconds to allow write I/O operations max", "ull"],
];

const param = (opt: string): string => opt.replace(/-/g, "_");

/** One option's value, with virsh's second error line when it does not parse. */
function iotuneValue(a: Args, opt: string, kind: Kind): bigint | string | undefined {
  if (kind === "string") {
    try {
      return a.nonEmpty(opt);
    } catch (err) {
      throw new CliError((err as Error).message, { cause: new CliError("Unable to parse group-name parameter") });
    }
  }
  try {
    const text = a.str(opt);
    if (text === undefined) return undefined;
    return kind === "scaled" ? scaledOption(opt, text, 1n, ULLONG_MAX) : a.ull(opt);
  } catch (err) {
    throw new CliError((err as Error).message, { cause: new CliError("Unable to parse integer parameter") });
  }
}

export const blkdeviotune: CommandDef = {
  name: "blkdeviotune",
  group: "domain",
  help: "Set or query a block device I/O tuning parameters.",
  desc: "Set or query disk I/O parameters such as block throttling.",
  options: [
    DOMAIN,
    { name: "device", type: "string", required: true, help: "block device" },
    ...IOTUNE.map(([name, help, kind]): OptSpec => ({ name, type: kind === "string" ? "string" : "int", help, aliases: [param(name)] })),
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const disk = a.nonEmpty("device") as string;
    const set: Record<string, bigint | string> = {};
    for (const [opt, , kind] of IOTUNE) {
      const v = iotuneValue(a, opt, kind);
      if (v !== undefined) set[param(opt)] = v;
    }
    if (Object.keys(set).length) {
      await withContext("Unable to change block I/O throttle", d.setBlockIotune(disk, set, flags, ctx.call));
      return out({ name: d.getName(), device: disk, set }, "");
    }
    const params = await withContext("Unable to get block I/O throttle parameters", d.getBlockIotune(disk, flags, ctx.call));
    return out(params, paramLines(params));
  },
};

export const blockresize: CommandDef = {
  name: "blockresize",
  group: "domain",
  help: "Resize block device of domain.",
  desc: "Resize block device of domain.",
  options: [
    DOMAIN,
    { name: "path", type: "string", required: true, help: "Fully-qualified path of block device" },
    { name: "size", type: "int", required: true, help: "New size of the block device, as scaled integer (default KiB)" },
  ],
  async run(ctx, a) {
    const path = a.nonEmpty("path") as string;
    const bytes = scaledOption("size", a.req("size"), 1024n, ULLONG_MAX);
    // KiB when it divides evenly (the older interface), bytes otherwise.
    const kib = bytes % 1024n === 0n;
    const d = await dom(ctx, a);
    await withContext(`Failed to resize block device '${path}'`, d.blockResize(path, kib ? bytes / 1024n : bytes, kib ? 0 : C.BLOCK_RESIZE_BYTES, ctx.call));
    return out({ name: d.getName(), path, bytes }, ctx.extra(`Block device '${path}' is resized`));
  },
};

export const domblkthreshold: CommandDef = {
  name: "domblkthreshold",
  group: "domain",
  help: "set the threshold for block-threshold event for a given block device or it's backing chain element",
  desc: "set threshold for block-threshold event for a block device",
  options: [
    DOMAIN,
    { name: "dev", type: "string", required: true, help: "device to set threshold for" },
    { name: "threshold", type: "int", required: true, help: "threshold as a scaled number (by default bytes)" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const dev = a.req("dev");
    const threshold = scaledOption("threshold", a.req("threshold"), 1n, 0xffffffffffffffffn);
    await d.setBlockThreshold(dev, threshold, 0, ctx.call);
    return out({ name: d.getName(), dev, threshold }, "");
  },
};
