// Big-endian XDR reader over a byte range. Every length word is checked
// against the type's maximum and against the bytes actually left before
// anything is allocated, so a hostile length cannot make us reserve memory.
// Byte results are copies: a small opaque must not pin a large frame.
import { ProtocolError } from "./errors.js";

export class XdrReader {
  private readonly buf: Buffer;
  private pos: number;
  private readonly end: number;

  constructor(bytes: Uint8Array, start = 0, end: number = bytes.length) {
    if (start < 0 || end > bytes.length || start > end) {
      throw new ProtocolError("XDR_RANGE", `bad reader range ${start}..${end} of ${bytes.length}`);
    }
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  /** Position of the next byte to read. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Fail unless every byte has been consumed. */
  expectEnd(): void {
    const left = this.end - this.pos;
    if (left !== 0) throw new ProtocolError("XDR_TRAILING", `${left} unread bytes after the value`);
  }

  private need(n: number): number {
    const p = this.pos;
    if (n > this.end - p) {
      throw new ProtocolError("XDR_SHORT", `need ${n} bytes, ${this.end - p} left`);
    }
    this.pos = p + n;
    return p;
  }

  readInt32(): number {
    const p = this.need(4);
    const b = this.buf;
    return (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
  }

  readUInt32(): number {
    const p = this.need(4);
    const b = this.buf;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  readInt64(): bigint {
    return this.buf.readBigInt64BE(this.need(8));
  }

  readUInt64(): bigint {
    return this.buf.readBigUInt64BE(this.need(8));
  }

  readDouble(): number {
    return this.buf.readDoubleBE(this.need(8));
  }

  readFloat(): number {
    return this.buf.readFloatBE(this.need(4));
  }

  /** Strictly 0 or 1. */
  readBool(): boolean {
    const v = this.readUInt32();
    if (v > 1) throw new ProtocolError("XDR_VALUE", `bool must be 0 or 1, got ${v}`);
    return v === 1;
  }

  /** Fixed-length opaque: `len` bytes plus zero padding. */
  readFixedOpaque(len: number): Buffer {
    const p = this.need(padded(len));
    this.checkPad(p + len, p + padded(len));
    return copy(this.buf, p, len);
  }

  /** Variable-length opaque: u32 length (at most `max`), bytes, zero padding. */
  readVarOpaque(max = 0xffffffff): Buffer {
    const len = this.readLength(max);
    const p = this.need(padded(len));
    this.checkPad(p + len, p + padded(len));
    return copy(this.buf, p, len);
  }

  /** String: u32 byte length (at most `max`), UTF-8 bytes, zero padding. */
  readString(max = 0xffffffff): string {
    const len = this.readLength(max);
    const p = this.need(padded(len));
    this.checkPad(p + len, p + padded(len));
    return this.buf.toString("utf8", p, p + len);
  }

  /**
   * A u32 length or count, checked against `max` and against the bytes left
   * assuming each unit takes at least `unit` bytes (0: no input check).
   * The position moves past the word only.
   */
  readLength(max: number, unit = 1): number {
    const len = this.readUInt32();
    if (len > max) {
      throw new ProtocolError("XDR_LIMIT", `length ${len} exceeds the maximum of ${max}`);
    }
    if (unit > 0 && len * unit > this.end - this.pos) {
      throw new ProtocolError("XDR_SHORT", `length ${len} needs ${len * unit} bytes, ${this.end - this.pos} left`);
    }
    return len;
  }

  private checkPad(from: number, to: number): void {
    const b = this.buf;
    for (let i = from; i < to; i++) {
      if (b[i] !== 0) throw new ProtocolError("XDR_PADDING", `nonzero padding byte at offset ${i}`);
    }
  }
}

function padded(len: number): number {
  // Arithmetic, not `& ~3`: lengths may exceed int32.
  return len + ((4 - (len & 3)) & 3);
}

function copy(b: Buffer, p: number, len: number): Buffer {
  const out = Buffer.allocUnsafe(len);
  b.copy(out, 0, p, p + len);
  return out;
}
