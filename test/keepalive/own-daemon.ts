// A private libvirtd for tests that stop, freeze or restart their daemon (the
// machine's main libvirtd is shared with other tests and must not be touched).
// Its own config with unix_sock_dir in a temp folder, its own pidfile, and
// LIBVIRT_DRIVER_DIR pointing at an empty folder so only the built-in test
// driver loads (no QEMU driver autostarting the host's guests).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Skippable } from "../helpers/live.js";

export interface OwnDaemon {
  readonly dir: string;
  readonly socket: string;
  /** test+unix URI on this daemon; path "/default" (shared state) or an absolute node file. */
  uri(path?: string): string;
  readonly pid: number;
  /** SIGSTOP: the daemon keeps its socket but answers nothing. */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  /** Stop the process (SIGTERM, then SIGKILL), keep the folder. */
  stop(): Promise<void>;
  /** Start again on the same socket. */
  start(): Promise<void>;
  /** Stop and remove everything. */
  dispose(): Promise<void>;
}

function underCi(): boolean {
  const ci = process.env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

function haveLibvirtd(): boolean {
  return spawnSync("sh", ["-c", "command -v libvirtd"], { stdio: "ignore" }).status === 0;
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect({ path });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

/** Start a private daemon, or skip the test (fail under CI) where that is impossible. */
export async function ownDaemon(t: Skippable): Promise<OwnDaemon | undefined> {
  const why =
    process.env["VIRTWIRE_LIVE"] === "0"
      ? "live tests disabled (VIRTWIRE_LIVE=0)"
      : process.getuid?.() !== 0
        ? "a private libvirtd needs root"
        : !haveLibvirtd()
          ? "libvirtd not installed: run `sudo scripts/setup-libvirt.sh`"
          : null;
  if (why) {
    if (underCi() && process.env["VIRTWIRE_LIVE"] !== "0") throw new Error(`private libvirtd required under CI (${why})`);
    t.skip(why);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "virtwire-own-libvirtd-"));
  const run = join(dir, "run");
  const drivers = join(dir, "drivers");
  mkdirSync(run);
  mkdirSync(drivers);
  const conf = join(dir, "libvirtd.conf");
  writeFileSync(
    conf,
    [
      `unix_sock_dir = "${run}"`,
      "listen_tls = 0",
      "listen_tcp = 0",
      'auth_unix_rw = "none"',
      'auth_unix_ro = "none"',
      "",
    ].join("\n"),
  );
  const socket = join(run, "libvirt-sock");
  const pidfile = join(dir, "libvirtd.pid");
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    child = spawn("libvirtd", ["-f", conf, "-p", pidfile], {
      env: { ...process.env, LIBVIRT_DRIVER_DIR: drivers },
      stdio: "ignore",
    });
    const c = child;
    const deadline = Date.now() + 15_000;
    while (!(existsSync(socket) && (await canConnect(socket)))) {
      if (c.exitCode !== null) throw new Error(`private libvirtd exited with ${c.exitCode}`);
      if (Date.now() > deadline) throw new Error("private libvirtd did not start within 15 s");
      await sleep(50);
    }
  };

  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once("exit", () => r()));
    c.kill("SIGCONT");
    c.kill("SIGTERM");
    const killed = await Promise.race([exited.then(() => true), sleep(5000, undefined, { ref: false }).then(() => false)]);
    if (!killed) {
      c.kill("SIGKILL");
      await exited;
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
    freeze: () => {
      child?.kill("SIGSTOP");
    },
    thaw: () => {
      child?.kill("SIGCONT");
    },
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
