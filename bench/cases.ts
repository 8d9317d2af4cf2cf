// The measurements, named the same way in run.ts and in the peer scripts.

export type Op = "version" | "info";

export interface ThroughputCase {
  kind: "throughput";
  id: string;
  label: string;
  op: Op;
  /** 0: a plain sequential loop; N: N workers each awaiting calls in a loop on one connection. */
  inflight: number;
}

export interface LatencyCase {
  kind: "latency";
  id: "open";
  label: string;
}

export type BenchCase = ThroughputCase | LatencyCase;

const OP_LABEL: Record<Op, string> = { version: "getVersion", info: "domain getInfo" };
export const INFLIGHT = [1, 4, 16, 64] as const;

function throughput(op: Op, inflight: number): ThroughputCase {
  return {
    kind: "throughput",
    id: inflight === 0 ? `${op}.seq` : `${op}.inflight-${inflight}`,
    label: inflight === 0 ? `${OP_LABEL[op]} sequential` : `${OP_LABEL[op]}, ${inflight} in flight`,
    op,
    inflight,
  };
}

export const ALL_CASES: readonly BenchCase[] = [
  ...(["version", "info"] as const).flatMap((op) => [throughput(op, 0), ...INFLIGHT.map((n) => throughput(op, n))]),
  { kind: "latency", id: "open", label: "connect + open + close" },
];

export function findCase(id: string): BenchCase | undefined {
  return ALL_CASES.find((c) => c.id === id);
}
