// Running the built CLI (and virsh, for comparison) as child processes.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import assert from "node:assert/strict";

/** build/src/cli/main.js, next to this compiled file's build/test/cli. */
export const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "cli", "main.js");

export interface RunResult {
  stdout: string;
  /** stdout as bytes (binary output such as images). */
  stdoutBytes: Buffer;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

function collect(child: ChildProcess, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => out.push(d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const stdout = (): string => Buffer.concat(out).toString("utf8");
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`timed out after ${timeoutMs} ms; stdout so far: ${JSON.stringify(stdout())} stderr: ${JSON.stringify(stderr)}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: stdout(), stdoutBytes: Buffer.concat(out), stderr, code, signal });
    });
  });
}

/** Run virtwire with `args`; stdin is `input` (or empty). */
export function virtwire(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...opts.env }, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin?.end(opts.input ?? "");
  return collect(child, opts.timeoutMs ?? 30_000);
}

/** Start virtwire and hand back the process (for signals and streaming output). */
export function startVirtwire(args: readonly string[], env?: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<RunResult>; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let seen = "";
  child.stdout?.on("data", (d: Buffer) => (seen += d.toString("utf8")));
  const done = collect(child, 120_000);
  return { child, done, output: () => seen };
}

/** virsh, if installed: same arguments, same streams (stdin is `input`, or empty), `env` added to ours. */
export function virsh(args: readonly string[], input = "", env: NodeJS.ProcessEnv = {}): RunResult | null {
  const r = spawnSync("virsh", args, { encoding: "utf8", timeout: 30_000, input, env: { ...process.env, ...env } });
  // Only a missing virsh is a reason to skip; a hung one is a failure.
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return null;
  if (r.error) throw new Error(`virsh ${args.join(" ")}: ${r.error.message}`);
  return { stdout: r.stdout, stdoutBytes: Buffer.from(r.stdout), stderr: r.stderr, code: r.status, signal: r.signal };
}

export function haveCommand(cmd: string): boolean {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0;
}

/** Lines that vary from run to run (clock-derived counters, creation times) masked for comparison. */
export function maskVolatile(text: string): string {
  return text
    .replace(/^(CPU time:\s+)\d+\.\d+s$/gm, "$1<t>")
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}/g, "<time>")
    .replace(/<creationTime>\d+<\/creationTime>/g, "<creationTime/>");
}

/** Wait until `cond()` holds, polling; fails after `ms`. Used to sync with other processes, never to assert timing. */
export async function waitUntil(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Run `action` (awaited, never overlapping) until `cond()` holds; fails after `ms`. */
export async function repeatUntil(cond: () => boolean, action: () => Promise<unknown>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await action();
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Poll an async probe until it says true; fails after `ms`. */
export async function untilTrue(probe: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A tmux session running sh, 160x50, once sh has printed its prompt: keys
 * sent earlier are echoed before the prompt and land on its line.
 */
export async function tmuxShell(name: string): Promise<{ tmux: (...args: string[]) => string; pane: () => string }> {
  const tmux = (...args: string[]): string => execFileSync("tmux", args, { encoding: "utf8" });
  const pane = (): string => tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", name);
  tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "50", "sh");
  await waitUntil(() => /[#$] $/m.test(pane()), 20_000, "sh's prompt");
  return { tmux, pane };
}

/** A stand-in for the user's editor: a shell script in `dir` that runs `body` on the file ($1). */
export function editorScript(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

export interface CompareOptions {
  /** Also run each with -q. */
  quiet?: boolean;
  /** Global options before -c (both programs). */
  flags?: readonly string[];
  /** Applied to both stdouts before comparing (volatile values). */
  mask?: (s: string) => string;
}

/**
 * Each command string run by virsh and virtwire on `uri`: same stdout, stderr
 * and exit code. False (after skipping the test) when virsh is not installed.
 */
export async function sameAsVirshOn(t: { skip(msg?: string): void }, uri: string, commands: readonly string[], opts: CompareOptions = {}): Promise<boolean> {
  const mask = opts.mask ?? ((s: string) => s);
  const flags = opts.flags ?? [];
  for (const cmd of commands) {
    for (const q of opts.quiet ? [[], ["-q"]] : [[]]) {
      const v = virsh([...flags, ...q, "-c", uri, cmd]);
      if (!v) {
        t.skip("virsh not installed");
        return false;
      }
      const w = await virtwire([...flags, ...q, "-c", uri, cmd]);
      const what = `${[...flags, ...q].join(" ")} ${cmd}`;
      assert.equal(mask(w.stdout), mask(v.stdout), `stdout of ${what}`);
      assert.equal(w.stderr, v.stderr, `stderr of ${what}`);
      assert.equal(w.code, v.code, `exit code of ${what}`);
    }
  }
  return true;
}
