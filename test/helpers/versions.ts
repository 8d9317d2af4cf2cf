// The libvirt daemons a test run can reach: the machine's own (9.0) and the
// newer ones scripts/libvirt-versions.sh runs from Debian trixie (11.x) and
// sid (12.x) folders. Synchronous: reads version stamps and checks sockets.
import { existsSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { usableSocket } from "./sockets.js";

export type DaemonSuite = "host" | "trixie" | "sid";

export interface LibvirtDaemon {
  suite: DaemonSuite;
  /** major.minor, e.g. "12.8". */
  label: string;
  /** Full version, e.g. "12.8.0". */
  version: string;
  /** major * 1_000_000 + minor * 1000 + micro, as getLibraryVersion() returns it. */
  versionNumber: number;
  /** Folder holding libvirt-sock and libvirt-sock-ro. */
  runDir: string;
  /** The daemon's test driver (shared test:///default state). */
  testUri: string;
  /** The daemon's QEMU driver. */
  qemuUri: string;
}

export const VERSIONS_ROOT = process.env["VIRTWIRE_VERSIONS_ROOT"] || "/var/lib/virtwire/versions";
export const HOST_RUN_DIR = "/var/run/libvirt";
const SUITES = ["trixie", "sid"] as const;

/** "libvirtd (libvirt) 12.8.0" -> "12.8.0". */
export function parseLibvirtdVersion(text: string): string | null {
  return /(\d+)\.(\d+)\.(\d+)\s*$/.exec(text.trim())?.[0] ?? null;
}

export function versionNumber(version: string): number {
  const [major = 0, minor = 0, micro = 0] = version.split(".").map(Number);
  return major * 1_000_000 + minor * 1000 + micro;
}

function daemon(suite: DaemonSuite, version: string, runDir: string): LibvirtDaemon {
  const sock = join(runDir, "libvirt-sock");
  return {
    suite,
    label: version.split(".").slice(0, 2).join("."),
    version,
    versionNumber: versionNumber(version),
    runDir,
    testUri: `test+unix:///default?socket=${sock}`,
    qemuUri: `qemu+unix:///system?socket=${sock}`,
  };
}

function hostVersion(): string | null {
  try {
    return parseLibvirtdVersion(execFileSync("libvirtd", ["--version"], { encoding: "utf8", timeout: 5000 }));
  } catch {
    return null;
  }
}

/**
 * The machine's libvirtd, if its socket is there. Not inside a matrix run of
 * another daemon (VIRTWIRE_LIBVIRTD_RUNDIR), where /run/libvirt may be that one's.
 */
export function hostDaemon(): LibvirtDaemon | null {
  if (process.env["VIRTWIRE_LIBVIRTD_RUNDIR"]) return null;
  if (!usableSocket(join(HOST_RUN_DIR, "libvirt-sock"))) return null;
  const v = hostVersion();
  return v === null ? null : daemon("host", v, HOST_RUN_DIR);
}

/** A started newer daemon (scripts/libvirt-versions.sh start), if its socket is there. */
export function folderDaemon(suite: "trixie" | "sid", root = VERSIONS_ROOT): LibvirtDaemon | null {
  const dir = join(root, suite);
  const stamp = join(dir, ".virtwire-libvirt-version");
  const runDir = join(dir, "run", "libvirt");
  if (!existsSync(stamp) || !usableSocket(join(runDir, "libvirt-sock"))) return null;
  const v = parseLibvirtdVersion(readFileSync(stamp, "utf8"));
  return v === null ? null : daemon(suite, v, runDir);
}

/** Every daemon reachable now, oldest first. */
export function availableDaemons(): LibvirtDaemon[] {
  const all = [hostDaemon(), ...SUITES.map((s) => folderDaemon(s))];
  return all.filter((d): d is LibvirtDaemon => d !== null).sort((a, b) => a.versionNumber - b.versionNumber);
}

/**
 * scripts/test-matrix.sh sets VIRTWIRE_MATRIX=1 after starting the newer
 * daemons: then a missing one is a failure. Otherwise (plain `npm test`, CI's
 * test phase included) version tests skip the daemons that are not running.
 */
export function matrixRequired(): boolean {
  return process.env["VIRTWIRE_MATRIX"] === "1";
}
