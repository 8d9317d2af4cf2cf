// Big-endian XDR writer over one growable buffer that is reused between
// messages. Every item is padded to 4 bytes with explicit zeros (the buffer
// comes from allocUnsafe, so nothing may be left unwritten).
import { ProtocolError } from "./errors.js";

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
// Output at least this large is handed off instead of copied, and a buffer
// grown past it is dropped on reset so one big message is not kept forever.
const KEEP_MAX = 64 * 1024;
// Below this many UTF-16 units, reserve the worst case (3 bytes each) and
// encode in one pass; above it, measure first to avoid a large over-reserve.
const STRING_ONE_PASS = 4096;

export class XdrWriter {
  private buf: Buffer;
  private pos = 0;
  private readonly initialSize: number;

  constructor(initialSize = 1024) {
    this.initialSize = Math.max(64, initialSize);
    this.buf = Buffer.allocUnsafe(this.initialSize);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Forget what was written; keeps the buffer unless it grew large. */
  reset(): void {
    this.pos = 0;
    if (this.buf.length > KEEP_MAX) this.buf = Buffer.allocUnsafe(this.initialSize);
  }

  /** The bytes written, as a Buffer the caller owns; the writer starts over. */
  finish(): Buffer {
    const n = this.pos;
    let out: Buffer;
    if (n >= KEEP_MAX) {
      // Hand the storage over rather than copying a large message.
      out = this.buf.subarray(0, n);
      this.buf = Buffer.allocUnsafe(this.initialSize);
    } else {
      out = Buffer.allocUnsafe(n);
      this.buf.copy(out, 0, 0, n);
    }
    this.pos = 0;
    return out;
  }

  /** Overwrite a u32 already written at `offset` (e.g. a length word). */
  setUInt32At(offset: number, v: number): void {
    if (offset < 0 || offset + 4 > this.pos || !Number.isInteger(offset)) {
      throw new ProtocolError("XDR_RANGE", `offset ${offset} is outside the written bytes`);
    }
    checkU32(v);
    put32(this.buf, offset, v);
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  writeInt32(v: number): void {
    if ((v | 0) !== v) throw rangeError(v, "int32");
    this.ensure(4);
    put32(this.buf, this.pos, v);
    this.pos += 4;
  }

  writeUInt32(v: number): void {
    checkU32(v);
    this.ensure(4);
    put32(this.buf, this.pos, v);
    this.pos += 4;
  }

  /** Signed 64-bit; a number must be a safe integer. */
  writeInt64(v: bigint | number): void {
    const b = toBigInt(v, "int64");
    if (b < INT64_MIN || b > INT64_MAX) throw rangeError(v, "int64");
    this.ensure(8);
    this.buf.writeBigInt64BE(b, this.pos);
    this.pos += 8;
  }

  /** Unsigned 64-bit; a number must be a safe integer. */
  writeUInt64(v: bigint | number): void {
    const b = toBigInt(v, "uint64");
    if (b < 0n || b > UINT64_MAX) throw rangeError(v, "uint64");
    this.ensure(8);
    this.buf.writeBigUInt64BE(b, this.pos);
    this.pos += 8;
  }

  writeDouble(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  writeFloat(v: number): void {
    this.ensure(4);
    this.buf.writeFloatBE(v, this.pos);
    this.pos += 4;
  }

  writeBool(v: boolean): void {
    this.ensure(4);
    put32(this.buf, this.pos, v ? 1 : 0);
    this.pos += 4;
  }

  /** Fixed-length opaque: exactly `len` bytes (default: all of them), no length word. */
  writeFixedOpaque(bytes: Uint8Array, len: number = bytes.length): void {
    if (bytes.length !== len) {
      throw new ProtocolError("XDR_VALUE", `expected ${len} bytes, got ${bytes.length}`);
    }
    this.ensure(len + 3);
    this.buf.set(bytes, this.pos);
    this.pos += len;
    this.pad(len);
  }

  /** Variable-length opaque: u32 length, bytes, padding. */
  writeVarOpaque(bytes: Uint8Array, max = 0xffffffff): void {
    const len = bytes.length;
    if (len > max) throw new ProtocolError("XDR_LIMIT", `${len} bytes exceed the maximum of ${max}`);
    this.ensure(len + 7);
    put32(this.buf, this.pos, len);
    this.buf.set(bytes, this.pos + 4);
    this.pos += 4 + len;
    this.pad(len);
  }

  /** String as UTF-8: u32 byte length, bytes, padding; `max` counts bytes. */
  writeString(s: string, max = 0xffffffff): void {
    if (s.includes("\0")) throw new ProtocolError("XDR_VALUE", "string contains a NUL character");
    let len: number;
    if (s.length <= STRING_ONE_PASS) {
      this.ensure(4 + s.length * 3 + 3);
      len = this.buf.write(s, this.pos + 4, "utf8");
    } else {
      len = Buffer.byteLength(s, "utf8");
      if (len <= max) {
        this.ensure(len + 7);
        this.buf.write(s, this.pos + 4, len, "utf8");
      }
    }
    if (len > max) throw new ProtocolError("XDR_LIMIT", `string of ${len} bytes exceeds the maximum of ${max}`);
    put32(this.buf, this.pos, len);
    this.pos += 4 + len;
    this.pad(len);
  }

  // Zero bytes up to the next multiple of 4 after an item of `len` bytes.
  private pad(len: number): void {
    const n = (4 - (len & 3)) & 3;
    if (n === 0) return;
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0;
    if (n > 1) b[p++] = 0;
    if (n > 2) b[p++] = 0;
    this.pos = p;
  }
}

function put32(b: Buffer, p: number, v: number): void {
  b[p] = v >>> 24;
  b[p + 1] = v >>> 16;
  b[p + 2] = v >>> 8;
  b[p + 3] = v;
}

function checkU32(v: number): void {
  if (v >>> 0 !== v) throw rangeError(v, "uint32");
}

function toBigInt(v: bigint | number, what: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  throw rangeError(v, what);
}

function rangeError(v: unknown, what: string): ProtocolError {
  return new ProtocolError("XDR_RANGE", `${describe(v)} is not a valid ${what}`);
}

/** Short printable form of a value for error messages. */
export function describe(v: unknown): string {
  switch (typeof v) {
    case "bigint":
      return `${v}n`;
    case "string":
      return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v);
    case "number":
    case "boolean":
    case "undefined":
      return String(v);
    default:
      if (v === null) return "null";
      if (Array.isArray(v)) return "array";
      if (v instanceof Uint8Array) return "bytes";
      return typeof v;
  }
}
