// What one client measured, and the numbers derived from it.

export interface ThroughputResult {
  kind: "throughput";
  calls: number;
  seconds: number;
  /** Client process CPU (user + system) over the measured window; null if not measured. */
  cpuSeconds: number | null;
  /** libvirtd's CPU (user + system, all threads) over the same window. */
  daemonCpuSeconds: number | null;
  /** libvirtd's context switches and CPU migrations (all threads) over the window, where known. */
  daemonSwitches: number | null;
  daemonMigrations: number | null;
}

export interface LatencyResult {
  kind: "latency";
  samplesMs: number[];
  cpuSeconds: number | null;
}

export type CaseResult = ThroughputResult | LatencyResult;

export type ClientId = "virtwire" | "busypoll" | "python" | "perl" | "embedded";

export interface ClientRun {
  id: ClientId;
  label: string;
  /** Versions worth printing (the binding, its libvirt). */
  version: string;
  /** Why this client did not run at all. */
  unavailable?: string;
  results: Map<string, CaseResult>;
  errors: Map<string, string>;
}

export function newRun(id: ClientId, label: string): ClientRun {
  return { id, label, version: "", results: new Map(), errors: new Map() };
}

export function callsPerSecond(r: CaseResult | undefined): number | null {
  return r?.kind === "throughput" && r.seconds > 0 ? r.calls / r.seconds : null;
}

/** Client CPU per call in microseconds. */
export function cpuUsPerCall(r: CaseResult | undefined): number | null {
  if (r?.kind !== "throughput" || r.cpuSeconds === null || r.calls === 0) return null;
  return (r.cpuSeconds * 1e6) / r.calls;
}

export function daemonUsPerCall(r: CaseResult | undefined): number | null {
  if (r?.kind !== "throughput" || r.daemonCpuSeconds === null || r.calls === 0) return null;
  return (r.daemonCpuSeconds * 1e6) / r.calls;
}

/** Two rounds of the same case as one result: counts and times add up, samples join. */
export function mergeResults(a: CaseResult | undefined, b: CaseResult): CaseResult {
  if (!a) return b;
  const add = (x: number | null, y: number | null): number | null => (x === null || y === null ? null : x + y);
  if (a.kind === "throughput" && b.kind === "throughput") {
    return {
      kind: "throughput",
      calls: a.calls + b.calls,
      seconds: a.seconds + b.seconds,
      cpuSeconds: add(a.cpuSeconds, b.cpuSeconds),
      daemonCpuSeconds: add(a.daemonCpuSeconds, b.daemonCpuSeconds),
      daemonSwitches: add(a.daemonSwitches, b.daemonSwitches),
      daemonMigrations: add(a.daemonMigrations, b.daemonMigrations),
    };
  }
  if (a.kind === "latency" && b.kind === "latency") {
    return { kind: "latency", samplesMs: [...a.samplesMs, ...b.samplesMs], cpuSeconds: add(a.cpuSeconds, b.cpuSeconds) };
  }
  throw new Error("cannot merge results of different kinds");
}

/** A daemon count (context switches, migrations) per call. */
export function daemonPerCall(r: CaseResult | undefined, what: "daemonSwitches" | "daemonMigrations"): number | null {
  if (r?.kind !== "throughput" || r.calls === 0) return null;
  const v = r[what];
  return v === null ? null : v / r.calls;
}
