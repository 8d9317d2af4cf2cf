// Two libvirtd hosts on this machine (scripts/two-hosts.sh), for migration tests.
//
// Policy, as for the other live helpers: the tests skip when the rig cannot
// run here (not root, no `ip netns`/unshare/libvirtd, guest not built) and
// fail under CI (CI=true) instead. VIRTWIRE_LIVE=0 skips them everywhere.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { guestAssets, type Skippable } from "./live.js";

const run = promisify(execFile);

/** build/test/helpers/ -> the repository's scripts/. */
export const TWO_HOSTS_SCRIPT = fileURLToPath(new URL("../../../scripts/two-hosts.sh", import.meta.url));

export interface RigHost {
  name: "a" | "b";
  /** From this process: qemu+unix:///system?socket=DIR/run/libvirt-sock. */
  uri: string;
  /** From the other host's daemon (peer-to-peer): qemu+tcp://ADDR/system. */
  tcpUri: string;
  addr: string;
  /** The host's folder: etc/, run/, lib/, log/ (its /var/log/libvirt), cache/. */
  dir: string;
  hostUuid: string;
}

export interface TwoHosts {
  instance: number;
  a: RigHost;
  b: RigHost;
  /** The other host of `h`. */
  peer(h: RigHost): RigHost;
  /** Stops both hosts and removes their folder (idempotent). */
  down(): Promise<void>;
}

function underCi(): boolean {
  const ci = process.env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

function onPath(bin: string): boolean {
  const dirs = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin", ...(process.env["PATH"] ?? "").split(":")];
  return dirs.some((d) => d !== "" && existsSync(`${d}/${bin}`));
}

/** Why the rig cannot run here, or null when it can. */
export function twoHostsUnavailable(): string | null {
  if (process.env["VIRTWIRE_LIVE"] === "0") return "VIRTWIRE_LIVE=0";
  if (process.platform !== "linux") return "two-host migration tests need Linux namespaces";
  if ((process.getuid?.() ?? 1) !== 0) return "two-host migration tests need root (network and mount namespaces)";
  for (const bin of ["ip", "unshare", "libvirtd", "virtlogd", "virsh", "qemu-system-x86_64"]) {
    if (!onPath(bin)) return `${bin} not found: run \`sudo scripts/setup-libvirt.sh\` (and install iproute2/util-linux)`;
  }
  if (!existsSync("/proc/self/ns/net")) return "no network namespaces (/proc/self/ns/net)";
  if (guestAssets() === null) return "busybox guest not built: run `sudo scripts/make-guest.sh`";
  return null;
}

function parseEnv(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) m.set(line.slice(0, i), line.slice(i + 1).replace(/^'(.*)'$/, "$1"));
  }
  return m;
}

function hostFrom(env: Map<string, string>, name: "a" | "b"): RigHost {
  const H = name.toUpperCase();
  const get = (k: string): string => {
    const v = env.get(`VW2H_${H}_${k}`);
    if (v === undefined) throw new Error(`two-hosts.sh env did not print VW2H_${H}_${k}`);
    return v;
  };
  return { name, uri: get("URI"), tcpUri: get("TCP_URI"), addr: get("ADDR"), dir: get("DIR"), hostUuid: get("UUID") };
}

/** Exit status of two-hosts.sh up when another live process holds the instance. */
const BUSY = 3;

class Busy extends Error {}

async function script(cmd: string, instance: number): Promise<string> {
  try {
    const env = { ...process.env, VW2H_OWNER: String(process.pid) };
    const r = await run("bash", [TWO_HOSTS_SCRIPT, cmd, String(instance)], { timeout: 120_000, maxBuffer: 1 << 20, env });
    return r.stdout;
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (cmd === "up" && e.code === BUSY) throw new Busy(e.stderr ?? "busy");
    throw new Error(`two-hosts.sh ${cmd} ${instance} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/**
 * Starts (fresh) both hosts of the first free instance from `base` on (each
 * instance: its own subnet 10.211.N.0/24, namespaces and folder; give each
 * test file its own base, 10 apart). Call down() in an after hook.
 */
export async function startTwoHosts(base: number): Promise<TwoHosts> {
  for (let instance = base; instance < base + 10 && instance <= 254; instance++) {
    try {
      await script("up", instance);
    } catch (err) {
      if (err instanceof Busy) continue;
      // Leave nothing half-started behind.
      await script("down", instance).catch(() => undefined);
      throw err;
    }
    return describe(instance);
  }
  throw new Error(`two-hosts.sh: instances ${base}..${base + 9} are all in use by other processes`);
}

async function describe(instance: number): Promise<TwoHosts> {
  const env = parseEnv(await script("env", instance));
  const a = hostFrom(env, "a");
  const b = hostFrom(env, "b");
  return {
    instance,
    a,
    b,
    peer: (h) => (h.name === "a" ? b : a),
    down: async () => {
      await script("down", instance);
    },
  };
}

/**
 * For a before() hook: the rig, or null when it cannot run here (tests then
 * skip through requireTwoHosts). Under CI a missing prerequisite throws.
 */
export async function tryStartTwoHosts(base: number): Promise<TwoHosts | null> {
  const why = twoHostsUnavailable();
  if (why !== null) {
    if (underCi() && process.env["VIRTWIRE_LIVE"] !== "0") throw new Error(`two-host migration rig required under CI: ${why}`);
    return null;
  }
  return startTwoHosts(base);
}

/** In a test: the rig, or undefined after skipping (throws under CI). */
export function requireTwoHosts(t: Skippable, rig: TwoHosts | null | undefined): TwoHosts | undefined {
  if (rig) return rig;
  const why = twoHostsUnavailable() ?? "the two-host rig did not start (see the before hook's error)";
  if (underCi() && process.env["VIRTWIRE_LIVE"] !== "0") throw new Error(`two-host migration rig required under CI: ${why}`);
  t.skip(why);
  return undefined;
}
