// The other bindings (bench/peers/*), run as child processes that print JSON.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchCase } from "./cases.js";
import type { CaseResult, ClientId } from "./results.js";

/** Scripts stay in the source tree (tsc does not copy them into build/). */
const PEERS_DIR = fileURLToPath(new URL("../../bench/peers/", import.meta.url));

export interface Peer {
  id: Extract<ClientId, "python" | "perl">;
  label: string;
  command: string;
  script: string;
  /** Sys::Virt has no concurrent calls on one connection. */
  supports(c: BenchCase): boolean;
}

export function peers(python: string, perl: string): Peer[] {
  return [
    { id: "python", label: "libvirt-python", command: python, script: `${PEERS_DIR}libvirt_python.py`, supports: () => true },
    {
      id: "perl",
      label: "Sys::Virt",
      command: perl,
      script: `${PEERS_DIR}sys_virt.pl`,
      supports: (c) => c.kind === "latency" || c.inflight === 0,
    },
  ];
}

export interface PeerOutput {
  version: string;
  unavailable?: string;
  results: Map<string, CaseResult>;
  errors: Map<string, string>;
}

function run(peer: Peer, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(peer.command, [peer.script, ...args], { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${peer.command} ${peer.script}: ${err.message.split("\n")[0]}${stderr ? `: ${stderr.trim()}` : ""}`));
      else resolve(stdout);
    });
  });
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function toResult(v: unknown): CaseResult | null {
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.kind === "throughput") {
    return {
      kind: "throughput",
      calls: num(o.calls) ?? 0,
      seconds: num(o.seconds) ?? 0,
      cpuSeconds: num(o.cpu_seconds),
      daemonCpuSeconds: num(o.daemon_cpu_seconds),
      daemonSwitches: num(o.daemon_switches),
      daemonMigrations: num(o.daemon_migrations),
    };
  }
  if (o.kind === "latency" && Array.isArray(o.samples_ms)) {
    return { kind: "latency", samplesMs: o.samples_ms.filter((x): x is number => typeof x === "number"), cpuSeconds: num(o.cpu_seconds) };
  }
  return null;
}

export function parsePeerOutput(stdout: string): PeerOutput {
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== "object" || parsed === null) throw new Error("peer printed no JSON object");
  const o = parsed as Record<string, unknown>;
  const out: PeerOutput = { version: typeof o.version === "string" ? o.version : "", results: new Map(), errors: new Map() };
  if (typeof o.unavailable === "string") out.unavailable = o.unavailable;
  for (const [k, v] of Object.entries((o.results ?? {}) as Record<string, unknown>)) {
    const r = toResult(v);
    if (r) out.results.set(k, r);
  }
  for (const [k, v] of Object.entries((o.errors ?? {}) as Record<string, unknown>)) out.errors.set(k, String(v));
  return out;
}

/** Availability and versions; never throws. */
export async function probePeer(peer: Peer): Promise<PeerOutput> {
  try {
    return parsePeerOutput(await run(peer, ["--probe"], 30_000));
  } catch (err) {
    return { version: "", unavailable: (err as Error).message, results: new Map(), errors: new Map() };
  }
}

export async function runPeerCase(
  peer: Peer,
  c: BenchCase,
  o: { uri: string; duration: number; warmup: number; iterations: number; daemonPid: number | null },
): Promise<PeerOutput> {
  const args = [
    `--uri=${o.uri}`,
    `--cases=${c.id}`,
    `--duration=${o.duration}`,
    `--warmup=${o.warmup}`,
    `--iterations=${o.iterations}`,
  ];
  if (o.daemonPid !== null) args.push(`--daemon-pid=${o.daemonPid}`);
  // Generous: interpreter start-up plus the run, on a loaded machine.
  const timeoutMs = 60_000 + (o.duration + o.warmup) * 1000 * 4 + o.iterations * 50;
  return parsePeerOutput(await run(peer, args, timeoutMs));
}
