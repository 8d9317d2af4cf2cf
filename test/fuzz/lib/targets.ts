// Every generated type the client decodes, grouped by what it is: reply
// bodies (_ret) and server pushes (_msg) are what a hostile server controls,
// so the long run weights them most; call arguments (_args) and the shared
// structs are decoded by the embedded server and inside the others.
import { REMOTE } from "../../../src/protocol/generated/remote.js";
import { QEMU } from "../../../src/protocol/generated/qemu.js";
import { KEEPALIVE } from "../../../src/protocol/generated/keepalive.js";
import { withNewerEvents } from "../../../src/rpc/events-protocol.js";
import { codecFor, type Codec } from "../../../src/xdr/codec.js";
import type { ProgramDef, TypeTable } from "../../../src/xdr/schema.js";
import type { Rng } from "./rng.js";

export type TargetClass = "ret" | "msg" | "args" | "other";

export interface Target {
  readonly program: string;
  readonly name: string;
  readonly cls: TargetClass;
  readonly types: TypeTable;
  readonly codec: Codec;
}

/** The programs a connection speaks (REMOTE as connect() binds it, with newer events). */
export const PROGRAMS: readonly ProgramDef[] = [withNewerEvents(REMOTE), QEMU, KEEPALIVE];

const WEIGHTS: Readonly<Record<TargetClass, number>> = { ret: 0.35, msg: 0.25, args: 0.2, other: 0.2 };

function classOf(name: string): TargetClass {
  if (name.endsWith("_ret")) return "ret";
  if (name.endsWith("_msg")) return "msg";
  if (name.endsWith("_args")) return "args";
  return "other";
}

let cached: Target[] | null = null;

/** One target per named type of every program (KEEPALIVE has none: its payloads are empty). */
export function allTargets(): readonly Target[] {
  if (cached) return cached;
  const out: Target[] = [];
  for (const p of PROGRAMS) {
    for (const name of Object.keys(p.types)) {
      out.push({ program: p.name, name, cls: classOf(name), types: p.types, codec: codecFor(p.types, name) });
    }
  }
  cached = out;
  return out;
}

export class TargetPicker {
  private readonly byClass: Record<TargetClass, Target[]> = { ret: [], msg: [], args: [], other: [] };

  constructor(targets: readonly Target[] = allTargets()) {
    for (const t of targets) this.byClass[t.cls].push(t);
  }

  pick(r: Rng): Target {
    let x = r.next();
    for (const cls of ["ret", "msg", "args", "other"] as const) {
      x -= WEIGHTS[cls];
      if (x < 0 || cls === "other") {
        const list = this.byClass[cls];
        if (list.length) return r.pick(list);
      }
    }
    return r.pick(this.byClass.other.length ? this.byClass.other : this.byClass.ret);
  }
}
