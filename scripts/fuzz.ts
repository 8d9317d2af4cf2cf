// Long fuzz run of the frame decoder, every generated decoder and the engine.
//   node build/scripts/fuzz.js --inputs 10000000 [--seed 1] [--workers 2] [--json out.json]
// Inputs are split across worker threads; a watchdog in the main thread
// fails the run if a worker makes no progress for --stall-ms (a hang), and
// samples the process RSS. Input i is rebuilt from (seed, i): a failure
// prints its index, and `--only I` replays it.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runFuzz, newResult, fuzzerFor, replayInput, type RunResult } from "../test/fuzz/lib/run.js";
import { mergeStats, failureCount, BUCKET_LIMITS_NS } from "../test/fuzz/lib/stats.js";

export interface FuzzReport {
  seed: number;
  inputs: number;
  workers: number;
  seconds: number;
  inputsPerSecond: number;
  rssStartMB: number;
  rssMaxMB: number;
  rssEndMB: number;
  /** Longest time a worker went without reporting progress, ms. */
  maxStallMs: number;
  hang: string | null;
  failures: number;
  /** The slowest inputs of each kind, replayed alone: their fastest replay, ns. */
  slowReplays: { kind: string; index: number; ns: number; replayNs: number }[];
  result: RunResult;
}

interface WorkerIn {
  seed: number;
  start: number;
  count: number;
  stride: number;
  progress: SharedArrayBuffer;
  slot: number;
}

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

const mb = (n: number): number => Math.round((n / 1048576) * 10) / 10;

async function workerMain(d: WorkerIn): Promise<void> {
  // Stack traces of the millions of expected ProtocolErrors are never read.
  Error.stackTraceLimit = 0;
  const beat = new Int32Array(d.progress);
  const res = await runFuzz({
    seed: d.seed,
    start: d.start,
    count: d.count,
    stride: d.stride,
    onProgress: (i) => Atomics.store(beat, d.slot, (i / d.stride) | 0),
  });
  parentPort!.postMessage(res);
}

/** Run `inputs` inputs on `workers` threads; resolves with the merged figures. */
export async function fuzzLong(o: { inputs: number; seed: number; workers: number; stallMs: number; log?: (s: string) => void }): Promise<FuzzReport> {
  const log = o.log ?? (() => {});
  const t0 = Date.now();
  const rssStart = process.memoryUsage().rss;
  let rssMax = rssStart;
  const progress = new SharedArrayBuffer(4 * o.workers);
  const beat = new Int32Array(progress);
  const merged = newResult();
  let hang: string | null = null;
  let maxStall = 0;
  const last = Array.from({ length: o.workers }, () => ({ v: -1, at: Date.now(), done: false }));
  const workers: Worker[] = [];
  const runs = Array.from({ length: o.workers }, (_, w) => {
    // Worker w takes indices w, w + W, w + 2W, ...: every fuzzer mix is shared evenly.
    const count = Math.floor(o.inputs / o.workers) + (w < o.inputs % o.workers ? 1 : 0);
    const data: WorkerIn = { seed: o.seed, start: w, count, stride: o.workers, progress, slot: w };
    const wk = new Worker(fileURLToPath(import.meta.url), { workerData: data });
    workers.push(wk);
    return new Promise<void>((resolve, reject) => {
      wk.once("message", (r: RunResult) => {
        for (const k of ["decode", "frame", "framePayload", "engine"] as const) mergeStats(merged[k], r[k]);
        last[w]!.done = true;
        resolve();
      });
      wk.once("error", reject);
      wk.once("exit", (code) => (code === 0 || last[w]!.done ? resolve() : reject(new Error(`worker ${w} exited with ${code}`))));
    });
  });
  const watch = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    const now = Date.now();
    let done = 0;
    for (let w = 0; w < o.workers; w++) {
      const l = last[w]!;
      const v = Atomics.load(beat, w);
      if (l.done) {
        done += Math.floor(o.inputs / o.workers);
        continue;
      }
      if (v !== l.v) {
        maxStall = Math.max(maxStall, now - l.at);
        l.v = v;
        l.at = now;
      } else if (now - l.at > o.stallMs && hang === null) {
        // The next index after the last heartbeat is at most 1,000 inputs on.
        const from = w + (l.v + 1) * o.workers;
        hang = `worker ${w} made no progress for ${now - l.at} ms after input ${from - o.workers} (next 1,000 from there, fuzzer ${fuzzerFor(from)})`;
        for (const wk of workers) void wk.terminate();
      }
      done += Math.max(0, l.v + 1);
    }
    log(`${((100 * done) / Math.max(1, o.inputs)).toFixed(1)}% rss ${mb(process.memoryUsage().rss)} MB`);
  }, 1000);
  try {
    await Promise.all(runs);
  } catch (err) {
    if (hang === null) throw err;
  } finally {
    clearInterval(watch);
  }
  const seconds = (Date.now() - t0) / 1000;
  Error.stackTraceLimit = 0;
  const slowReplays: FuzzReport["slowReplays"] = [];
  for (const kind of ["decode", "frame", "framePayload", "engine"] as const) {
    for (const s of merged[kind].slowest.slice(0, 3)) {
      if (s.index < 0) continue;
      slowReplays.push({ kind, index: s.index, ns: s.ns, replayNs: await replayInput(o.seed, s.index, kind) });
    }
  }
  Error.stackTraceLimit = 10;
  const failures = (["decode", "frame", "framePayload", "engine"] as const).reduce((a, k) => a + failureCount(merged[k]), 0);
  return {
    seed: o.seed,
    inputs: o.inputs,
    workers: o.workers,
    seconds,
    inputsPerSecond: Math.round(o.inputs / seconds),
    rssStartMB: mb(rssStart),
    rssMaxMB: mb(rssMax),
    rssEndMB: mb(process.memoryUsage().rss),
    maxStallMs: maxStall,
    hang,
    failures,
    slowReplays,
    result: merged,
  };
}

export function summarize(r: FuzzReport): string {
  const lines = [
    `fuzz: ${r.inputs.toLocaleString("en")} inputs, seed ${r.seed}, ${r.workers} workers, ${r.seconds.toFixed(1)} s (${r.inputsPerSecond.toLocaleString("en")}/s)`,
    `rss start ${r.rssStartMB} MB, max ${r.rssMaxMB} MB, end ${r.rssEndMB} MB; hang: ${r.hang ?? "none"}; failures: ${r.failures}`,
  ];
  lines.push(
    "slowest inputs replayed alone (fastest of 20): " +
      r.slowReplays.map((x) => `${x.kind} #${x.index} ${(x.ns / 1e6).toFixed(1)} -> ${(x.replayNs / 1e6).toFixed(2)} ms`).join(", "),
  );
  for (const k of ["decode", "frame", "framePayload", "engine"] as const) {
    const s = r.result[k];
    lines.push(
      `${k}: ${s.inputs.toLocaleString("en")} inputs, accepted ${s.accepted.toLocaleString("en")}, round trips ${s.roundTrips.toLocaleString("en")}, ` +
        `slowest ${(s.maxNs / 1e6).toFixed(2)} ms, largest input ${s.maxInput} B, largest allocation ${s.largestAlloc} B, ` +
        `alloc/input <= ${s.maxAllocRatio.toFixed(3)}, values/word <= ${s.maxNodesPerWord.toFixed(2)}`,
      `  rejected: ${JSON.stringify(s.rejected)}`,
      `  time buckets (<${BUCKET_LIMITS_NS.map((n) => n / 1000 + "us").join(", <")}, more): ${s.timeBuckets.join(" ")}`,
    );
    for (const f of s.failures.slice(0, 5)) lines.push(`  FAILURE ${f.kind} ${f.target} #${f.index}: ${f.message} input=${f.input.slice(0, 120)}`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const only = arg("only", "");
  const seed = Number(arg("seed", "1"));
  if (only !== "") {
    const r = await runFuzz({ seed, start: Number(only), count: 1 });
    for (const k of ["decode", "frame", "framePayload", "engine"] as const) {
      if (r[k].inputs) console.log(k, JSON.stringify(r[k], null, 1));
    }
    return;
  }
  const report = await fuzzLong({
    inputs: Number(arg("inputs", "1000000")),
    seed,
    workers: Number(arg("workers", "2")),
    stallMs: Number(arg("stall-ms", "60000")),
    log: process.argv.includes("--quiet") ? undefined : (s) => process.stderr.write(`\r${s}   `),
  });
  process.stderr.write("\n");
  console.log(summarize(report));
  const json = arg("json", "");
  if (json) writeFileSync(json, JSON.stringify(report, null, 1));
  if (report.failures > 0 || report.hang) process.exitCode = 1;
}

if (isMainThread) {
  if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
} else {
  await workerMain(workerData as WorkerIn);
}
