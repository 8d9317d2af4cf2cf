// save, restore, managedsave, managedsave-remove, dump: the long jobs with progress.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
import type { Args } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { watchJob } from "../progress.js";

const VERBOSE = (what: string) => ({ name: "verbose", type: "bool", help: `display the progress of ${what}` }) as const;
const FILE = (help: string) => ({ name: "file", type: "string", required: true, help }) as const;
const BYPASS_CACHE = (when: string) => ({ name: "bypass-cache", type: "bool", help: `avoid file system cache when ${when}` }) as const;

/** Run a long job on `d`, showing virsh's progress with --verbose. */
async function domainJob(ctx: Ctx, a: Args, d: Domain, label: string, failure: string, work: Promise<unknown>): Promise<void> {
  await watchJob(ctx, withContext(failure, work), { label, verbose: a.bool("verbose"), domain: d });
}

function saveFlags(a: Args): number {
  let flags = 0;
  if (a.bool("bypass-cache")) flags |= C.SAVE_BYPASS_CACHE;
  if (a.bool("running")) flags |= C.SAVE_RUNNING;
  if (a.bool("paused")) flags |= C.SAVE_PAUSED;
  return flags;
}

export const save: CommandDef = {
  name: "save",
  group: "domain",
  help: "save a domain state to a file",
  desc: "Save the RAM state of a running domain.",
  options: [
    DOMAIN,
    FILE("where to save the data"),
    BYPASS_CACHE("saving"),
    { name: "xml", type: "string", help: "filename containing updated XML for the target" },
    { name: "running", type: "bool", help: "set domain to be running on restore" },
    { name: "paused", type: "bool", help: "set domain to be paused on restore" },
    VERBOSE("save"),
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = a.req("domain");
    const file = a.req("file");
    const flags = saveFlags(a);
    const xmlFile = a.str("xml");
    const xml = xmlFile === undefined ? null : await readTextFile(xmlFile);
    await domainJob(ctx, a, d, "Save", `Failed to save domain '${name}' to ${file}`, d.save(file, xml, null, flags, ctx.call));
    return out({ name: d.getName(), file, saved: true }, ctx.extra(`\nDomain '${name}' saved to ${file}\n`));
  },
};

export const restore: CommandDef = {
  name: "restore",
  group: "domain",
  help: "restore a domain from a saved state in a file",
  desc: "Restore a domain.",
  options: [
    FILE("the state to restore"),
    BYPASS_CACHE("restoring"),
    { name: "xml", type: "string", help: "filename containing updated XML for the target" },
    { name: "running", type: "bool", help: "restore domain into running state" },
    { name: "paused", type: "bool", help: "restore domain into paused state" },
    { name: "reset-nvram", type: "bool", help: "re-initialize NVRAM from its pristine template" },
    VERBOSE("restore"),
  ],
  async run(ctx, a) {
    const file = a.req("file");
    let flags = saveFlags(a);
    if (a.bool("reset-nvram")) flags |= C.SAVE_RESET_NVRAM;
    const xmlFile = a.str("xml");
    const xml = xmlFile === undefined ? null : await readTextFile(xmlFile);
    const conn = await ctx.conn();
    // The domain being restored only exists once the restore has begun: find
    // it by the UUID in the image to follow its job.
    let uuid: string | null | undefined;
    const findDomain = async (): Promise<Domain | null> => {
      if (uuid === undefined) {
        const imageXml = await conn.getSaveImageXmlDescription(file, 0, { timeout: 5000 }).catch(() => "");
        uuid = /<uuid>([^<]+)<\/uuid>/.exec(imageXml)?.[1] ?? null;
      }
      return uuid ? conn.getDomainByUuid(uuid, { timeout: 2000 }) : null;
    };
    const work = withContext(`Failed to restore domain from ${file}`, conn.restoreDomain(file, xml, null, flags, ctx.call));
    await watchJob(ctx, work, { label: "Restore", verbose: a.bool("verbose"), domain: findDomain });
    // After --verbose's progress line (virtwire's addition) start a new line.
    return out({ file, restored: true }, ctx.extra(`${a.bool("verbose") ? "\n" : ""}Domain restored from ${file}\n`));
  },
};

export const managedsave: CommandDef = {
  name: "managedsave",
  group: "domain",
  help: "managed save of a domain state",
  desc: "Save and destroy a running domain, so it can be restarted from the same state at a later time.",
  options: [
    DOMAIN,
    BYPASS_CACHE("saving"),
    { name: "running", type: "bool", help: "set domain to be running on next start" },
    { name: "paused", type: "bool", help: "set domain to be paused on next start" },
    VERBOSE("save"),
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = a.req("domain");
    await domainJob(ctx, a, d, "Managedsave", `Failed to save domain '${name}' state`, d.managedSave(saveFlags(a), ctx.call));
    return out({ name: d.getName(), saved: true }, ctx.extra(`\nDomain '${name}' state saved by libvirt\n`));
  },
};

export const managedsaveRemove: CommandDef = {
  name: "managedsave-remove",
  group: "domain",
  help: "Remove managed save of a domain",
  desc: "Remove an existing managed save state file from a domain",
  options: [DOMAIN],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const name = a.req("domain");
    const has = await withContext("Failed to check for domain managed save image", d.hasManagedSaveImage(0, ctx.call));
    if (!has) {
      return out({ name: d.getName(), removed: false }, ctx.extra(`Domain '${name}' has no manage save image; removal skipped`));
    }
    await withContext(`Failed to remove managed save image for domain '${name}'`, d.managedSaveRemove(0, ctx.call));
    return out({ name: d.getName(), removed: true }, ctx.extra(`Removed managedsave image for domain '${name}'`));
  },
};

const DUMP_FORMATS = ["elf", "kdump-zlib", "kdump-lzo", "kdump-snappy", "win-dmp"];

export const dump: CommandDef = {
  name: "dump",
  group: "domain",
  help: "dump the core of a domain to a file for analysis",
  desc: "Core dump a domain.",
  options: [
    DOMAIN,
    FILE("where to dump the core"),
    { name: "live", type: "bool", help: "perform a live core dump if supported" },
    { name: "crash", type: "bool", help: "crash the domain after core dump" },
    BYPASS_CACHE("dumping"),
    { name: "reset", type: "bool", help: "reset the domain after core dump" },
    VERBOSE("dump"),
    { name: "memory-only", type: "bool", help: "dump domain's memory only" },
    { name: "format", type: "string", help: "specify the format of memory-only dump" },
  ],
  async run(ctx, a) {
    const file = a.req("file");
    const d = await dom(ctx, a);
    const name = a.req("domain");
    let flags = 0;
    if (a.bool("live")) flags |= C.DUMP_LIVE;
    if (a.bool("crash")) flags |= C.DUMP_CRASH;
    if (a.bool("bypass-cache")) flags |= C.DUMP_BYPASS_CACHE;
    if (a.bool("reset")) flags |= C.DUMP_RESET;
    if (a.bool("memory-only")) flags |= C.DUMP_MEMORY_ONLY;
    let format: number = C.CORE_DUMP_FORMAT_RAW;
    const f = a.str("format");
    if (a.has("format")) {
      if (!(flags & C.DUMP_MEMORY_ONLY)) throw new CliError("--format only works with --memory-only");
      if (f !== undefined && f !== "") {
        format = DUMP_FORMATS.indexOf(f);
        if (format < 0) {
          throw new CliError(`format '${f}' is not supported, expecting 'kdump-zlib', 'kdump-lzo', 'kdump-snappy', 'win-dmp' or 'elf'`);
        }
      }
    }
    const call = format !== C.CORE_DUMP_FORMAT_RAW ? d.coreDumpFormat(file, format, flags, ctx.call) : d.coreDump(file, flags, ctx.call);
    await domainJob(ctx, a, d, "Dump", `Failed to core dump domain '${name}' to ${file}`, call);
    return out({ name: d.getName(), file, dumped: true }, ctx.extra(`\nDomain '${name}' dumped to ${file}\n`));
  },
};
