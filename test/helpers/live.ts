// Helpers for tests against a real libvirtd (started by scripts/setup-libvirt.sh)
// and the busybox guest (built by scripts/make-guest.sh).
//
// Policy: a live test runs when its daemon is reachable; otherwise it skips,
// except under CI (CI=true), where a missing daemon or guest fails the test.
// VIRTWIRE_LIVE=0 skips live tests even when a daemon is there (and under CI).

import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { canConnect, usableSocket } from "./sockets.js";

export type LiveKind = "test-unix" | "test-tcp" | "qemu" | "ro";

export interface LiveTarget {
  uri: string;
}

/** The part of node:test's TestContext these helpers use. */
export interface Skippable {
  skip(message?: string): void;
}

/**
 * Another daemon's socket folder (a newer libvirt from scripts/libvirt-versions.sh,
 * set by scripts/test-matrix.sh): the unix kinds then use socket= URIs into it.
 */
export const ALT_RUN_DIR: string | null = process.env["VIRTWIRE_LIBVIRTD_RUNDIR"] || null;
const RUN_DIR = ALT_RUN_DIR ?? "/var/run/libvirt";
export const RW_SOCKET = join(RUN_DIR, "libvirt-sock");
const RO_SOCKET = join(RUN_DIR, "libvirt-sock-ro");
const TCP_HOST = "127.0.0.1";
const TCP_PORT = 16509;

export const LIVE_URIS: Readonly<Record<LiveKind, string>> = {
  "test-unix": ALT_RUN_DIR === null ? "test+unix:///default" : `test+unix:///default?socket=${RW_SOCKET}`,
  "test-tcp": `test+tcp://${TCP_HOST}/default`,
  qemu: ALT_RUN_DIR === null ? "qemu:///system" : `qemu+unix:///system?socket=${RW_SOCKET}`,
  // The -ro socket: the server makes every connection on it read-only.
  ro: `${ALT_RUN_DIR === null ? "qemu" : "qemu+unix"}:///system?socket=${RO_SOCKET}`,
};

export const SKIP_MESSAGE = "libvirtd not running: run `sudo scripts/setup-libvirt.sh` to enable live tests";
const GUEST_SKIP_MESSAGE = "busybox guest not built: run `sudo scripts/make-guest.sh` to enable guest tests";

function underCi(): boolean {
  const ci = process.env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

function optedOut(): boolean {
  return process.env["VIRTWIRE_LIVE"] === "0";
}

/** For non-root users test+unix:///default means a session daemon, which setup does not start. */
function sessionOnly(kind: LiveKind): boolean {
  return kind === "test-unix" && (process.getuid?.() ?? 0) !== 0;
}

function socketFor(kind: LiveKind): string | null {
  if (kind === "test-tcp") return null;
  return kind === "ro" ? RO_SOCKET : RW_SOCKET;
}

/** Is something listening on TCP_HOST:TCP_PORT? Read from /proc, so it stays synchronous. */
function tcpListening(): boolean {
  // 127.0.0.1:16509 as the kernel prints it; state 0A = LISTEN.
  const local = `0100007F:${TCP_PORT.toString(16).toUpperCase().padStart(4, "0")}`;
  const any = `00000000:${TCP_PORT.toString(16).toUpperCase().padStart(4, "0")}`;
  try {
    const lines = readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1);
    return lines.some((line) => {
      const f = line.trim().split(/\s+/);
      return (f[1] === local || f[1] === any) && f[3] === "0A";
    });
  } catch {
    return false;
  }
}

/**
 * The URI for a kind of live target if its daemon looks reachable, else null.
 * Synchronous: unix kinds check the socket file, TCP checks /proc/net/tcp. A
 * stale socket file left by a killed daemon passes; liveTargetAsync connects.
 */
export function liveTarget(kind: LiveKind): LiveTarget | null {
  if (optedOut() || sessionOnly(kind)) return null;
  const sock = socketFor(kind);
  const ok = sock === null ? tcpListening() : usableSocket(sock);
  return ok ? { uri: LIVE_URIS[kind] } : null;
}

/** Like liveTarget, but proves reachability by connecting (and closing at once). */
export async function liveTargetAsync(kind: LiveKind, timeoutMs = 1000): Promise<LiveTarget | null> {
  if (optedOut() || sessionOnly(kind)) return null;
  const sock = socketFor(kind);
  const ok =
    sock === null
      ? await canConnect({ host: TCP_HOST, port: TCP_PORT }, timeoutMs)
      : usableSocket(sock) && (await canConnect({ path: sock }, timeoutMs));
  return ok ? { uri: LIVE_URIS[kind] } : null;
}

function missing(t: Skippable, message: string): undefined {
  if (underCi() && !optedOut()) throw new Error(`libvirtd required under CI (${message})`);
  t.skip(message);
  return undefined;
}

/**
 * The URI to test against, or undefined after skipping the test (throws under CI).
 * Use as: `const uri = requireLive(t, "qemu"); if (!uri) return;`
 */
export function requireLive(t: Skippable, kind: LiveKind): string | undefined {
  return liveTarget(kind)?.uri ?? missing(t, SKIP_MESSAGE);
}

/** requireLive with a real connection attempt instead of file checks. */
export async function requireLiveAsync(t: Skippable, kind: LiveKind): Promise<string | undefined> {
  return (await liveTargetAsync(kind))?.uri ?? missing(t, SKIP_MESSAGE);
}

// --- the busybox guest ------------------------------------------------------

export const GUEST_DIR = process.env["VIRTWIRE_GUEST_DIR"] ?? "/var/lib/libvirt/images/virtwire";
/** The guest prints this at the start of a line on ttyS0 once booted. */
export const GUEST_READY = "VIRTWIRE-GUEST-READY";
/** Printed on ttyS0 when the guest handles an ACPI power-button press. */
export const GUEST_POWEROFF = "VIRTWIRE-GUEST-POWEROFF";
/** Where libvirt's virtlogd may write serial logs (readable by root only). */
export const SERIAL_LOG_DIR = "/var/log/libvirt/qemu";

export interface GuestAssets {
  dir: string;
  kernel: string;
  initrd: string;
  /** Blank 16 MiB qcow2; never attach it directly, copy it (copyGuestDisk). */
  diskTemplate: string;
  /** Folder for per-test disk copies; readable by the QEMU user. */
  scratchDir: string;
}

/** Paths of the guest's kernel, initramfs and disk template, or null if not built. */
export function guestAssets(): GuestAssets | null {
  const a: GuestAssets = {
    dir: GUEST_DIR,
    kernel: join(GUEST_DIR, "vmlinuz"),
    initrd: join(GUEST_DIR, "initrd.img"),
    diskTemplate: join(GUEST_DIR, "disk-template.qcow2"),
    scratchDir: join(GUEST_DIR, "tmp"),
  };
  return [a.kernel, a.initrd, a.diskTemplate, a.scratchDir].every((p) => existsSync(p)) ? a : null;
}

/** Guest assets plus a reachable qemu:///system, or undefined after skipping (throws under CI). */
export function requireGuest(t: Skippable): { uri: string; assets: GuestAssets } | undefined {
  const uri = requireLive(t, "qemu");
  if (uri === undefined) return undefined;
  const assets = guestAssets();
  if (assets === null) return missing(t, GUEST_SKIP_MESSAGE);
  return { uri, assets };
}

let nameCounter = 0;
/** A domain name unique to this process; virtwire-* guests are what stop-libvirt.sh cleans up. */
export function uniqueGuestName(tag: string): string {
  nameCounter += 1;
  return `virtwire-${tag}-${process.pid}-${nameCounter}`;
}

/** Copies the disk template for one guest; the caller removes the copy (rmSync). */
export function copyGuestDisk(name: string, assets: GuestAssets | null = guestAssets()): string {
  if (assets === null) throw new Error(GUEST_SKIP_MESSAGE);
  const path = join(assets.scratchDir, `${name}.qcow2`);
  copyFileSync(assets.diskTemplate, path);
  return path;
}

/** Default serial log path for a guest name. */
export function serialLogPath(name: string): string {
  return join(SERIAL_LOG_DIR, `${name}-serial.log`);
}

export interface GuestXmlOptions {
  name: string;
  uuid?: string;
  /** Default 96. Below ~64 MiB the kernel may not boot. */
  memoryMiB?: number;
  /** Default 1. */
  vcpus?: number;
  /** A qcow2 copy (copyGuestDisk) attached as virtio vda; omitted: no disk. */
  disk?: string;
  /** VNC on 127.0.0.1 plus a VGA video device, for screenshots. Default true. */
  vnc?: boolean;
  /** A virtio-serial channel: true = org.qemu.guest_agent.0, or a target name. */
  channel?: boolean | string;
  /** Serial output is also written to this file (by virtlogd). */
  serialLog?: string;
  /** false: no kernel/initrd, a diskless SeaBIOS guest that idles. Default true. */
  boot?: boolean;
  assets?: GuestAssets;
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Domain XML for the busybox guest (type qemu: no KVM needed). */
export function guestXml(opts: GuestXmlOptions): string {
  const boot = opts.boot ?? true;
  const assets = opts.assets ?? guestAssets();
  if (boot && assets === null) throw new Error(GUEST_SKIP_MESSAGE);
  const e = xmlEscape;
  const lines: string[] = [
    "<domain type='qemu'>",
    `  <name>${e(opts.name)}</name>`,
  ];
  if (opts.uuid !== undefined) lines.push(`  <uuid>${e(opts.uuid)}</uuid>`);
  lines.push(
    `  <memory unit='MiB'>${opts.memoryMiB ?? 96}</memory>`,
    `  <vcpu>${opts.vcpus ?? 1}</vcpu>`,
    "  <os>",
    "    <type arch='x86_64' machine='pc'>hvm</type>",
  );
  if (boot && assets !== null) {
    lines.push(
      `    <kernel>${e(assets.kernel)}</kernel>`,
      `    <initrd>${e(assets.initrd)}</initrd>`,
      "    <cmdline>console=ttyS0 quiet</cmdline>",
    );
  }
  lines.push(
    "  </os>",
    // acpi: the guest powers off on the power button, so shutdown()/reboot() work.
    "  <features><acpi/><apic/></features>",
    "  <on_poweroff>destroy</on_poweroff>",
    "  <on_reboot>restart</on_reboot>",
    "  <on_crash>destroy</on_crash>",
    "  <devices>",
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>",
  );
  if (opts.disk !== undefined) {
    lines.push(
      "    <disk type='file' device='disk'>",
      "      <driver name='qemu' type='qcow2'/>",
      `      <source file='${e(opts.disk)}'/>`,
      "      <target dev='vda' bus='virtio'/>",
      "    </disk>",
    );
  }
  lines.push("    <serial type='pty'>");
  if (opts.serialLog !== undefined) lines.push(`      <log file='${e(opts.serialLog)}' append='off'/>`);
  lines.push(
    "      <target port='0'/>",
    "    </serial>",
    "    <console type='pty'><target type='serial' port='0'/></console>",
  );
  if (opts.channel) {
    const target = opts.channel === true ? "org.qemu.guest_agent.0" : opts.channel;
    lines.push(`    <channel type='unix'><target type='virtio' name='${e(target)}'/></channel>`);
  }
  if (opts.vnc ?? true) {
    lines.push("    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>", "    <video><model type='vga'/></video>");
  }
  lines.push("  </devices>", "</domain>", "");
  return lines.join("\n");
}

/**
 * Waits until `needle` appears in a file (a serial log) at least `count` times.
 * Resolves with the file's text; rejects after timeoutMs. The busybox guest
 * needs ~7 s to print GUEST_READY under software emulation.
 */
export async function waitForText(file: string, needle: string, timeoutMs = 120_000, count = 1): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text = "";
    try {
      text = readFileSync(file, "latin1");
    } catch {
      // not created yet
    }
    if (text.split(needle).length - 1 >= count) return text;
    if (Date.now() > deadline) {
      throw new Error(`"${needle}" did not appear in ${file} within ${timeoutMs} ms; last output: ${JSON.stringify(text.slice(-300))}`);
    }
    await sleep(200);
  }
}
