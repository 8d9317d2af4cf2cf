// Turns parsed XDR files into the declarative schema of src/xdr/schema.ts:
// every size and case label resolved to a number, every type a TypeRef.
import type { Declaration, Definition, TypeSpec, Value, XdrFile } from "./ast.js";
import type { HeaderSymbols } from "./headers.js";
import type { TypeNode, TypeRef } from "../../src/xdr/schema.js";

type Decl = Declaration & { kind: "decl" };

/** Max for `string x<>` / `opaque x<>`: libvirt's REMOTE_STRING_MAX. */
export const UNBOUNDED_MAX = 4194304;

export type TypeKind = "typedef" | "struct" | "union" | "enum";

export interface NamedType {
  readonly name: string;
  readonly kind: TypeKind;
  readonly ref: TypeRef;
  /** The .x file that defines it. */
  readonly file: string;
}

export interface EnumInfo {
  readonly name: string;
  readonly file: string;
  readonly members: readonly { name: string; value: number; comment: string | null }[];
}

export interface Model {
  /** Named types in definition order (files in the order given). */
  readonly types: readonly NamedType[];
  readonly byName: ReadonlyMap<string, NamedType>;
  readonly enums: ReadonlyMap<string, EnumInfo>;
  /** `const` definitions in order, with the file defining each. */
  readonly consts: readonly { name: string; value: number; file: string }[];
  resolve(v: Value): number;
}

export function buildModel(files: readonly XdrFile[], headers: () => HeaderSymbols): Model {
  const constDefs = new Map<string, { value: Value; file: string }>();
  const enumValues = new Map<string, number>();
  const enums = new Map<string, EnumInfo>();
  const typeDefs: { def: Exclude<Definition, { kind: "const" }>; file: string }[] = [];
  const taken = new Set<string>();
  const claim = (name: string, file: string): void => {
    if (taken.has(name)) throw new Error(`${file}: "${name}" defined twice`);
    taken.add(name);
  };

  for (const f of files) {
    for (const def of f.defs) {
      if (def.kind === "const") {
        claim(def.name, f.file);
        constDefs.set(def.name, { value: def.value, file: f.file });
      } else {
        claim(def.kind === "typedef" ? def.decl.name : def.name, f.file);
        if (def.kind === "enum") for (const m of def.members) claim(m.name, f.file);
        typeDefs.push({ def, file: f.file });
      }
    }
  }

  let hdr: HeaderSymbols | undefined;
  const resolving = new Set<string>();
  const constValues = new Map<string, number>();
  const resolve = (v: Value): number => {
    if ("num" in v) return v.num;
    const name = v.sym;
    const known = constValues.get(name) ?? enumValues.get(name);
    if (known !== undefined) return known;
    const c = constDefs.get(name);
    if (c) {
      if (resolving.has(name)) throw new Error(`constant ${name} refers to itself`);
      resolving.add(name);
      const n = resolve(c.value);
      resolving.delete(name);
      constValues.set(name, n);
      return n;
    }
    hdr ??= headers();
    const h = hdr.get(name);
    if (h === undefined) throw new Error(`unknown symbol ${name} (not a const, enum member or C header define)`);
    return h;
  };

  // Enum members first: union case labels may name them.
  for (const { def, file } of typeDefs) {
    if (def.kind !== "enum") continue;
    let next = 0;
    const members = def.members.map((m) => {
      const value = m.value === null ? next : resolve(m.value);
      next = value + 1;
      enumValues.set(m.name, value);
      return { name: m.name, value, comment: m.comment };
    });
    enums.set(def.name, { name: def.name, file, members });
  }

  const types: NamedType[] = [];
  for (const { def, file } of typeDefs) {
    const at = (msg: string): Error => new Error(`${file}: ${msg}`);
    const ref = (d: Decl): TypeRef => declRef(d, resolve, at);
    switch (def.kind) {
      case "typedef":
        types.push({ name: def.decl.name, kind: "typedef", ref: ref(def.decl), file });
        break;
      case "enum": {
        const values: Record<string, number> = {};
        for (const m of enums.get(def.name)!.members) values[m.name] = m.value;
        types.push({ name: def.name, kind: "enum", ref: { t: "enum", values }, file });
        break;
      }
      case "struct":
        types.push({ name: def.name, kind: "struct", ref: { t: "struct", fields: def.fields.map((f) => [f.name, ref(f)] as const) }, file });
        break;
      case "union": {
        const arms: Record<number, readonly [string, TypeRef] | null> = {};
        for (const arm of def.arms) {
          const a = arm.decl.kind === "void" ? null : ([arm.decl.name, ref(arm.decl)] as const);
          for (const c of arm.cases) {
            const n = resolve(c);
            if (n in arms) throw at(`union ${def.name}: case ${n} twice`);
            arms[n] = a;
          }
        }
        const node: TypeNode =
          def.def === undefined
            ? { t: "union", disc: [def.disc.name, ref(def.disc)], arms }
            : { t: "union", disc: [def.disc.name, ref(def.disc)], arms, def: def.def.kind === "void" ? null : [def.def.name, ref(def.def)] };
        types.push({ name: def.name, kind: "union", ref: node, file });
        break;
      }
    }
  }

  const consts = [...constDefs].map(([name, c]) => ({ name, value: resolve({ sym: name }), file: c.file }));
  const byName = new Map(types.map((t) => [t.name, t]));
  checkRefs(types, byName);
  return { types, byName, enums, consts, resolve };
}

const SCALARS = new Set(["int", "uint", "hyper", "uhyper", "char", "uchar", "short", "ushort", "float", "double", "bool"]);

function declRef(d: Decl, resolve: (v: Value) => number, at: (msg: string) => Error): TypeRef {
  const t: TypeSpec = d.type;
  const isBytes = t.kind === "builtin" && (t.name === "opaque" || t.name === "string");
  const base = (): TypeRef => t.name; // builtin scalar names are the codec's primitive names
  const size = (v: Value): number => {
    const n = resolve(v);
    if (!Number.isSafeInteger(n) || n < 0) throw at(`${d.name}: bad size ${n}`);
    return n;
  };
  switch (d.shape.kind) {
    case "plain":
      return base();
    case "optional":
      if (isBytes) throw at(`${d.name}: optional ${t.name} must go through a typedef`);
      return { t: "opt", of: base() };
    case "fixed": {
      const len = size(d.shape.size);
      if (t.kind === "builtin" && t.name === "opaque") return { t: "fopaque", len };
      if (t.kind === "builtin" && t.name === "string") throw at(`${d.name}: string needs <N>`);
      return { t: "vector", of: base(), len };
    }
    case "variable": {
      const max = d.shape.size === null ? UNBOUNDED_MAX : size(d.shape.size);
      if (t.kind === "builtin" && t.name === "opaque") return { t: "opaque", max };
      if (t.kind === "builtin" && t.name === "string") return { t: "string", max };
      return { t: "array", of: base(), max };
    }
  }
}

/** Every named reference in `ref`, in order of appearance. */
export function namesIn(ref: TypeRef, out: string[] = []): string[] {
  if (typeof ref === "string") {
    if (!SCALARS.has(ref)) out.push(ref);
    return out;
  }
  switch (ref.t) {
    case "array":
    case "vector":
    case "opt":
      return namesIn(ref.of, out);
    case "struct":
      for (const [, f] of ref.fields) namesIn(f, out);
      return out;
    case "union":
      namesIn(ref.disc[1], out);
      for (const k of Object.keys(ref.arms)) {
        const a = ref.arms[Number(k)];
        if (a) namesIn(a[1], out);
      }
      if (ref.def) namesIn(ref.def[1], out);
      return out;
    default:
      return out;
  }
}

export function isPrimitiveName(name: string): boolean {
  return SCALARS.has(name);
}

function checkRefs(types: readonly NamedType[], byName: ReadonlyMap<string, NamedType>): void {
  for (const t of types) {
    for (const n of namesIn(t.ref)) {
      if (!byName.has(n)) throw new Error(`${t.file}: ${t.name} refers to unknown type ${n}`);
    }
  }
}

/** `roots` and every named type they reach, in model order. */
export function closure(model: Model, roots: Iterable<string>): NamedType[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const t = model.byName.get(name);
    if (!t) throw new Error(`unknown type ${name}`);
    seen.add(name);
    for (const n of namesIn(t.ref)) visit(n);
  };
  for (const r of roots) visit(r);
  return model.types.filter((t) => seen.has(t.name));
}
