// One decoder input: a random value of a generated type, encoded by the real
// codec, usually damaged, then decoded. The decoder must return a value or
// throw a ProtocolError, and allocate no more bytes than the input holds.
import { isDeepStrictEqual } from "node:util";
import { ProtocolError } from "../../../src/xdr/errors.js";
import { Rng } from "./rng.js";
import { genValue } from "./gen-value.js";
import { mutate } from "./mutate.js";
import { allocMeter, countNodes } from "./alloc-meter.js";
import { TargetPicker, allTargets, type Target } from "./targets.js";
import { addFailure, bump, hex, noteTime, type FuzzStats } from "./stats.js";

/** Share of inputs left intact (they must round-trip). */
const INTACT = 0.08;

let picker: TargetPicker | null = null;

/** A valid encoding of a random value of `t`. */
export function validInput(t: Target, r: Rng): { value: unknown; bytes: Buffer } {
  const value = genValue(t.types, t.name, r);
  return { value, bytes: t.codec.encode(value) };
}

/**
 * Fuzz one input. `target` forces the type (the short test walks all of
 * them); otherwise the input's own generator picks, weighted.
 */
export function fuzzDecodeOne(seed: number, index: number, stats: FuzzStats, target?: Target): void {
  const r = Rng.forInput(seed, index);
  picker ??= new TargetPicker();
  const t = target ?? picker.pick(r);
  const { value, bytes } = validInput(t, r);
  const intact = r.chance(INTACT);
  const input = intact
    ? bytes
    : mutate(r, bytes, () => validInput(r.chance(0.5) ? t : picker!.pick(r), r).bytes).bytes;
  decodeChecked(t, input, stats, { seed, index, expect: intact ? value : undefined });
}

/** Decode `input` as `t` with the checks of every fuzzer; `expect` set: it must round-trip to it. */
export function decodeChecked(
  t: Target,
  input: Buffer,
  stats: FuzzStats,
  at: { seed: number; index: number; fuzzer?: string; expect?: unknown },
): unknown {
  const meter = allocMeter();
  const fail = (kind: string, message: string): void =>
    addFailure(stats, { kind, fuzzer: at.fuzzer ?? "decode", target: t.name, seed: at.seed, index: at.index, message, input: hex(input) });
  stats.inputs++;
  bump(stats.byClass, t.cls);
  if (input.length > stats.maxInput) stats.maxInput = input.length;
  let out: unknown;
  let err: unknown = null;
  meter.start();
  const t0 = process.hrtime.bigint();
  try {
    out = t.codec.decode(input);
  } catch (e) {
    err = e;
  }
  const ns = Number(process.hrtime.bigint() - t0);
  const alloc = meter.stop();
  noteTime(stats, ns, at.index);
  if (alloc.largest > stats.largestAlloc) stats.largestAlloc = alloc.largest;
  if (input.length >= 64) stats.maxAllocRatio = Math.max(stats.maxAllocRatio, alloc.bytes / input.length);
  // Every byte the decoder keeps is copied from the input at most once.
  if (alloc.bytes > input.length) fail("alloc", `decoder allocated ${alloc.bytes} bytes for a ${input.length}-byte input`);
  if (err !== null) {
    if (err instanceof ProtocolError) bump(stats.rejected, err.code);
    else fail("exception", err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    if (at.expect !== undefined) fail("roundtrip", `valid encoding rejected: ${String(err)}`);
    return undefined;
  }
  stats.accepted++;
  const words = Math.max(1, input.length / 4);
  stats.maxNodesPerWord = Math.max(stats.maxNodesPerWord, countNodes(out) / words);
  if (at.expect !== undefined) {
    if (isDeepStrictEqual(out, at.expect)) stats.roundTrips++;
    else fail("roundtrip", "decoded value differs from the encoded one");
  }
  return out;
}

/** Every target, for callers that walk them all. */
export function targets(): readonly Target[] {
  return allTargets();
}
