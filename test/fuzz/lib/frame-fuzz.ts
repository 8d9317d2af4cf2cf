// One frame-decoder input: a byte stream of several frames (any type, with
// descriptor counts and carrier bytes where the type has them, payloads
// from the generated types), usually damaged, fed in random chunks. The
// decoder must return frames or throw a ProtocolError, stay failed after
// one, and buffer no more than one frame. Every frame it returns is then
// decoded with its procedure's codec, as the engine would.
import { FrameDecoder, type Frame } from "../../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../../src/wire/frame.js";
import { LEN_MAX, MessageType, Program, hasFds } from "../../../src/wire/constants.js";
import type { Header } from "../../../src/wire/header.js";
import { ProtocolError } from "../../../src/xdr/errors.js";
import { codecFor } from "../../../src/xdr/codec.js";
import type { ProcedureDef, ProgramDef } from "../../../src/xdr/schema.js";
import { Rng } from "./rng.js";
import { mutate } from "./mutate.js";
import { allocMeter } from "./alloc-meter.js";
import { PROGRAMS, TargetPicker, type Target } from "./targets.js";
import { validInput, decodeChecked } from "./decode-fuzz.js";
import { addFailure, bump, hex, noteTime, type FuzzStats } from "./stats.js";

const PROGS = [Program.REMOTE, Program.QEMU, Program.KEEPALIVE];
const byProg = new Map<number, { def: ProgramDef; procs: Map<number, ProcedureDef> }>(
  PROGRAMS.map((p) => [p.prog, { def: p, procs: new Map(p.procedures.map((d) => [d.num, d])) }]),
);
let picker: TargetPicker | null = null;
/** What the frame decoder may reserve before a frame's bytes arrive. */
export const EAGER_BYTES = 1 << 20;

interface Built {
  bytes: Buffer;
  frames: { header: Header; payload: Buffer; nfds: number }[];
}

function header(r: Rng): Header {
  return {
    prog: r.chance(0.9) ? r.pick(PROGS) : r.u32(),
    vers: r.chance(0.95) ? 1 : r.u32(),
    proc: r.chance(0.9) ? r.int(1, 460) : r.u32() | 0,
    type: r.chance(0.9) ? r.int(0, 6) : r.u32() | 0,
    serial: r.chance(0.5) ? r.int(0, 64) : r.u32(),
    status: r.chance(0.9) ? r.int(0, 2) : r.u32() | 0,
  };
}

/** The codec the engine would apply to a frame's payload, if any. */
export function payloadTarget(h: Header): Target | null {
  const entry = byProg.get(h.prog);
  const proc = entry?.procs.get(h.proc);
  if (!entry || !proc) return null;
  const p = entry.def;
  let name: string | null = null;
  if (h.status === 1 && "remote_error" in p.types) name = "remote_error";
  else if (h.type === MessageType.REPLY || h.type === MessageType.REPLY_WITH_FDS) name = proc.ret;
  else if (h.type === MessageType.MESSAGE || h.type === MessageType.CALL || h.type === MessageType.CALL_WITH_FDS) name = proc.args;
  if (!name) return null;
  return { program: p.name, name, cls: "other", types: p.types, codec: codecFor(p.types, name) };
}

/** Several valid frames back to back (carrier bytes after *_WITH_FDS frames). */
export function buildStream(r: Rng): Built {
  picker ??= new TargetPicker();
  const n = r.int(1, 6);
  const parts: Buffer[] = [];
  const frames: Built["frames"] = [];
  for (let i = 0; i < n; i++) {
    const h = header(r);
    const t = r.chance(0.7) ? payloadTarget(h) : null;
    const payload = t ? validInput(t, r).bytes : r.chance(0.3) ? Buffer.alloc(0) : validInput(picker.pick(r), r).bytes;
    const nfds = hasFds(h.type) ? r.int(0, 3) : 0;
    parts.push(encodeFrame(h, payload, nfds), Buffer.alloc(nfds, 0x2a));
    frames.push({ header: h, payload, nfds });
  }
  return { bytes: Buffer.concat(parts), frames };
}

function chunks(r: Rng, b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let p = 0;
  while (p < b.length) {
    const n = r.chance(0.3) ? r.int(1, 7) : r.int(1, Math.max(1, b.length - p));
    out.push(b.subarray(p, p + n));
    p += n;
  }
  return out;
}

function sameFrames(got: Frame[], want: Built["frames"]): boolean {
  if (got.length !== want.length) return false;
  return got.every((f, i) => {
    const w = want[i]!;
    const h = f.header;
    const wh = w.header;
    return (
      h.prog === wh.prog && h.vers === wh.vers && h.proc === wh.proc && h.type === wh.type &&
      h.serial === wh.serial && h.status === wh.status && f.nfds === w.nfds && f.payload.equals(w.payload)
    );
  });
}

export function fuzzFrameOne(seed: number, index: number, stats: FuzzStats, payloadStats?: FuzzStats): void {
  const r = Rng.forInput(seed, index);
  const built = buildStream(r);
  const intact = r.chance(0.15);
  const input = intact ? built.bytes : mutate(r, built.bytes, () => buildStream(r).bytes).bytes;
  const fail = (kind: string, message: string): void =>
    addFailure(stats, { kind, fuzzer: "frame", target: "FrameDecoder", seed, index, message, input: hex(input) });
  stats.inputs++;
  bump(stats.byClass, "frame");
  if (input.length > stats.maxInput) stats.maxInput = input.length;
  const dec = new FrameDecoder();
  const got: Frame[] = [];
  let err: unknown = null;
  const meter = allocMeter();
  meter.start();
  const t0 = process.hrtime.bigint();
  try {
    for (const c of chunks(r, input)) {
      for (const f of dec.push(c)) got.push(f);
      if (dec.bufferedBytes > LEN_MAX) throw new Error(`decoder buffers ${dec.bufferedBytes} bytes`);
    }
  } catch (e) {
    err = e;
  }
  const ns = Number(process.hrtime.bigint() - t0);
  const alloc = meter.stop();
  noteTime(stats, ns, index);
  if (alloc.largest > stats.largestAlloc) stats.largestAlloc = alloc.largest;
  // A frame's buffer is reserved up to 1 MiB ahead of its bytes, then grows by doubling.
  if (alloc.bytes > 4 * input.length + EAGER_BYTES) fail("alloc", `frame decoder allocated ${alloc.bytes} bytes for ${input.length}`);
  if (input.length >= 64) stats.maxAllocRatio = Math.max(stats.maxAllocRatio, Math.max(0, alloc.bytes - EAGER_BYTES) / input.length);
  if (err !== null) {
    if (!(err instanceof ProtocolError)) {
      fail("exception", err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      return;
    }
    bump(stats.rejected, err.code);
    // Framing is lost for good: every later push fails the same way.
    try {
      dec.push(Buffer.alloc(4));
      fail("frames", "decoder accepted bytes after failing");
    } catch (again) {
      if (again !== err) fail("frames", "decoder failed differently the second time");
    }
    if (intact) fail("frames", `valid stream rejected: ${err.message}`);
  } else {
    stats.accepted++;
    if (intact) {
      if (sameFrames(got, built.frames) && dec.idle) stats.roundTrips++;
      else fail("frames", "valid stream did not reproduce its frames");
    }
  }
  // The engine decodes what the frame layer hands up: that path must hold too.
  if (payloadStats) {
    for (const f of got) {
      const t = payloadTarget(f.header);
      if (t) decodeChecked(t, f.payload, payloadStats, { seed, index, fuzzer: "frame-payload" });
    }
  }
}
