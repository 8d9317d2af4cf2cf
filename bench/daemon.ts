// libvirtd's own CPU time, read from /proc (daemon and client share the same cores).
import { readFileSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { parseUri } from "../src/index.js";
import { isEmbeddedUri } from "../src/api/connect.js";
import { unixSocketFor } from "../src/transport/unix-path.js";

let clockTicks: number | undefined;

/** Kernel clock ticks per second (utime/stime unit). */
export function clkTck(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Where the daemon listens: a unix socket path or a local TCP port. */
export type DaemonAddress = { unixPath: string } | { tcpHost: string; tcpPort: number };

/**
 * Pid of the process listening at `addr`: several libvirtds may run at once
 * (other test daemons), so the name alone does not say which one serves us.
 */
export function findDaemonPid(addr: DaemonAddress): number | null {
  const inodes = "unixPath" in addr ? unixListenInodes(addr.unixPath) : tcpListenInodes(addr.tcpHost, addr.tcpPort);
  if (inodes.size === 0) return null;
  for (const pid of readdirSafe("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    for (const fd of readdirSafe(`/proc/${pid}/fd`)) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(m[1]!)) return Number(pid);
    }
  }
  return null;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

// /proc/net/unix: Num RefCount Protocol Flags Type St Inode Path; listening sockets carry __SO_ACCEPTCON.
function unixListenInodes(path: string): Set<string> {
  const want = realOrSelf(path);
  const out = new Set<string>();
  for (const line of readSafe("/proc/net/unix").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || f[3] !== "00010000") continue;
    if (f[7] === path || realOrSelf(f[7]!) === want) out.add(f[6]!);
  }
  return out;
}

// /proc/net/tcp{,6}: local_address is HEX_IP:HEX_PORT (IPv4 bytes reversed), st 0A is LISTEN,
// inode is field 10. Several daemons may share a port on different loopback addresses.
function tcpListenInodes(host: string, port: number): Set<string> {
  const out = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host === "localhost" ? "127.0.0.1" : host);
  const wanted = new Set(["00000000"]);
  if (v4) wanted.add(v4.slice(1, 5).reverse().map((x) => Number(x).toString(16).toUpperCase().padStart(2, "0")).join(""));
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const v6 = file.endsWith("6");
    for (const line of readSafe(file).split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length <= 9 || f[3] !== "0A") continue;
      const [addr, p] = f[1]!.split(":");
      if (p !== hexPort) continue;
      // IPv6 listeners only for IPv6 or name hosts (any address then).
      if (v6 ? v4 === null : wanted.has(addr!)) out.add(f[9]!);
    }
  }
  return out;
}

/** The local process serving `uri` (unix socket as connect() picks it, or a local TCP port). */
export function daemonPidFor(uri: string): number | null {
  const u = parseUri(uri);
  if (isEmbeddedUri(u)) return null;
  if (u.transport === "unix") return findDaemonPid({ unixPath: unixSocketFor(u, false).path });
  const local = u.host === null || u.host === "localhost" || u.host.startsWith("127.") || u.host === "::1";
  if (u.transport === "tcp" && local) return findDaemonPid({ tcpHost: u.host ?? "localhost", tcpPort: u.port ?? 16509 });
  return null;
}

/** utime+stime of all the process's threads, in seconds; null if unreadable. */
export function daemonCpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / clkTck();
  } catch {
    return null;
  }
}

/** Context switches and CPU migrations of all the daemon's threads (scheduler statistics). */
export interface DaemonSched {
  switches: number;
  migrations: number;
}

/** Summed from /proc/<pid>/task/<tid>/sched; null where the kernel does not expose it. */
export function daemonSched(pid: number | null): DaemonSched | null {
  if (pid === null) return null;
  const out: DaemonSched = { switches: 0, migrations: 0 };
  let seen = false;
  for (const tid of readdirSafe(`/proc/${pid}/task`)) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/sched`, "utf8");
    } catch {
      continue;
    }
    const sw = /^nr_switches\s*:\s*(\d+)/m.exec(text);
    const mig = /^se\.nr_migrations\s*:\s*(\d+)/m.exec(text);
    if (!sw || !mig) continue;
    out.switches += Number(sw[1]);
    out.migrations += Number(mig[1]);
    seen = true;
  }
  return seen ? out : null;
}
