// Building outbound frames: length word, header, [fd count], payload.
import { ProtocolError } from "../xdr/errors.js";
import { XdrWriter } from "../xdr/writer.js";
import type { Codec } from "../xdr/codec.js";
import { HEADER_SIZE, LEN_MAX, LEN_SIZE, MAX_FDS, hasFds } from "./constants.js";
import { checkHeader, writeHeader, type Header } from "./header.js";

/**
 * One complete frame. `nfds` is the descriptor count of *_WITH_FDS packets
 * (it must be 0 for the other types; the descriptors themselves travel out
 * of band).
 */
export function encodeFrame(h: Header, payload?: Uint8Array, nfds = 0): Buffer {
  const fdWord = fdWordSize(h, nfds);
  const body = payload ? payload.length : 0;
  const len = LEN_SIZE + HEADER_SIZE + fdWord + body;
  if (len > LEN_MAX) {
    throw new ProtocolError("FRAME_LENGTH", `frame of ${len} bytes exceeds the limit of ${LEN_MAX}`);
  }
  const buf = Buffer.allocUnsafe(len);
  buf.writeUInt32BE(len, 0);
  writeHeader(buf, LEN_SIZE, h);
  if (fdWord) buf.writeUInt32BE(nfds, LEN_SIZE + HEADER_SIZE);
  if (payload) buf.set(payload, LEN_SIZE + HEADER_SIZE + fdWord);
  return buf;
}

const sharedWriter = new XdrWriter(4096);

/**
 * A frame whose payload is `value` encoded by `codec` (null codec: empty
 * payload), written straight into one buffer without an intermediate copy.
 */
export function encodeMessage<T>(h: Header, codec: Codec<T> | null, value: T, nfds = 0, writer: XdrWriter = sharedWriter): Buffer {
  const fdWord = fdWordSize(h, nfds);
  checkHeader(h);
  const w = writer;
  w.reset();
  w.writeUInt32(0); // length, patched below
  w.writeUInt32(h.prog);
  w.writeUInt32(h.vers);
  w.writeInt32(h.proc);
  w.writeInt32(h.type);
  w.writeUInt32(h.serial);
  w.writeInt32(h.status);
  if (fdWord) w.writeUInt32(nfds);
  try {
    if (codec) codec.enc(w, value);
  } catch (err) {
    w.reset();
    throw err;
  }
  const len = w.length;
  if (len > LEN_MAX) {
    w.reset();
    throw new ProtocolError("FRAME_LENGTH", `frame of ${len} bytes exceeds the limit of ${LEN_MAX}`);
  }
  w.setUInt32At(0, len);
  return w.finish();
}

function fdWordSize(h: Header, nfds: number): number {
  if (!Number.isInteger(nfds) || nfds < 0 || nfds > MAX_FDS) {
    throw new ProtocolError("FRAME_FDS", `descriptor count ${nfds} is outside 0..${MAX_FDS}`);
  }
  if (hasFds(h.type)) return 4;
  if (nfds !== 0) throw new ProtocolError("FRAME_FDS", `packet type ${h.type} cannot carry descriptors`);
  return 0;
}
