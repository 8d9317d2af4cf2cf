// Counters one fuzz run collects; merged across workers by the long run.

export interface Failure {
  /** "exception" (not a ProtocolError), "alloc", "roundtrip", "frames", "slow", "engine". */
  kind: string;
  fuzzer: string;
  target: string;
  seed: number;
  index: number;
  message: string;
  /** The input, hex (first 512 bytes). */
  input: string;
}

export interface FuzzStats {
  inputs: number;
  /** Inputs decoded without error (valid ones and mutations that still parse). */
  accepted: number;
  /** ProtocolError count by code. */
  rejected: Record<string, number>;
  /** Unmutated inputs that round-tripped. */
  roundTrips: number;
  /** Slowest single input, ns. */
  maxNs: number;
  /** The five slowest inputs (replayed after a long run to tell slow code from a descheduled thread). */
  slowest: { index: number; ns: number }[];
  /** Inputs by time: <10us, <100us, <1ms, <10ms, <100ms, >=100ms. */
  timeBuckets: number[];
  /** Largest (bytes allocated by the decoder) / (input bytes) seen, inputs of 64+ bytes. */
  maxAllocRatio: number;
  /** Largest single allocation the decoder made, bytes. */
  largestAlloc: number;
  /** Largest (decoded JS values) per 4-byte word of input. */
  maxNodesPerWord: number;
  /** Largest input fed, bytes. */
  maxInput: number;
  /** Inputs per target class or fuzzer. */
  byClass: Record<string, number>;
  failures: Failure[];
}

export const BUCKET_LIMITS_NS = [10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

export function newStats(): FuzzStats {
  return {
    inputs: 0,
    accepted: 0,
    rejected: {},
    roundTrips: 0,
    maxNs: 0,
    slowest: [],
    timeBuckets: [0, 0, 0, 0, 0, 0],
    maxAllocRatio: 0,
    largestAlloc: 0,
    maxNodesPerWord: 0,
    maxInput: 0,
    byClass: {},
    failures: [],
  };
}

export function noteTime(s: FuzzStats, ns: number, index = -1): void {
  if (ns > s.maxNs) s.maxNs = ns;
  if (s.slowest.length < 5 || ns > s.slowest[s.slowest.length - 1]!.ns) keepSlowest(s.slowest, { index, ns });
  let i = 0;
  while (i < BUCKET_LIMITS_NS.length && ns >= BUCKET_LIMITS_NS[i]!) i++;
  s.timeBuckets[i]!++;
}

function keepSlowest(list: { index: number; ns: number }[], e: { index: number; ns: number }): void {
  list.push(e);
  list.sort((a, b) => b.ns - a.ns);
  if (list.length > 5) list.length = 5;
}

export function bump(rec: Record<string, number>, key: string, n = 1): void {
  rec[key] = (rec[key] ?? 0) + n;
}

/** Keep the first few failures of each kind; counting goes on. */
export function addFailure(s: FuzzStats, f: Failure): void {
  bump(s.rejected, `FAILURE:${f.kind}`);
  if (s.failures.filter((x) => x.kind === f.kind).length < 20) s.failures.push(f);
}

export function mergeStats(into: FuzzStats, from: FuzzStats): void {
  into.inputs += from.inputs;
  into.accepted += from.accepted;
  for (const [k, v] of Object.entries(from.rejected)) bump(into.rejected, k, v);
  into.roundTrips += from.roundTrips;
  into.maxNs = Math.max(into.maxNs, from.maxNs);
  for (const e of from.slowest) keepSlowest(into.slowest, e);
  from.timeBuckets.forEach((v, i) => (into.timeBuckets[i]! += v));
  into.maxAllocRatio = Math.max(into.maxAllocRatio, from.maxAllocRatio);
  into.largestAlloc = Math.max(into.largestAlloc, from.largestAlloc);
  into.maxNodesPerWord = Math.max(into.maxNodesPerWord, from.maxNodesPerWord);
  into.maxInput = Math.max(into.maxInput, from.maxInput);
  for (const [k, v] of Object.entries(from.byClass)) bump(into.byClass, k, v);
  for (const f of from.failures) if (into.failures.length < 100) into.failures.push(f);
}

export function failureCount(s: FuzzStats): number {
  return Object.entries(s.rejected)
    .filter(([k]) => k.startsWith("FAILURE:"))
    .reduce((a, [, v]) => a + v, 0);
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.subarray(0, 512)).toString("hex");
}
