// A fuzz run over a range of input indices: most inputs go to the generated
// decoders, a share to the frame decoder (whose frames' payloads are decoded
// too) and a few to the whole engine. Input i is the same in every run with
// the same seed, whichever worker runs it.
import { fuzzDecodeOne } from "./decode-fuzz.js";
import { fuzzFrameOne } from "./frame-fuzz.js";
import { fuzzEngineOne } from "./engine-fuzz.js";
import { newStats, type FuzzStats } from "./stats.js";

export interface RunResult {
  decode: FuzzStats;
  frame: FuzzStats;
  /** Payloads of the frames the frame fuzzer's decoder returned. */
  framePayload: FuzzStats;
  engine: FuzzStats;
}

export type Fuzzer = "decode" | "frame" | "engine";

/** Which fuzzer input `i` belongs to: 75 % decoders, 23 % frames, 2 % engine. */
export function fuzzerFor(i: number): Fuzzer {
  const k = i % 100;
  return k < 75 ? "decode" : k < 98 ? "frame" : "engine";
}

export interface RunOptions {
  seed: number;
  /** First input index. */
  start: number;
  /** Inputs to run. */
  count: number;
  /** Run only every `stride`-th index from `start` (workers share a range). */
  stride?: number;
  /** Called every 1,000 inputs with the index reached (a watchdog's heartbeat). */
  onProgress?(index: number, result: RunResult): void;
}

export function newResult(): RunResult {
  return { decode: newStats(), frame: newStats(), framePayload: newStats(), engine: newStats() };
}

export async function runFuzz(o: RunOptions): Promise<RunResult> {
  const res = newResult();
  const stride = o.stride ?? 1;
  for (let n = 0; n < o.count; n++) {
    const i = o.start + n * stride;
    switch (fuzzerFor(i)) {
      case "decode":
        fuzzDecodeOne(o.seed, i, res.decode);
        break;
      case "frame":
        fuzzFrameOne(o.seed, i, res.frame, res.framePayload);
        break;
      case "engine":
        await fuzzEngineOne(o.seed, i, res.engine);
        break;
    }
    if (n % 1000 === 999) o.onProgress?.(i, res);
  }
  return res;
}

/**
 * Run input `index` again `times` times on its own; the fastest run's time,
 * ns, for the part of the result `kind` names. A slow input whose replay is
 * fast was a descheduled thread or a GC pause, not slow code.
 */
export async function replayInput(seed: number, index: number, kind: keyof RunResult, times = 20): Promise<number> {
  let best = Infinity;
  for (let k = 0; k < times; k++) {
    const res = await runFuzz({ seed, start: index, count: 1 });
    best = Math.min(best, res[kind].maxNs);
  }
  return best;
}
