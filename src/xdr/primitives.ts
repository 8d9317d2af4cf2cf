// Encoders and decoders of the primitive XDR types, and the shapes shared by
// all compiled codecs.
import { ProtocolError } from "./errors.js";
import type { XdrReader } from "./reader.js";
import { describe, type XdrWriter } from "./writer.js";

export type Enc = (w: XdrWriter, v: unknown) => void;
export type Dec = (r: XdrReader) => unknown;

export interface Compiled {
  enc: Enc;
  dec: Dec;
  /** Fewest bytes a value takes on the wire; bounds counts before allocating. */
  readonly min: number;
  /** Set on forward references to a named type still being compiled (the codec's entry). */
  readonly target?: unknown;
}

export function typeError(expected: string, v: unknown): ProtocolError {
  return new ProtocolError("XDR_TYPE", `expected ${expected}, got ${describe(v)}`);
}

function int32Like(name: string, lo: number, hi: number, unsigned: boolean): Compiled {
  const enc: Enc = (w, v) => {
    if (typeof v !== "number") throw typeError("number", v);
    if (!(v >= lo && v <= hi) || !Number.isInteger(v)) {
      throw new ProtocolError("XDR_RANGE", `${describe(v)} is not a valid ${name}`);
    }
    // Narrow types are widened to a 4-byte word on the wire.
    if (unsigned) w.writeUInt32(v);
    else w.writeInt32(v);
  };
  const dec: Dec = unsigned ? (r) => r.readUInt32() : (r) => r.readInt32();
  return { enc, dec, min: 4 };
}

export const PRIMITIVES: ReadonlyMap<string, Compiled> = new Map<string, Compiled>([
  ["int", int32Like("int", -0x80000000, 0x7fffffff, false)],
  ["uint", int32Like("uint", 0, 0xffffffff, true)],
  // char may carry a byte of a C string: accept both signed and unsigned byte values.
  ["char", int32Like("char", -128, 255, false)],
  ["uchar", int32Like("uchar", 0, 255, true)],
  ["short", int32Like("short", -32768, 32767, false)],
  ["ushort", int32Like("ushort", 0, 65535, true)],
  [
    "hyper",
    {
      enc: (w, v) => {
        if (typeof v !== "bigint" && typeof v !== "number") throw typeError("bigint or integer", v);
        w.writeInt64(v);
      },
      dec: (r) => r.readInt64(),
      min: 8,
    },
  ],
  [
    "uhyper",
    {
      enc: (w, v) => {
        if (typeof v !== "bigint" && typeof v !== "number") throw typeError("bigint or integer", v);
        w.writeUInt64(v);
      },
      dec: (r) => r.readUInt64(),
      min: 8,
    },
  ],
  [
    "float",
    {
      enc: (w, v) => {
        if (typeof v !== "number") throw typeError("number", v);
        w.writeFloat(v);
      },
      dec: (r) => r.readFloat(),
      min: 4,
    },
  ],
  [
    "double",
    {
      enc: (w, v) => {
        if (typeof v !== "number") throw typeError("number", v);
        w.writeDouble(v);
      },
      dec: (r) => r.readDouble(),
      min: 8,
    },
  ],
  [
    "bool",
    {
      enc: (w, v) => {
        if (typeof v !== "boolean") throw typeError("boolean", v);
        w.writeBool(v);
      },
      dec: (r) => r.readBool(),
      min: 4,
    },
  ],
]);

export const VOID: Compiled = { enc: () => {}, dec: () => null, min: 0 };
