import type { ProcedureDef, ProgramDef } from "../xdr/schema.js";
import { codecFor, type Codec } from "../xdr/codec.js";

/** A procedure with its codecs compiled once. */
export interface BoundProcedure {
  readonly program: BoundProgram;
  readonly def: ProcedureDef;
  readonly argsCodec: Codec | null;
  readonly retCodec: Codec | null;
}

// One binding per program definition, shared by every connection.
const bindings = new WeakMap<ProgramDef, BoundProgram>();

/** A program's procedures indexed by name and number; codecs compiled lazily. */
export class BoundProgram {
  static of(def: ProgramDef): BoundProgram {
    let b = bindings.get(def);
    if (!b) {
      b = new BoundProgram(def);
      bindings.set(def, b);
    }
    return b;
  }

  readonly def: ProgramDef;
  private readonly byName = new Map<string, ProcedureDef>();
  private readonly byNum = new Map<number, ProcedureDef>();
  private readonly bound = new Map<number, BoundProcedure>();
  private errorCodec: Codec | undefined;

  constructor(def: ProgramDef) {
    this.def = def;
    for (const p of def.procedures) {
      this.byName.set(p.name, p);
      this.byNum.set(p.num, p);
    }
  }

  procedure(nameOrNum: string | number): BoundProcedure | undefined {
    const def = typeof nameOrNum === "number" ? this.byNum.get(nameOrNum) : this.byName.get(nameOrNum);
    if (!def) return undefined;
    let b = this.bound.get(def.num);
    if (!b) {
      b = {
        program: this,
        def,
        argsCodec: def.args ? codecFor(this.def.types, def.args) : null,
        retCodec: def.ret ? codecFor(this.def.types, def.ret) : null,
      };
      this.bound.set(def.num, b);
    }
    return b;
  }

  /** The procedure called `name`; throws for a name this program lacks. */
  need(name: string): BoundProcedure {
    const bp = this.procedure(name);
    if (!bp) throw new Error(`unknown procedure ${name}`);
    return bp;
  }

  /** Codec for remote_error, which every program's error replies carry. */
  remoteErrorCodec(): Codec | null {
    if (this.errorCodec === undefined) {
      if (!("remote_error" in this.def.types)) return null;
      this.errorCodec = codecFor(this.def.types, "remote_error");
    }
    return this.errorCodec;
  }
}
