// Compiles a TypeRef against a TypeTable into encoder/decoder closures, once
// per (table, type). Encoders validate the JS value (they are the public
// API's input checks); decoders trust nothing in the bytes. Errors carry a
// path such as "remote_domain_get_info_args.dom.name", built only while an
// error unwinds so the normal path pays nothing for it.
import { ProtocolError } from "./errors.js";
import { XdrReader } from "./reader.js";
import { XdrWriter, describe } from "./writer.js";
import { PRIMITIVES, VOID, typeError, type Compiled, type Dec, type Enc } from "./primitives.js";
import type { TypeNode, TypeRef, TypeTable } from "./schema.js";

export interface Codec<T = unknown> {
  /** Append the value to the writer. */
  enc(w: XdrWriter, v: T): void;
  /** Read one value at the reader's position (leaves any bytes after it). */
  dec(r: XdrReader): T;
  /** Encode to a fresh Buffer. */
  encode(v: T): Buffer;
  /** Decode a complete buffer; bytes left over are an error (XDR_TRAILING). */
  decode(bytes: Uint8Array): T;
}

interface Entry {
  enc: Enc;
  dec: Dec;
  min: number;
  ready: boolean;
  target?: Entry;
}

interface TableState {
  readonly types: TypeTable;
  readonly named: Map<string, Entry>;
  readonly pub: Map<string, Codec>;
  readonly nodePub: WeakMap<object, Codec>;
}

// Recursive types go through a forward reference; this bounds their depth
// so hostile input (or a cyclic JS object) fails cleanly, not with a stack overflow.
const MAX_DEPTH = 500;
let depth = 0;

const states = new WeakMap<TypeTable, TableState>();
const sharedWriter = new XdrWriter(4096);

/** The codec for `ref` in `types`, compiled on first use and cached. */
export function codecFor<T = unknown>(types: TypeTable, ref: TypeRef): Codec<T> {
  let st = states.get(types);
  if (!st) {
    st = { types, named: new Map(), pub: new Map(), nodePub: new WeakMap() };
    states.set(types, st);
  }
  let c = typeof ref === "string" ? st.pub.get(ref) : st.nodePub.get(ref);
  if (!c) {
    let compiled: Compiled;
    try {
      compiled = compileRef(st, ref);
    } catch (err) {
      // A broken schema may leave half-built entries behind: start over next time.
      states.delete(types);
      throw err;
    }
    c = publicCodec(compiled, typeof ref === "string" ? ref : "");
    if (typeof ref === "string") st.pub.set(ref, c);
    else st.nodePub.set(ref, c);
  }
  return c as Codec<T>;
}

/** Encode `value` as `ref` into a fresh Buffer. */
export function encodeValue(types: TypeTable, ref: TypeRef, value: unknown): Buffer {
  return codecFor(types, ref).encode(value);
}

/** Decode all of `bytes` as `ref`; trailing bytes are a ProtocolError. */
export function decodeValue(types: TypeTable, ref: TypeRef, bytes: Uint8Array): unknown {
  return codecFor(types, ref).decode(bytes);
}

function publicCodec(c: Compiled, label: string): Codec {
  const enc = c.enc;
  const dec = c.dec;
  const codec: Codec = {
    enc(w, v) {
      try {
        enc(w, v);
      } catch (err) {
        throw at(err, label);
      }
    },
    dec(r) {
      try {
        return dec(r);
      } catch (err) {
        throw at(err, label);
      }
    },
    encode(v) {
      const w = sharedWriter;
      w.reset();
      codec.enc(w, v);
      return w.finish();
    },
    decode(bytes) {
      const r = new XdrReader(bytes);
      const v = codec.dec(r);
      try {
        r.expectEnd();
      } catch (err) {
        throw at(err, label);
      }
      return v;
    },
  };
  return codec;
}

function at(err: unknown, segment: string): unknown {
  if (err instanceof ProtocolError && segment) err.prependPath(segment);
  return err;
}

function schemaError(msg: string): ProtocolError {
  return new ProtocolError("XDR_SCHEMA", msg);
}

function compileRef(st: TableState, ref: TypeRef): Compiled {
  return typeof ref === "string" ? compileNamed(st, ref) : compileNode(st, ref);
}

function compileNamed(st: TableState, name: string): Compiled {
  const prim = PRIMITIVES.get(name);
  if (prim) return prim;
  const known = st.named.get(name);
  if (known) return known.ready ? known : forward(known);
  if (!Object.hasOwn(st.types, name)) throw schemaError(`unknown type "${name}"`);
  const def = st.types[name] as TypeRef;
  const e: Entry = {
    enc: () => {
      throw schemaError(`type "${name}" is not compiled`);
    },
    dec: () => {
      throw schemaError(`type "${name}" is not compiled`);
    },
    min: 0,
    ready: false,
  };
  st.named.set(name, e);
  const c = compileRef(st, def);
  // A typedef chain that comes back to itself has no structure to stop it.
  if (c.target === e) throw schemaError(`circular typedef "${name}"`);
  e.enc = c.enc;
  e.dec = c.dec;
  e.min = c.min;
  if (c.target) e.target = c.target as Entry;
  e.ready = true;
  return e;
}

/** A reference to a type still being compiled (a recursive type). */
function forward(e: Entry): Compiled {
  return {
    enc: (w, v) => {
      if (depth >= MAX_DEPTH) throw new ProtocolError("XDR_LIMIT", `nesting deeper than ${MAX_DEPTH}`);
      depth++;
      try {
        e.enc(w, v);
      } finally {
        depth--;
      }
    },
    dec: (r) => {
      if (depth >= MAX_DEPTH) throw new ProtocolError("XDR_LIMIT", `nesting deeper than ${MAX_DEPTH}`);
      depth++;
      try {
        return e.dec(r);
      } finally {
        depth--;
      }
    },
    get min() {
      return e.min;
    },
    target: e,
  };
}

function compileNode(st: TableState, node: TypeNode): Compiled {
  if (typeof node !== "object" || node === null) throw schemaError(`bad type reference ${describe(node)}`);
  switch (node.t) {
    case "string":
      return compileString(checkCount(node.max, "string max"));
    case "opaque":
      return compileOpaque(checkCount(node.max, "opaque max"));
    case "fopaque":
      return compileFixedOpaque(checkCount(node.len, "fopaque len"));
    case "array":
      return compileArray(compileRef(st, node.of), checkCount(node.max, "array max"));
    case "vector":
      return compileVector(compileRef(st, node.of), checkCount(node.len, "vector len"));
    case "opt":
      return compileOpt(compileRef(st, node.of));
    case "struct":
      return compileStruct(st, node.fields);
    case "union":
      return compileUnion(st, node);
    case "enum":
      return compileEnum(node.values);
    case "void":
      return VOID;
    default:
      throw schemaError(`unknown type node ${JSON.stringify(node)}`);
  }
}

function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw schemaError(`bad ${what}: ${n}`);
  return n;
}

function compileString(max: number): Compiled {
  return {
    enc: (w, v) => {
      if (typeof v !== "string") throw typeError("string", v);
      w.writeString(v, max);
    },
    dec: (r) => r.readString(max),
    min: 4,
  };
}

function compileOpaque(max: number): Compiled {
  return {
    enc: (w, v) => {
      if (!(v instanceof Uint8Array)) throw typeError("Buffer or Uint8Array", v);
      w.writeVarOpaque(v, max);
    },
    dec: (r) => r.readVarOpaque(max),
    min: 4,
  };
}

function compileFixedOpaque(len: number): Compiled {
  return {
    enc: (w, v) => {
      if (!(v instanceof Uint8Array)) throw typeError("Buffer or Uint8Array", v);
      w.writeFixedOpaque(v, len);
    },
    dec: (r) => r.readFixedOpaque(len),
    min: len + ((4 - (len & 3)) & 3),
  };
}

function compileArray(elem: Compiled, max: number): Compiled {
  const ee = elem.enc;
  const ed = elem.dec;
  return {
    enc: (w, v) => {
      if (!Array.isArray(v)) throw typeError("array", v);
      const n = v.length;
      if (n > max) throw new ProtocolError("XDR_LIMIT", `${n} elements exceed the maximum of ${max}`);
      w.writeUInt32(n);
      let i = 0;
      try {
        for (; i < n; i++) ee(w, v[i]);
      } catch (err) {
        throw at(err, `[${i}]`);
      }
    },
    dec: (r) => {
      // Every element is taken to use at least one byte, so a count larger
      // than the input fails here, before the array exists.
      const n = r.readLength(max, elem.min || 1);
      const out: unknown[] = [];
      let i = 0;
      try {
        for (; i < n; i++) out.push(ed(r));
      } catch (err) {
        throw at(err, `[${i}]`);
      }
      return out;
    },
    min: 4,
  };
}

function compileVector(elem: Compiled, len: number): Compiled {
  const ee = elem.enc;
  const ed = elem.dec;
  return {
    enc: (w, v) => {
      if (!Array.isArray(v)) throw typeError("array", v);
      if (v.length !== len) throw new ProtocolError("XDR_VALUE", `expected ${len} elements, got ${v.length}`);
      let i = 0;
      try {
        for (; i < len; i++) ee(w, v[i]);
      } catch (err) {
        throw at(err, `[${i}]`);
      }
    },
    dec: (r) => {
      const need = len * elem.min;
      if (need > r.remaining) throw new ProtocolError("XDR_SHORT", `need ${need} bytes, ${r.remaining} left`);
      const out: unknown[] = [];
      let i = 0;
      try {
        for (; i < len; i++) out.push(ed(r));
      } catch (err) {
        throw at(err, `[${i}]`);
      }
      return out;
    },
    min: len * elem.min,
  };
}

function compileOpt(inner: Compiled): Compiled {
  const ie = inner.enc;
  const id = inner.dec;
  return {
    // null and undefined both mean absent.
    enc: (w, v) => {
      if (v === null || v === undefined) {
        w.writeUInt32(0);
      } else {
        w.writeUInt32(1);
        ie(w, v);
      }
    },
    dec: (r) => {
      const flag = r.readUInt32();
      if (flag === 0) return null;
      if (flag !== 1) throw new ProtocolError("XDR_VALUE", `optional flag must be 0 or 1, got ${flag}`);
      return id(r);
    },
    min: 4,
  };
}

function fieldName(name: string): string {
  if (typeof name !== "string" || name === "" || name === "__proto__") {
    throw schemaError(`bad field name ${describe(name)}`);
  }
  return name;
}

function compileStruct(st: TableState, fields: readonly (readonly [string, TypeRef])[]): Compiled {
  const n = fields.length;
  const names: string[] = [];
  const encs: Enc[] = [];
  const decs: Dec[] = [];
  let min = 0;
  for (const [name, ref] of fields) {
    const c = compileRef(st, ref);
    names.push(fieldName(name));
    encs.push(c.enc);
    decs.push(c.dec);
    min += c.min;
  }
  return {
    enc: (w, v) => {
      if (typeof v !== "object" || v === null) throw typeError("object", v);
      const o = v as Record<string, unknown>;
      let i = 0;
      try {
        for (; i < n; i++) encs[i]!(w, o[names[i]!]);
      } catch (err) {
        throw at(err, "." + names[i]!);
      }
    },
    dec: (r) => {
      const o: Record<string, unknown> = {};
      let i = 0;
      try {
        for (; i < n; i++) o[names[i]!] = decs[i]!(r);
      } catch (err) {
        throw at(err, "." + names[i]!);
      }
      return o;
    },
    min,
  };
}

interface Arm {
  readonly name: string;
  readonly enc: Enc;
  readonly dec: Dec;
}

function compileUnion(st: TableState, node: Extract<TypeNode, { t: "union" }>): Compiled {
  const discName = fieldName(node.disc[0]);
  const disc = compileRef(st, node.disc[1]);
  const discEnum = enumValuesOf(st, node.disc[1]);
  const arms = new Map<number, Arm | null>();
  for (const key of Object.keys(node.arms)) {
    const k = Number(key);
    if (!Number.isInteger(k)) throw schemaError(`bad union case ${key}`);
    const a = node.arms[k];
    arms.set(k, a ? armOf(st, a) : null);
  }
  // undefined: no default arm; null: void default.
  const def: Arm | null | undefined = node.def === undefined ? undefined : node.def === null ? null : armOf(st, node.def);
  const de = disc.enc;
  const dd = disc.dec;

  const pick = (d: unknown): Arm | null => {
    const key = typeof d === "boolean" ? (d ? 1 : 0) : (d as number);
    let arm = arms.get(key);
    if (arm === undefined) arm = def;
    if (arm === undefined) {
      throw new ProtocolError("XDR_UNION", `no arm for discriminant ${describe(d)}`, { path: "." + discName });
    }
    return arm;
  };

  return {
    enc: (w, v) => {
      if (typeof v !== "object" || v === null) throw typeError("object", v);
      const o = v as Record<string, unknown>;
      let d = o[discName];
      // An enum discriminant may be given by name.
      if (typeof d === "string" && discEnum && Object.hasOwn(discEnum, d)) d = discEnum[d];
      try {
        de(w, d);
      } catch (err) {
        throw at(err, "." + discName);
      }
      const arm = pick(d);
      if (arm === null) return;
      try {
        arm.enc(w, o[arm.name]);
      } catch (err) {
        throw at(err, "." + arm.name);
      }
    },
    dec: (r) => {
      let d: unknown;
      try {
        d = dd(r);
      } catch (err) {
        throw at(err, "." + discName);
      }
      const arm = pick(d);
      const o: Record<string, unknown> = {};
      o[discName] = d;
      if (arm === null) return o;
      try {
        o[arm.name] = arm.dec(r);
      } catch (err) {
        throw at(err, "." + arm.name);
      }
      return o;
    },
    min: disc.min,
  };
}

function armOf(st: TableState, a: readonly [string, TypeRef]): Arm {
  const c = compileRef(st, a[1]);
  return { name: fieldName(a[0]), enc: c.enc, dec: c.dec };
}

/** The member table if `ref` is (an alias of) an enum. */
function enumValuesOf(st: TableState, ref: TypeRef): Readonly<Record<string, number>> | null {
  let r: TypeRef | undefined = ref;
  for (let hops = 0; typeof r === "string" && hops < 64; hops++) {
    r = Object.hasOwn(st.types, r) ? st.types[r] : undefined;
  }
  return typeof r === "object" && r !== null && r.t === "enum" ? r.values : null;
}

function compileEnum(values: Readonly<Record<string, number>>): Compiled {
  return {
    // Lenient: any int32 passes (servers add members); a name must be a member.
    enc: (w, v) => {
      if (typeof v === "string") {
        if (!Object.hasOwn(values, v)) throw new ProtocolError("XDR_VALUE", `unknown enum member ${describe(v)}`);
        w.writeInt32(values[v]!);
        return;
      }
      if (typeof v !== "number") throw typeError("number or enum member name", v);
      w.writeInt32(v);
    },
    dec: (r) => r.readInt32(),
    min: 4,
  };
}
