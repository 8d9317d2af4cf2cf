// Declarative description of XDR types, as emitted by scripts/gen-protocol.ts
// and interpreted by the codec. Decoded values are plain JS data:
//   int/uint/short/ushort/char/uchar/enum -> number, hyper/uhyper -> bigint,
//   float/double -> number, bool -> boolean, string -> string,
//   opaque (fixed or variable) -> Buffer, optional -> value | null,
//   arrays (fixed or variable) -> arrays, struct -> object keyed by field name,
//   union -> object { [discriminant name]: number, [arm name]: value }.

/** Primitive type names understood by the codec. */
export type Primitive =
  | "int"
  | "uint"
  | "hyper"
  | "uhyper"
  | "float"
  | "double"
  | "bool"
  | "char"
  | "uchar"
  | "short"
  | "ushort";

/** A reference to a named type (typedef, struct, union, enum) or a primitive. */
export type TypeRef = Primitive | string | TypeNode;

export type TypeNode =
  /** Variable-length string, max bytes (REMOTE_STRING_MAX when unbounded in the .x). */
  | { readonly t: "string"; readonly max: number }
  /** Variable-length opaque bytes. */
  | { readonly t: "opaque"; readonly max: number }
  /** Fixed-length opaque bytes, no length word. */
  | { readonly t: "fopaque"; readonly len: number }
  /** Variable-length array with a maximum count. */
  | { readonly t: "array"; readonly of: TypeRef; readonly max: number }
  /** Fixed-length array, no count word (chars still take 4 bytes each). */
  | { readonly t: "vector"; readonly of: TypeRef; readonly len: number }
  /** Optional value: u32 0/1 then the value. */
  | { readonly t: "opt"; readonly of: TypeRef }
  | { readonly t: "struct"; readonly fields: readonly (readonly [string, TypeRef])[] }
  | {
      readonly t: "union";
      readonly disc: readonly [string, TypeRef];
      /** Arm per discriminant value; null arm = void. */
      readonly arms: Readonly<Record<number, readonly [string, TypeRef] | null>>;
      /** Default arm; undefined = no default (unknown discriminant is an error). */
      readonly def?: readonly [string, TypeRef] | null;
    }
  | { readonly t: "enum"; readonly values: Readonly<Record<string, number>> }
  | { readonly t: "void" };

export type TypeTable = Readonly<Record<string, TypeRef>>;

/** Stream direction of a procedure, seen from the client. */
export type StreamDirection = "read" | "write" | "both";

export interface ProcedureDef {
  /** Lower-case name without program prefix, e.g. "domain_get_info". */
  readonly name: string;
  readonly num: number;
  /** Named type of the arguments, or null when void. */
  readonly args: string | null;
  /** Named type of the result, or null when void. */
  readonly ret: string | null;
  /** Present when the call opens a data stream. */
  readonly stream?: StreamDirection;
  /** Server handles it on its priority workers (never blocks behind others). */
  readonly priority?: boolean;
}

export interface ProgramDef {
  readonly name: string;
  readonly prog: number;
  readonly vers: number;
  readonly types: TypeTable;
  readonly procedures: readonly ProcedureDef[];
}
