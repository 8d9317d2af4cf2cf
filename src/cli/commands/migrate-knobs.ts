// Tuning a migration in flight: migrate-setmaxdowntime, migrate-compcache,
// migrate-setspeed, migrate-postcopy; and domdirtyrate-calc, which helps
// decide whether to migrate.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";
import { prettyBytes } from "../format/values.js";

export const migrateSetMaxDowntime: CommandDef = {
  name: "migrate-setmaxdowntime",
  group: "domain",
  help: "set maximum tolerable downtime",
  desc: "Set maximum tolerable downtime of a domain which is being live-migrated to another host.",
  options: [DOMAIN, { name: "downtime", type: "int", required: true, help: "maximum tolerable downtime (in milliseconds) for migration" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const downtime = a.ull("downtime") ?? 0n;
    if (downtime < 1n) throw new CliError("migrate: Invalid downtime");
    await d.migrateSetMaxDowntime(downtime, 0, ctx.call);
    return out({ name: d.getName(), downtime }, "");
  },
};

export const migrateCompcache: CommandDef = {
  name: "migrate-compcache",
  group: "domain",
  help: "get/set compression cache size",
  desc: "Get/set size of the cache (in bytes) used for compressing repeatedly transferred memory pages during live migration.",
  options: [DOMAIN, { name: "size", type: "int", named: true, help: "requested size of the cache (in bytes) used for compression" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const size = a.ull("size");
    if (size !== undefined) await d.migrateSetCompressionCache(size, 0, ctx.call);
    const now = await d.migrateGetCompressionCache(0, ctx.call);
    return out({ name: d.getName(), size: now }, `Compression cache: ${prettyBytes(now)}`);
  },
};

export const migrateSetspeed: CommandDef = {
  name: "migrate-setspeed",
  group: "domain",
  help: "Set the maximum migration bandwidth",
  desc: "Set the maximum migration bandwidth (in MiB/s) for a domain which is being migrated to another host.",
  options: [
    DOMAIN,
    { name: "bandwidth", type: "int", required: true, help: "migration bandwidth limit in MiB/s" },
    { name: "postcopy", type: "bool", help: "set post-copy migration bandwidth" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const bandwidth = a.ullWrap("bandwidth") ?? 0n;
    await d.migrateSetMaxSpeed(bandwidth, a.bool("postcopy") ? C.MIGRATE_MAX_SPEED_POSTCOPY : 0, ctx.call);
    return out({ name: d.getName(), bandwidthMiBs: bandwidth }, "");
  },
};

export const migratePostcopy: CommandDef = {
  name: "migrate-postcopy",
  group: "domain",
  help: "Switch running migration from pre-copy to post-copy",
  desc: "Switch running migration from pre-copy to post-copy. The migration must have been started with --postcopy option.",
  options: [DOMAIN],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    await d.migrateStartPostCopy(0, ctx.call);
    return out({ name: d.getName(), postcopy: true }, "");
  },
};

const DIRTYRATE_MODES: Readonly<Record<string, number>> = {
  "page-sampling": C.DIRTYRATE_MODE_PAGE_SAMPLING,
  "dirty-bitmap": C.DIRTYRATE_MODE_DIRTY_BITMAP,
  "dirty-ring": C.DIRTYRATE_MODE_DIRTY_RING,
};

export const domdirtyrateCalc: CommandDef = {
  name: "domdirtyrate-calc",
  group: "domain",
  help: "Calculate a vm's memory dirty rate",
  desc:
    "Calculate memory dirty rate of a domain in order to decide whether it's proper to be migrated out or not.\n" +
    "The calculated dirty rate information is available by calling 'domstats --dirtyrate'.",
  options: [
    DOMAIN,
    { name: "seconds", type: "int", help: "calculate memory dirty rate within specified seconds, the supported value range from 1 to 60, default to 1." },
    { name: "mode", type: "string", help: "dirty page rate calculation mode, either of these 3 options 'page-sampling, dirty-bitmap, dirty-ring' can be specified." },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const seconds = a.int("seconds") ?? 1;
    const mode = a.nonEmpty("mode");
    let flags = 0;
    if (mode !== undefined) {
      const f = Object.hasOwn(DIRTYRATE_MODES, mode) ? DIRTYRATE_MODES[mode] : undefined;
      if (f === undefined) throw new CliError(`Unknown calculation mode '${mode}'`);
      flags = f;
    }
    await d.startDirtyRateCalc(seconds, flags, ctx.call);
    return out({ name: d.getName(), seconds, mode: mode ?? null }, ctx.extra("Start to calculate domain's memory dirty rate successfully.\n"));
  },
};
