// define, undefine, create, start, shutdown, reboot, reset, destroy, suspend, resume.
import type { CommandDef, Output } from "../command.js";
import { DOMAIN, domainOpt, dom, out, readTextFile } from "../command.js";
import type { Args, OptSpec } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import { Domain as C, DomainSnapshot as S } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { CliError, withContext } from "../errors.js";
import { runConsole } from "../console.js";

const FILE = { name: "file", type: "string", required: true, help: "file containing an XML domain description" } as const;

export function refuseFds(a: Args): void {
  if (a.has("pass-fds")) throw new CliError("passing file descriptors is not supported by virtwire (Node cannot send them over the socket)");
}

// Options create and start share, in the order each lists them.
const CONSOLE = { name: "console", type: "bool", help: "attach to console after creation" } as const;
const PAUSED = { name: "paused", type: "bool", help: "leave the guest paused after creation" } as const;
const AUTODESTROY = { name: "autodestroy", type: "bool", help: "automatically destroy the guest when virtwire disconnects" } as const;
const PASS_FDS = { name: "pass-fds", type: "string", help: "pass file descriptors N,M,... to the guest" } as const;
const RESET_NVRAM = { name: "reset-nvram", type: "bool", help: "re-initialize NVRAM from its pristine template" } as const;

interface StartFlags {
  flags: number;
  /** Paused only for --console: resume once attached. */
  resume: boolean;
}

/** The START_* flags create and start share; --console starts paused so no boot output is missed. */
function startFlags(a: Args): StartFlags {
  let flags = 0;
  let resume = false;
  if (a.bool("paused")) flags |= C.START_PAUSED;
  else if (a.bool("console")) {
    flags |= C.START_PAUSED;
    resume = true;
  }
  if (a.bool("autodestroy")) flags |= C.START_AUTODESTROY;
  if (a.bool("reset-nvram")) flags |= C.START_RESET_NVRAM;
  return { flags, resume };
}

/**
 * Start with the flags; a driver that cannot start paused gets a plain start
 * when only --console asked for the pause, as virsh does. Failures read `failed`.
 */
async function startOrUnpaused<T>(failed: string, f: StartFlags, start: (flags: number) => Promise<T>): Promise<[T, StartFlags]> {
  try {
    return [await start(f.flags), f];
  } catch (err) {
    if (!(f.resume && err instanceof VirtError && err.code === VirtError.ERR_INVALID_ARG)) throw new CliError(failed, { cause: err });
    const plain = { flags: f.flags & ~C.START_PAUSED, resume: false };
    return [await withContext(failed, start(plain.flags)), plain];
  }
}

/** Report the start; with --console print the message and attach, resuming a domain paused for it. */
async function started(ctx: Ctx, a: Args, d: Domain, f: StartFlags, json: unknown, message: string): Promise<Output | void> {
  const msg = ctx.extra(message);
  if (a.bool("console") && !ctx.json) {
    ctx.print(msg);
    await runConsole(ctx, d, null, 0, { resumeAfterConnect: f.resume });
    return;
  }
  return out(json, msg);
}

export const define: CommandDef = {
  name: "define",
  group: "domain",
  help: "define (but don't start) a domain from an XML file",
  desc: "Define a domain.",
  options: [FILE, { name: "validate", type: "bool", help: "validate the XML against the schema" }],
  async run(ctx, a) {
    const file = a.req("file");
    const xml = await readTextFile(file);
    const conn = await ctx.conn();
    const flags = a.bool("validate") ? C.DEFINE_VALIDATE : 0;
    const d = await withContext(`Failed to define domain from ${file}`, conn.defineDomain(xml, flags, ctx.call));
    return out({ name: d.getName(), uuid: d.getUuidString(), defined: true }, ctx.extra(`Domain '${d.getName()}' defined from ${file}\n`));
  },
};

export const undefine: CommandDef = {
  name: "undefine",
  group: "domain",
  help: "undefine a domain",
  desc: "Undefine an inactive domain, or convert persistent to transient.",
  options: [
    DOMAIN,
    { name: "managed-save", type: "bool", help: "remove domain managed state file" },
    { name: "snapshots-metadata", type: "bool", help: "remove all domain snapshot metadata (vm must be inactive)" },
    { name: "checkpoints-metadata", type: "bool", help: "remove all domain checkpoint metadata (vm must be inactive)" },
    { name: "nvram", type: "bool", help: "remove nvram file" },
    { name: "keep-nvram", type: "bool", help: "keep nvram file" },
    { name: "tpm", type: "bool", help: "remove TPM state" },
    { name: "keep-tpm", type: "bool", help: "keep TPM state" },
  ],
  async run(ctx, a) {
    a.exclusive("nvram", "keep-nvram");
    a.exclusive("tpm", "keep-tpm");
    let flags = 0;
    if (a.bool("managed-save")) flags |= C.UNDEFINE_MANAGED_SAVE;
    if (a.bool("snapshots-metadata")) flags |= C.UNDEFINE_SNAPSHOTS_METADATA;
    if (a.bool("checkpoints-metadata")) flags |= C.UNDEFINE_CHECKPOINTS_METADATA;
    if (a.bool("nvram")) flags |= C.UNDEFINE_NVRAM;
    if (a.bool("keep-nvram")) flags |= C.UNDEFINE_KEEP_NVRAM;
    if (a.bool("tpm")) flags |= C.UNDEFINE_TPM;
    if (a.bool("keep-tpm")) flags |= C.UNDEFINE_KEEP_TPM;
    const d = await dom(ctx, a);
    // virsh names the domain as the user wrote it (name, id or UUID).
    const name = a.req("domain");
    // virsh's dance: drop flags for things that are not there, use the
    // flags API only when it cannot strand a managed save or snapshot
    // metadata, otherwise remove things piecewise.
    const noSupport = (err: unknown): boolean => err instanceof VirtError && err.code === VirtError.ERR_NO_SUPPORT;
    let managedSaveSafe = a.bool("managed-save");
    let snapshotsSafe = a.bool("snapshots-metadata");
    let hasManagedSave = false;
    let hasSnapshots = 0;
    let hasSnapshotsMetadata = 0;
    if (!(await d.isActive(ctx.call))) {
      hasManagedSave = await d.hasManagedSaveImage(0, ctx.call).catch((err: unknown) => {
        if (noSupport(err)) return false;
        throw err;
      });
      hasSnapshots = await d.numOfSnapshots(0, ctx.call).catch((err: unknown) => {
        if (noSupport(err)) return 0;
        throw err;
      });
      if (hasSnapshots) {
        try {
          hasSnapshotsMetadata = await d.numOfSnapshots(S.LIST_METADATA, ctx.call);
          managedSaveSafe = snapshotsSafe = true;
        } catch (err) {
          if (ctx.signal.aborted) throw err;
          hasSnapshotsMetadata = hasSnapshots;
        }
      }
    }
    if (!hasManagedSave) {
      flags &= ~C.UNDEFINE_MANAGED_SAVE;
      managedSaveSafe = true;
    }
    if (hasSnapshots === 0) snapshotsSafe = true;
    if (hasSnapshotsMetadata === 0) {
      flags &= ~C.UNDEFINE_SNAPSHOTS_METADATA;
      snapshotsSafe = true;
    }
    const nvram = a.bool("nvram");
    let done = false;
    if ((managedSaveSafe && snapshotsSafe) || nvram) {
      try {
        await d.undefine(flags, ctx.call);
        done = true;
      } catch (err) {
        const retry = err instanceof VirtError && (err.code === VirtError.ERR_NO_SUPPORT || err.code === VirtError.ERR_INVALID_ARG);
        if (nvram || !retry) throw new CliError(`Failed to undefine domain '${name}'`, { cause: err });
      }
    }
    if (!done) {
      if (hasManagedSave) {
        if (!a.bool("managed-save")) throw new CliError("Refusing to undefine while domain managed save image exists");
        await d.managedSaveRemove(0, ctx.call);
      }
      if (hasSnapshotsMetadata) {
        throw new CliError(
          a.bool("snapshots-metadata")
            ? `Unable to remove metadata of ${hasSnapshotsMetadata} snapshots`
            : `Refusing to undefine while ${hasSnapshotsMetadata} snapshots exist`,
        );
      }
      await withContext(`Failed to undefine domain '${name}'`, d.undefine(0, ctx.call));
    }
    return out({ name: d.getName(), undefined: true }, ctx.extra(`Domain '${name}' has been undefined\n`));
  },
};

export const create: CommandDef = {
  name: "create",
  group: "domain",
  help: "create a domain from an XML file",
  desc: "Create a domain.",
  options: [
    FILE,
    CONSOLE,
    PAUSED,
    AUTODESTROY,
    PASS_FDS,
    { name: "validate", type: "bool", help: "validate the XML against the schema" },
    RESET_NVRAM,
  ],
  async run(ctx, a) {
    refuseFds(a);
    const file = a.req("file");
    const xml = await readTextFile(file);
    const f = startFlags(a);
    if (a.bool("validate")) f.flags |= C.START_VALIDATE;
    const conn = await ctx.conn();
    const [d, done] = await startOrUnpaused(`Failed to create domain from ${file}`, f, (flags) => conn.createDomain(xml, flags, ctx.call));
    return started(ctx, a, d, done, { name: d.getName(), uuid: d.getUuidString(), id: d.getId() }, `Domain '${d.getName()}' created from ${file}\n`);
  },
};

export const start: CommandDef = {
  name: "start",
  group: "domain",
  help: "start a (previously defined) inactive domain",
  desc: "Start a domain, either from the last managedsave state, or via a fresh boot if no managedsave state is present.",
  options: [
    domainOpt("name of the inactive domain"),
    CONSOLE,
    PAUSED,
    AUTODESTROY,
    { name: "bypass-cache", type: "bool", help: "avoid file system cache when loading" },
    { name: "force-boot", type: "bool", help: "force fresh boot by discarding any managed save" },
    PASS_FDS,
    RESET_NVRAM,
  ],
  async run(ctx, a) {
    refuseFds(a);
    const d = await ctx.domain(a.req("domain"), { name: true, uuid: true });
    if (d.getId() !== -1) throw new CliError("Domain is already active");
    let f = startFlags(a);
    if (a.bool("bypass-cache")) f.flags |= C.START_BYPASS_CACHE;
    const name = d.getName();
    let booted = false;
    if (a.bool("force-boot")) {
      try {
        await d.create(f.flags | C.START_FORCE_BOOT, ctx.call);
        booted = true;
      } catch (err) {
        // Older servers: emulate by removing the managed save first.
        if (!(err instanceof VirtError && (err.code === VirtError.ERR_NO_SUPPORT || err.code === VirtError.ERR_INVALID_ARG))) throw err;
        if (await d.hasManagedSaveImage(0, ctx.call).catch(() => false)) await d.managedSaveRemove(0, ctx.call);
      }
    }
    if (!booted) [, f] = await startOrUnpaused(`Failed to start domain '${name}'`, f, (flags) => d.create(flags, ctx.call));
    return started(ctx, a, d, f, { name, id: d.getId(), started: true }, `Domain '${name}' started\n`);
  },
};

const MODES: Record<string, [number, number]> = {
  acpi: [C.SHUTDOWN_ACPI_POWER_BTN, C.REBOOT_ACPI_POWER_BTN],
  agent: [C.SHUTDOWN_GUEST_AGENT, C.REBOOT_GUEST_AGENT],
  initctl: [C.SHUTDOWN_INITCTL, C.REBOOT_INITCTL],
  signal: [C.SHUTDOWN_SIGNAL, C.REBOOT_SIGNAL],
  paravirt: [C.SHUTDOWN_PARAVIRT, C.REBOOT_PARAVIRT],
};

function modeFlags(a: Args, reboot: boolean): number {
  const mode = a.str("mode");
  if (mode === undefined) return 0;
  let flags = 0;
  for (const m of mode.split(",")) {
    const f = MODES[m];
    if (!f) {
      const list = reboot ? "'acpi', 'agent', 'initctl', 'signal' or 'paravirt'" : "'acpi', 'agent', 'initctl', 'signal', or 'paravirt'";
      throw new CliError(`Unknown mode ${m} value, expecting ${list}`);
    }
    flags |= f[reboot ? 1 : 0];
  }
  return flags;
}

const MODE_OPT = { name: "mode", type: "string", help: "shutdown mode: acpi|agent|initctl|signal|paravirt" } as const;

interface DomainAction {
  name: string;
  help: string;
  desc: string;
  options?: readonly OptSpec[];
  /** What virsh says once done, after "Domain 'NAME' ". */
  done: string;
  flags?: (a: Args) => number;
  act(ctx: Ctx, d: Domain, flags: number): Promise<unknown>;
}

/** One call on one domain, reported as virsh does ("Failed to NAME domain ..."). */
function domainAction(x: DomainAction): CommandDef {
  return {
    name: x.name,
    group: "domain",
    help: x.help,
    desc: x.desc,
    options: x.options ?? [DOMAIN],
    async run(ctx, a) {
      const flags = x.flags ? x.flags(a) : 0;
      const d = await dom(ctx, a);
      // virsh names the domain as the user wrote it (name, id or UUID).
      const name = a.req("domain");
      await withContext(`Failed to ${x.name} domain '${name}'`, x.act(ctx, d, flags));
      return out({ name: d.getName(), action: x.name }, ctx.extra(`Domain '${name}' ${x.done}\n`));
    },
  };
}

/** shutdown and reboot: the same call, with --mode. */
function modeAction(name: "shutdown" | "reboot", help: string, desc: string, done: string): CommandDef {
  const flags = (a: Args) => modeFlags(a, name === "reboot");
  return domainAction({ name, help, desc, options: [DOMAIN, MODE_OPT], done, flags, act: (ctx, d, f) => d[name](f, ctx.call) });
}

export const shutdown = modeAction("shutdown", "gracefully shutdown a domain", "Run shutdown in the target domain.", "is being shutdown");
export const reboot = modeAction("reboot", "reboot a domain", "Run a reboot command in the target domain.", "is being rebooted");
export const reset = domainAction({ name: "reset", help: "reset a domain", desc: "Reset the target domain as if by power button", done: "was reset", act: (ctx, d) => d.reset(0, ctx.call) });

export const destroy = domainAction({
  name: "destroy",
  help: "destroy (stop) a domain",
  desc: "Forcefully stop a given domain, but leave its resources intact.",
  options: [
    DOMAIN,
    { name: "graceful", type: "bool", help: "terminate gracefully" },
    { name: "remove-logs", type: "bool", help: "remove domain logs" },
  ],
  done: "destroyed",
  flags: (a) => (a.bool("graceful") ? C.DESTROY_GRACEFUL : 0) | (a.bool("remove-logs") ? C.DESTROY_REMOVE_LOGS : 0),
  act: (ctx, d, flags) => d.destroy(flags, ctx.call),
});

export const suspend = domainAction({ name: "suspend", help: "suspend a domain", desc: "Suspend a running domain.", done: "suspended", act: (ctx, d) => d.suspend(ctx.call) });
export const resume = domainAction({ name: "resume", help: "resume a domain", desc: "Resume a previously suspended domain.", done: "resumed", act: (ctx, d) => d.resume(ctx.call) });
