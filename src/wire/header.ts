// The 24-byte packet header that follows the length word.
import { ProtocolError } from "../xdr/errors.js";
import { HEADER_SIZE } from "./constants.js";

export interface Header {
  /** Program number (u32). */
  prog: number;
  /** Program version (u32). */
  vers: number;
  /** Procedure number (s32). */
  proc: number;
  /** MessageType (s32). */
  type: number;
  /** Call serial, echoed by replies and stream packets (u32). */
  serial: number;
  /** Status (s32). */
  status: number;
}

/** Throw FRAME_HEADER unless every field fits its 32-bit wire type. */
export function checkHeader(h: Header): void {
  u32(h.prog, "prog");
  u32(h.vers, "vers");
  s32(h.proc, "proc");
  s32(h.type, "type");
  u32(h.serial, "serial");
  s32(h.status, "status");
}

/** Write `h` at `offset` of `buf` (24 bytes); fields are range-checked. */
export function writeHeader(buf: Buffer, offset: number, h: Header): void {
  checkHeader(h);
  buf.writeUInt32BE(h.prog, offset);
  buf.writeUInt32BE(h.vers, offset + 4);
  buf.writeInt32BE(h.proc, offset + 8);
  buf.writeInt32BE(h.type, offset + 12);
  buf.writeUInt32BE(h.serial, offset + 16);
  buf.writeInt32BE(h.status, offset + 20);
}

/** Read a header at `offset`; needs 24 bytes there. */
export function readHeader(buf: Uint8Array, offset = 0): Header {
  if (offset < 0 || offset + HEADER_SIZE > buf.length) {
    throw new ProtocolError("XDR_SHORT", `a header needs ${HEADER_SIZE} bytes at offset ${offset}, have ${buf.length - offset}`);
  }
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return {
    prog: b.readUInt32BE(offset),
    vers: b.readUInt32BE(offset + 4),
    proc: b.readInt32BE(offset + 8),
    type: b.readInt32BE(offset + 12),
    serial: b.readUInt32BE(offset + 16),
    status: b.readInt32BE(offset + 20),
  };
}

export function encodeHeader(h: Header): Buffer {
  const b = Buffer.allocUnsafe(HEADER_SIZE);
  writeHeader(b, 0, h);
  return b;
}

export function decodeHeader(buf: Uint8Array, offset = 0): Header {
  return readHeader(buf, offset);
}

function u32(v: unknown, field: string): void {
  if (typeof v !== "number" || v >>> 0 !== v) {
    throw new ProtocolError("FRAME_HEADER", `header ${field} must be a u32, got ${String(v)}`);
  }
}

function s32(v: unknown, field: string): void {
  if (typeof v !== "number" || (v | 0) !== v) {
    throw new ProtocolError("FRAME_HEADER", `header ${field} must be an s32, got ${String(v)}`);
  }
}
