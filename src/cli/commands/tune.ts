// schedinfo, memtune, blkiotune: typed-parameter tuning.
import type { CommandDef, Output } from "../command.js";
import { DOMAIN, affectFlags, affectOpts, dom, out, AFFECT } from "../command.js";
import type { TypedParams, TypedParamValue } from "../../api/typed-params.js";
import { CliError, withContext } from "../errors.js";
import { paramValue } from "../format/values.js";
import { parseScaled, toKiB } from "../scaled.js";

/** "%-15s: %s" lines of typed parameters (wider labels for guestinfo). */
export function paramLines(params: TypedParams, render: (k: string, v: TypedParamValue) => string = (_k, v) => paramValue(v), width = 15): string {
  let s = "";
  for (const [k, v] of Object.entries(params)) s += `${k.padEnd(width)}: ${render(k, v)}\n`;
  return s;
}

/** A value for `field` given as text, converted to the JavaScript type the field has now. */
function valueLike(current: TypedParamValue, text: string, field: string): TypedParamValue {
  const bad = (): never => {
    throw new CliError(`invalid value '${text}' for parameter '${field}'`);
  };
  switch (typeof current) {
    case "bigint":
      return /^[+-]?\d+$/.test(text) ? BigInt(text) : bad();
    case "number": {
      const n = Number(text);
      return text.trim() !== "" && Number.isFinite(n) ? n : bad();
    }
    case "boolean":
      if (/^(1|yes|true)$/i.test(text)) return true;
      if (/^(0|no|false)$/i.test(text)) return false;
      return bad();
    default:
      return text;
  }
}

export const schedinfo: CommandDef = {
  name: "schedinfo",
  group: "domain",
  help: "show/set scheduler parameters",
  desc: "Show/Set scheduler parameters.",
  options: [
    DOMAIN,
    { name: "weight", type: "int", named: true, help: "weight for XEN_CREDIT" },
    { name: "cap", type: "int", named: true, help: "cap for XEN_CREDIT" },
    ...affectOpts("get/set value to be used on next boot", "get/set value from running domain", "get/set current scheduler info"),
    { name: "set", type: "argv", help: "parameter=value" },
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const live = a.bool("live");
    const config = a.bool("config");
    const queryFlags = live && config ? 0 : flags;
    const d = await dom(ctx, a);
    const type = await d.getSchedulerType(ctx.call);
    let params = await d.getSchedulerParameters(queryFlags, ctx.call);
    const updates: Record<string, TypedParamValue> = {};
    const setOne = (field: string, value: string): void => {
      const cur = params[field];
      if (cur === undefined) throw new CliError(`invalid scheduler option: ${field}`);
      updates[field] = valueLike(cur, value, field);
    };
    for (const s of a.list("set")) {
      const eq = s.indexOf("=");
      if (eq < 0) throw new CliError("Invalid syntax for --set, expecting name=value");
      setOne(s.slice(0, eq), s.slice(eq + 1));
    }
    for (const f of ["cap", "weight"]) {
      const v = a.str(f);
      if (v !== undefined) setOne(f, v);
    }
    if (Object.keys(updates).length) {
      await d.setSchedulerParameters(updates, flags, ctx.call);
      params = await d.getSchedulerParameters(queryFlags, ctx.call);
    } else if (live && config) {
      throw new CliError("cannot query both live and config at once");
    }
    return out({ scheduler: type, params }, `${"Scheduler".padEnd(15)}: ${type}\n${paramLines(params)}`);
  },
};

/** One tune command's calls, with virsh's messages when they fail. */
export interface Tuning<S> {
  /** What the JSON output names besides `set` after a change (the domain, the device). */
  target: Record<string, unknown>;
  change: (set: S) => Promise<unknown>;
  changeFailed: string;
  query: () => Promise<TypedParams>;
  queryFailed: string;
}

/** virsh's tune commands: change what was given (and print nothing), or else show what there is. */
export async function setOrShow<S extends object>(set: S, t: Tuning<S>, show = (params: TypedParams): Output => out(params, paramLines(params))): Promise<Output> {
  if (Object.keys(set).length) {
    await withContext(t.changeFailed, t.change(set));
    return out({ ...t.target, set }, "");
  }
  return show(await withContext(t.queryFailed, t.query()));
}

const UNLIMITED = 9007199254740991n;

export const memtune: CommandDef = {
  name: "memtune",
  group: "domain",
  help: "Get or set memory parameters",
  desc: "Get or set the current memory parameters for a guest domain.",
  options: [
    DOMAIN,
    { name: "hard-limit", type: "int", help: "Max memory, as scaled integer (default KiB)" },
    { name: "soft-limit", type: "int", help: "Memory during contention, as scaled integer (default KiB)" },
    { name: "swap-hard-limit", type: "int", help: "Max memory plus swap, as scaled integer (default KiB)" },
    { name: "min-guarantee", type: "int", help: "Min guaranteed memory, as scaled integer (default KiB)" },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const set: Record<string, bigint> = {};
    for (const [opt, field] of [
      ["hard-limit", "hard_limit"],
      ["soft-limit", "soft_limit"],
      ["swap-hard-limit", "swap_hard_limit"],
      ["min-guarantee", "min_guarantee"],
    ] as const) {
      const text = a.str(opt);
      if (text === undefined) continue;
      // A negative value means unlimited.
      if (/^-\d+$/.test(text)) {
        set[field] = UNLIMITED;
        continue;
      }
      const bytes = parseScaled(text, 1024n, 0x7fffffffffffffffn);
      if (bytes === null) throw new CliError(`Unable to parse integer parameter ${opt}`);
      set[field] = toKiB(bytes);
    }
    const show = (params: TypedParams): Output => {
      const json: Record<string, TypedParamValue | null> = {};
      for (const [k, v] of Object.entries(params)) json[k] = v === UNLIMITED ? null : v;
      return out(json, paramLines(params, (_k, v) => (v === UNLIMITED ? "unlimited" : paramValue(v))));
    };
    return setOrShow(
      set,
      {
        target: { name: d.getName() },
        change: (p) => d.setMemoryParameters(p, flags, ctx.call),
        changeFailed: "Unable to change memory parameters",
        query: () => d.getMemoryParameters(flags, ctx.call),
        queryFailed: "Unable to get memory parameters",
      },
      show,
    );
  },
};

export const blkiotune: CommandDef = {
  name: "blkiotune",
  group: "domain",
  help: "Get or set blkio parameters",
  desc: "Get or set the current blkio parameters for a guest domain.",
  options: [
    DOMAIN,
    { name: "weight", type: "int", help: "IO Weight" },
    { name: "device-weights", type: "string", help: "per-device IO Weights, in the form of /path/to/device,weight,..." },
    { name: "device-read-iops-sec", type: "string", help: "per-device read I/O limit per second, in the form of /path/to/device,read_iops_sec,..." },
    { name: "device-write-iops-sec", type: "string", help: "per-device write I/O limit per second, in the form of /path/to/device,write_iops_sec,..." },
    { name: "device-read-bytes-sec", type: "string", help: "per-device bytes read per second, in the form of /path/to/device,read_bytes_sec,..." },
    { name: "device-write-bytes-sec", type: "string", help: "per-device bytes wrote per second, in the form of /path/to/device,write_bytes_sec,..." },
    ...AFFECT,
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    const d = await dom(ctx, a);
    const set: Record<string, TypedParamValue> = {};
    // A malformed value fails in uint() with virsh's numeric-option message.
    const weight = a.uint("weight");
    if (weight !== undefined) set["weight"] = weight;
    for (const opt of ["device-weights", "device-read-iops-sec", "device-write-iops-sec", "device-read-bytes-sec", "device-write-bytes-sec"]) {
      const v = a.str(opt);
      if (v !== undefined) set[opt.replace(/-/g, "_").replace("device_weights", "device_weight")] = v;
    }
    return setOrShow(set, {
      target: { name: d.getName() },
      change: (p) => d.setBlkioParameters(p, flags, ctx.call),
      changeFailed: "Unable to change blkio parameters",
      query: () => d.getBlkioParameters(flags, ctx.call),
      queryFailed: "Unable to get blkio parameters",
    });
  },
};
