// Closed-loop throughput and latency loops, shared by every in-process client.
import { performance } from "node:perf_hooks";
import { daemonCpuSeconds, daemonSched } from "./daemon.js";
import type { LatencyResult, ThroughputResult } from "./results.js";

export type Op = () => Promise<unknown>;

/** Run `op` until the deadline: sequentially (inflight 0, one worker) or from N concurrent workers. Returns calls done. */
export async function loopUntil(op: Op, inflight: number, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const worker = async (): Promise<number> => {
    let n = 0;
    while (performance.now() < deadline) {
      await op();
      n++;
    }
    return n;
  };
  const counts = await Promise.all(Array.from({ length: Math.max(1, inflight) }, worker));
  return counts.reduce((a, b) => a + b, 0);
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

export async function measureThroughput(
  op: Op,
  inflight: number,
  opts: { duration: number; warmup: number; daemonPid: number | null },
): Promise<ThroughputResult> {
  await loopUntil(op, inflight, opts.warmup);
  const d0 = daemonCpuSeconds(opts.daemonPid);
  const s0 = daemonSched(opts.daemonPid);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const calls = await loopUntil(op, inflight, opts.duration);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(c0));
  const d1 = daemonCpuSeconds(opts.daemonPid);
  const s1 = daemonSched(opts.daemonPid);
  return {
    kind: "throughput",
    calls,
    seconds,
    cpuSeconds: cpu,
    daemonCpuSeconds: d0 === null || d1 === null ? null : d1 - d0,
    daemonSwitches: s0 && s1 ? s1.switches - s0.switches : null,
    daemonMigrations: s0 && s1 ? s1.migrations - s0.migrations : null,
  };
}

/**
 * Time `once` (a full connect + open + close) `iterations` times, after
 * `warmup` seconds (at least 10 runs) of the same: every client, the peers
 * included, warms up alike, since a round may start on a machine left idle.
 */
export async function measureLatency(once: Op, iterations: number, warmup: number): Promise<LatencyResult> {
  const deadline = performance.now() + warmup * 1000;
  for (let i = 0; i < 10 || performance.now() < deadline; i++) await once();
  const samplesMs: number[] = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await once();
    samplesMs.push(performance.now() - t);
  }
  return { kind: "latency", samplesMs, cpuSeconds: cpuSeconds(process.cpuUsage(c0)) };
}
