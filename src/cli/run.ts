// Runs one virtwire invocation: global options, then the commands, printing
// results and errors the way virsh does. As virsh, every command of a command
// string (or of a shell line) is parsed before any runs: one bad command, and
// none does. Returns the exit code.

// Every Connection/Domain method (feature files augment the classes).
import "../api/features.js";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Args, HELP_OPTION, parseOptions } from "./args.js";
import { splitCommandString } from "./cmdline.js";
import type { CommandDef, Output } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { Ctx, type Io } from "./context.js";
import { CliError, Interrupted, describeError } from "./errors.js";
import { parseGlobals } from "./globals.js";
import { usage } from "./help.js";
import { toJson } from "./json.js";
import { runShell, type Completion } from "./shell.js";

export const EXIT_INTERRUPTED = 130;

export function findCommand(name: string): CommandDef | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function version(): string {
  // The package.json above this file (dist/cli or build/src/cli).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "virtwire" && pkg.version) return pkg.version;
    } catch {
      // keep looking upward
    }
    dir = dirname(dir);
  }
  return "unknown";
}

function reportError(ctx: Ctx, err: unknown): void {
  const rep = describeError(err);
  if (ctx.json) {
    const error: Record<string, unknown> = { message: rep.lines[rep.lines.length - 1] ?? "", context: rep.lines.slice(0, -1) };
    if (rep.code !== undefined) error["code"] = rep.code;
    if (rep.domain !== undefined) error["domain"] = rep.domain;
    ctx.printErr(`${toJson({ error })}\n`);
    return;
  }
  for (const l of rep.lines) ctx.printErr(`error: ${l}\n`);
  // After a command that ran, virsh still prints its separating newline.
  if (!rep.usage) ctx.print(ctx.extra("\n"));
}

function emit(ctx: Ctx, res: Output | void): void {
  if (ctx.json) {
    if (res && res.json !== undefined) ctx.print(`${toJson(res.json)}\n`);
    return;
  }
  if (res?.text) ctx.print(res.text);
  if (!res?.noSeparator) ctx.print(ctx.extra("\n"));
}

/** Split off a per-command --json (before any "--"). */
function takeJsonFlag(args: readonly string[]): { args: string[]; json: boolean } {
  const out: string[] = [];
  let json = false;
  let done = false;
  for (const a of args) {
    if (!done && a === "--") done = true;
    if (!done && a === "--json") json = true;
    else out.push(a);
  }
  return { args: out, json };
}

/** A command ready to run. */
interface Parsed {
  def: CommandDef;
  args: Args;
  json: boolean;
}

/** vshCommandParse for one command: the command and its options, or virsh's syntax error. */
function parseCommand(words: readonly string[]): Parsed {
  const [name, ...rawArgs] = words as [string, ...string[]];
  const def = findCommand(name);
  if (!def) throw new CliError(`unknown command: '${name}'`, { usage: true });
  const { args, json } = takeJsonFlag(rawArgs);
  const opts = parseOptions(def.name, def.options, args);
  if (opts.has(HELP_OPTION)) return { def: findCommand("help") as CommandDef, args: new Args("help", new Map([["command", def.name]])), json };
  return { def, args: new Args(def.name, opts), json };
}

async function runOne(ctx: Ctx, { def, args, json }: Parsed): Promise<number> {
  ctx.jsonOverride = json;
  try {
    const res = await def.run(ctx, args);
    emit(ctx, res);
    return res && res.ok === false ? 1 : 0;
  } catch (err) {
    if (err instanceof Interrupted || ctx.signal.aborted) {
      if (ctx.json) ctx.printErr(`${toJson({ error: { message: "interrupted", context: [] } })}\n`);
      else ctx.printErr("\nerror: interrupted by user\n");
      return EXIT_INTERRUPTED;
    }
    reportError(ctx, err);
    return 1;
  }
}

/** Parses all commands, then runs them in turn until one is interrupted or asks to quit; the last one's exit code. */
async function runAll(ctx: Ctx, commands: readonly string[][]): Promise<number> {
  let parsed: Parsed[];
  try {
    parsed = commands.map(parseCommand);
  } catch (err) {
    reportError(ctx, err);
    return 1;
  }
  let rc = 0;
  for (const p of parsed) {
    rc = await runOne(ctx, p);
    // After Ctrl+C no further command of a command string runs; a failure then is the interruption.
    if (ctx.signal.aborted) return rc !== 0 ? EXIT_INTERRUPTED : rc;
    if (ctx.quitRequested) break;
  }
  return rc;
}

/** Shell input: a line's commands, with syntax errors reported and the shell going on. */
async function runLine(ctx: Ctx, line: string): Promise<void> {
  let commands: string[][];
  try {
    commands = splitCommandString(line);
  } catch (err) {
    ctx.printErr(`error: ${(err as Error).message}\n`);
    return;
  }
  await runAll(ctx, commands);
}

/** What the shell's Tab completes: command names, their --options, domain names. */
function completion(ctx: Ctx): Completion {
  return {
    words: new Map(COMMANDS.map((c) => [c.name, [...c.options.map((o) => `--${o.name}`), "--help"]])),
    domainFirst: new Set(COMMANDS.filter((c) => c.options.find((o) => o.type !== "bool" && !o.named)?.name === "domain").map((c) => c.name)),
    domainNames: async () => {
      // Not ctx.call: the last line's Ctrl+C must not spoil completion at the prompt.
      const doms = await (await ctx.conn()).listAllDomains(0, { timeout: 5000 });
      return doms.map((d) => d.getName()).sort();
    },
  };
}

/**
 * `nextSignal` gives each shell line its own Ctrl+C signal (the first one
 * otherwise abandons everything); without it the shell reuses `signal`.
 */
export async function runCli(argv: readonly string[], io: Io, signal: AbortSignal, nextSignal?: () => AbortSignal): Promise<number> {
  let g;
  try {
    g = parseGlobals(argv);
  } catch (err) {
    io.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
  if (g.version) {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (g.help) {
    io.stdout.write(usage(COMMANDS));
    return 0;
  }
  // vshCommandStringParse refuses an empty command string, without a word.
  if (g.rest.length === 1 && g.rest[0] === "") return 1;
  let commands: string[][];
  try {
    commands = g.rest.length === 1 ? splitCommandString(g.rest[0] as string) : g.rest.length ? [g.rest] : [];
  } catch (err) {
    io.stderr.write(`error: ${(err as Error).message}\n`);
    return 1;
  }
  const ctx = new Ctx(g.opts, io, signal);
  let rc = 0;
  try {
    if (g.rest.length > 0) rc = await runAll(ctx, commands);
    else {
      // virsh's interactive mode: its exit code does not follow the commands'.
      await runShell(ctx, {
        completion: completion(ctx),
        runLine: (line) => {
          if (nextSignal) ctx.signal = nextSignal();
          return runLine(ctx, line);
        },
      });
    }
  } finally {
    for (const f of ctx.cleanups) f();
    await ctx.close();
  }
  return rc;
}
