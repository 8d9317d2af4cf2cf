// Syntax tree of an XDR file, before sizes and names are resolved.

/** A size or case label: a literal or a symbol (const, enum member, C header name). */
export type Value = { readonly num: number } | { readonly sym: string };

/** A type specifier: a built-in scalar or a named type. */
export type TypeSpec =
  | { readonly kind: "builtin"; readonly name: BuiltinName }
  | { readonly kind: "named"; readonly name: string };

export type BuiltinName =
  | "int"
  | "uint"
  | "hyper"
  | "uhyper"
  | "char"
  | "uchar"
  | "short"
  | "ushort"
  | "float"
  | "double"
  | "bool"
  | "opaque"
  | "string";

export type Declaration =
  | { readonly kind: "void" }
  | {
      readonly kind: "decl";
      readonly name: string;
      readonly type: TypeSpec;
      /** plain, `*name`, `name[N]`, `name<N>` (size null = unbounded) */
      readonly shape:
        | { readonly kind: "plain" }
        | { readonly kind: "optional" }
        | { readonly kind: "fixed"; readonly size: Value }
        | { readonly kind: "variable"; readonly size: Value | null };
    };

export interface EnumMember {
  readonly name: string;
  readonly value: Value | null;
  /** The comment just before the member (libvirt's annotations live there). */
  readonly comment: string | null;
}

export interface UnionArm {
  readonly cases: readonly Value[];
  readonly decl: Declaration;
}

export type Definition =
  | { readonly kind: "const"; readonly name: string; readonly value: Value }
  | { readonly kind: "typedef"; readonly decl: Declaration & { kind: "decl" } }
  | { readonly kind: "enum"; readonly name: string; readonly members: readonly EnumMember[] }
  | { readonly kind: "struct"; readonly name: string; readonly fields: readonly (Declaration & { kind: "decl" })[] }
  | {
      readonly kind: "union";
      readonly name: string;
      readonly disc: Declaration & { kind: "decl" };
      readonly arms: readonly UnionArm[];
      /** undefined = no default arm */
      readonly def?: Declaration;
    };

export interface XdrFile {
  readonly file: string;
  readonly defs: readonly Definition[];
}
