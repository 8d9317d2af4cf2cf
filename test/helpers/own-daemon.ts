// A private libvirtd for tests and scripts that kill, freeze or restart their
// daemon, or change its limits. The machine's main libvirtd is shared and is
// never touched: this one runs in its own mount namespace with a private
// /run/libvirt (bind-mounted from a temp folder), its own config (-f) and
// pidfile (-p), its sockets in the temp folder, and LIBVIRT_DRIVER_DIR
// pointing at an empty folder so only the built-in test driver loads.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Skippable } from "./live.js";
import { canConnect } from "./sockets.js";

export interface OwnDaemonOptions {
  /** Extra libvirtd.conf settings, e.g. { max_client_requests: 5 }. Strings are quoted. */
  config?: Readonly<Record<string, string | number>>;
  /** Folder name prefix under the temp dir. */
  tag?: string;
}

export interface OwnDaemon {
  readonly dir: string;
  readonly socket: string;
  /** test+unix URI on this daemon: "/default" (shared by its clients) or an absolute node file. */
  uri(path?: string): string;
  /** Pid of the running daemon (-1 when stopped). */
  readonly pid: number;
  /** Send a signal to the daemon. */
  signal(sig: NodeJS.Signals): void;
  /** SIGSTOP: the socket stays, nothing answers. */
  freeze(): void;
  thaw(): void;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Start again on the same socket and config. */
  start(): Promise<void>;
  /** Stop and remove the folder. */
  dispose(): Promise<void>;
}

function underCi(): boolean {
  const ci = process.env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** Why a private daemon cannot run here, or null. */
export function ownDaemonUnavailable(): string | null {
  if (process.env["VIRTWIRE_LIVE"] === "0") return "live tests disabled (VIRTWIRE_LIVE=0)";
  if (process.getuid?.() !== 0) return "a private libvirtd needs root";
  if (!have("libvirtd")) return "libvirtd not installed: run `sudo scripts/setup-libvirt.sh`";
  if (!have("unshare")) return "unshare (util-linux) not installed";
  return null;
}

function confLine(k: string, v: string | number): string {
  return typeof v === "number" ? `${k} = ${v}` : `${k} = "${v.replace(/["\\]/g, "\\$&")}"`;
}

/** Start a private daemon; throws if that is impossible (see ownDaemonUnavailable). */
export async function startOwnDaemon(o: OwnDaemonOptions = {}): Promise<OwnDaemon> {
  const why = ownDaemonUnavailable();
  if (why) throw new Error(why);
  const dir = mkdtempSync(join(tmpdir(), `${o.tag ?? "virtwire-own"}-`));
  // The daemon runs as root, but node files and save images may be read from here.
  chmodSync(dir, 0o755);
  const run = join(dir, "run");
  const drivers = join(dir, "drivers");
  mkdirSync(run);
  mkdirSync(drivers);
  const conf = join(dir, "libvirtd.conf");
  const settings: Record<string, string | number> = {
    unix_sock_dir: run,
    listen_tls: 0,
    listen_tcp: 0,
    auth_unix_rw: "none",
    auth_unix_ro: "none",
    log_outputs: `3:file:${join(dir, "libvirtd.log")}`,
    ...o.config,
  };
  writeFileSync(conf, Object.entries(settings).map(([k, v]) => confLine(k, v)).join("\n") + "\n");
  const socket = join(run, "libvirt-sock");
  const pidfile = join(dir, "libvirtd.pid");
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    // exec keeps the pid: the child we hold is libvirtd itself.
    child = spawn(
      "unshare",
      ["--mount", "--propagation", "private", "sh", "-c", 'mount --bind "$1" /run/libvirt && exec libvirtd -f "$2" -p "$3"', "sh", run, conf, pidfile],
      { env: { ...process.env, LIBVIRT_DRIVER_DIR: drivers }, stdio: "ignore" },
    );
    const c = child;
    const deadline = Date.now() + 15_000;
    while (!(existsSync(socket) && (await canConnect({ path: socket })))) {
      if (c.exitCode !== null || c.signalCode !== null) throw new Error(`private libvirtd exited (${c.exitCode ?? c.signalCode}); see ${dir}/libvirtd.log`);
      if (Date.now() > deadline) throw new Error("private libvirtd did not start within 15 s");
      await sleep(20);
    }
  };

  const exit = (c: ChildProcess): Promise<void> =>
    c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", () => r()));

  const kill = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c) return;
    c.kill("SIGKILL");
    await exit(c);
  };

  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = exit(c);
    c.kill("SIGCONT");
    c.kill("SIGTERM");
    const done = await Promise.race([gone.then(() => true), sleep(5000, false, { ref: false })]);
    if (!done) {
      c.kill("SIGKILL");
      await gone;
    }
  };

  await start();
  return {
    dir,
    socket,
    uri: (path = "/default") => `test+unix://${path}?socket=${socket}`,
    get pid() {
      return child?.pid ?? -1;
    },
    signal: (sig) => void child?.kill(sig),
    freeze: () => void child?.kill("SIGSTOP"),
    thaw: () => void child?.kill("SIGCONT"),
    kill,
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** startOwnDaemon for a test: skips it where impossible (fails under CI instead). */
export async function ownDaemon(t: Skippable, o: OwnDaemonOptions = {}): Promise<OwnDaemon | undefined> {
  const why = ownDaemonUnavailable();
  if (why) {
    if (underCi() && process.env["VIRTWIRE_LIVE"] !== "0") throw new Error(`private libvirtd required under CI (${why})`);
    t.skip(why);
    return undefined;
  }
  return startOwnDaemon(o);
}
