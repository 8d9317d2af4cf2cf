// One engine input: an RpcClient with calls in flight receives a damaged
// stream of replies, errors, events, pings and stream packets in random
// chunks, then EOF. Every call must settle with a result, a VirtError, a
// ProtocolError or a ConnectionClosedError; nothing may throw out of the
// reader. This is the path a hostile server actually reaches.
import { RpcClient } from "../../../src/rpc/client.js";
import { ConnectionClosedError, ProtocolError, VirtError } from "../../../src/rpc/errors.js";
import { memoryPair, memoryTransport } from "../../../src/transport/memory.js";
import { encodeFrame } from "../../../src/wire/frame.js";
import { MessageType, Program, Status } from "../../../src/wire/constants.js";
import { codecFor } from "../../../src/xdr/codec.js";
import type { ProcedureDef } from "../../../src/xdr/schema.js";
import { Rng } from "./rng.js";
import { genValue } from "./gen-value.js";
import { mutate } from "./mutate.js";
import { PROGRAMS } from "./targets.js";
import { addFailure, bump, hex, noteTime, type FuzzStats } from "./stats.js";

const REMOTE_DEF = PROGRAMS[0]!;
const types = REMOTE_DEF.types;
const CALLS = REMOTE_DEF.procedures.filter((p) => p.ret !== null && !p.stream && !(p.args ?? "").endsWith("_msg"));
const MSGS = REMOTE_DEF.procedures.filter((p) => p.ret === null && (p.args ?? "").endsWith("_msg"));
const errorCodec = codecFor(types, "remote_error");

function frame(r: Rng, proc: ProcedureDef, serial: number): Buffer {
  const h = { prog: Program.REMOTE, vers: 1, proc: proc.num, type: MessageType.REPLY, serial, status: Status.OK };
  const k = r.int(0, 9);
  if (k <= 4) return encodeFrame(h, codecFor(types, proc.ret!).encode(genValue(types, proc.ret!, r)));
  if (k <= 6) return encodeFrame({ ...h, status: Status.ERROR }, errorCodec.encode(genValue(types, "remote_error", r)));
  if (k === 7) {
    const m = r.pick(MSGS);
    return encodeFrame({ ...h, proc: m.num, type: MessageType.MESSAGE, serial: 0 }, codecFor(types, m.args!).encode(genValue(types, m.args!, r)));
  }
  if (k === 8) return encodeFrame({ prog: Program.KEEPALIVE, vers: 1, proc: 1, type: MessageType.MESSAGE, serial: 0, status: 0 });
  return encodeFrame({ ...h, type: MessageType.STREAM, status: Status.CONTINUE }, r.bytes(r.int(0, 40)));
}

function acceptable(e: unknown): boolean {
  return e instanceof VirtError || e instanceof ProtocolError || e instanceof ConnectionClosedError;
}

export async function fuzzEngineOne(seed: number, index: number, stats: FuzzStats): Promise<void> {
  const r = Rng.forInput(seed, index);
  const [a, b] = memoryPair();
  b.on("data", () => {});
  b.on("error", () => {});
  const client = new RpcClient(memoryTransport(a), { programs: PROGRAMS, keepalive: false });
  const warnings: unknown[] = [];
  client.on("warning", (w: unknown) => warnings.push(w));
  const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
  const n = r.int(1, 5);
  const calls: { proc: ProcedureDef; p: Promise<unknown> }[] = [];
  for (let i = 0; i < n; i++) {
    const proc = r.pick(CALLS);
    const bp = client.program(Program.REMOTE).procedure(proc.num)!;
    const args = proc.args ? genValue(types, proc.args, r) : undefined;
    calls.push({ proc, p: client.callBound(bp, args, undefined) });
  }
  const parts: Buffer[] = [];
  const m = r.int(1, 8);
  for (let i = 0; i < m; i++) {
    const c = r.pick(calls);
    // Serials are 1..n on a fresh client; sometimes one that nobody used.
    const serial = r.chance(0.9) ? calls.indexOf(c) + 1 : r.u32();
    parts.push(frame(r, c.proc, serial));
  }
  const valid = Buffer.concat(parts);
  const input = r.chance(0.2) ? valid : mutate(r, valid, () => frame(r, r.pick(calls).proc, 1)).bytes;
  stats.inputs++;
  bump(stats.byClass, "engine");
  if (input.length > stats.maxInput) stats.maxInput = input.length;
  const fail = (kind: string, message: string): void =>
    addFailure(stats, { kind, fuzzer: "engine", target: calls.map((c) => c.proc.name).join(","), seed, index, message, input: hex(input) });
  const t0 = process.hrtime.bigint();
  let p = 0;
  while (p < input.length) {
    const k = r.int(1, Math.max(1, input.length - p));
    b.write(input.subarray(p, p + k));
    p += k;
  }
  b.end();
  const settled = await Promise.allSettled(calls.map((c) => c.p));
  await closed;
  noteTime(stats, Number(process.hrtime.bigint() - t0), index);
  let ok = 0;
  for (const s of settled) {
    if (s.status === "fulfilled") ok++;
    else if (acceptable(s.reason)) bump(stats.rejected, (s.reason as Error).name);
    else fail("exception", s.reason instanceof Error ? `${s.reason.name}: ${s.reason.message}` : String(s.reason));
  }
  if (ok) stats.accepted++;
  for (const w of warnings) if (!(w instanceof Error)) fail("exception", `warning that is not an Error: ${String(w)}`);
  if (client.inFlight !== 0) fail("engine", `${client.inFlight} calls still pending after close`);
}
