// Incremental frame splitter for the inbound byte stream.
//
// Memory rules: each frame gets its own buffer, filled by copying from the
// chunks, so a payload handed out is never a view into storage the decoder
// reuses, and input chunks are never kept. The buffer is sized from the
// length word up to EAGER bytes; a larger frame's buffer grows (doubling)
// as its bytes arrive, so a bare 32 MiB length word reserves nothing big.
// A length word outside the protocol bounds is rejected before any body
// byte is buffered; after that the stream position is meaningless, so the
// decoder stays failed.
import { ProtocolError } from "../xdr/errors.js";
import { HEADER_SIZE, LEN_MAX, LEN_MIN, LEN_SIZE, MAX_FDS, hasFds } from "./constants.js";
import { readHeader, type Header } from "./header.js";

/** Frames up to this size get their whole buffer at once (stream chunks are 262,148 bytes). */
const EAGER = 1 << 20;

export interface Frame {
  header: Header;
  /** Bytes after the header (and after the fd count for *_WITH_FDS). Owned by the caller. */
  payload: Buffer;
  /** Descriptor count of a *_WITH_FDS packet, else 0. */
  nfds: number;
}

export interface FrameDecoderOptions {
  /** Largest length word accepted; defaults to the protocol maximum. */
  maxLength?: number;
}

export class FrameDecoder {
  private readonly maxLength: number;
  // Partial length word, when a chunk ended inside it.
  private readonly lenBuf = Buffer.alloc(LEN_SIZE);
  private lenHave = 0;
  // Header + payload of the frame being filled, once its length is known.
  private body: Buffer | null = null;
  private bodyHave = 0;
  // Bytes the length word announced for `body` (its buffer may still be smaller).
  private bodyLen = 0;
  // Descriptor carrier bytes still to drop (one per fd, after the frame).
  private skip = 0;
  private failure: ProtocolError | null = null;

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxLength ?? LEN_MAX;
    if (!Number.isInteger(max) || max < LEN_MIN || max > LEN_MAX) {
      throw new RangeError(`maxLength must be within ${LEN_MIN}..${LEN_MAX}`);
    }
    this.maxLength = max;
  }

  /** Bytes of the incomplete frame received so far (length word included). */
  get bufferedBytes(): number {
    return this.body ? LEN_SIZE + this.bodyHave : this.lenHave;
  }

  /** True between frames: nothing partial buffered and no carrier bytes pending. */
  get idle(): boolean {
    return this.lenHave === 0 && this.body === null && this.skip === 0;
  }

  /** The error that stopped the decoder, if any. */
  get error(): ProtocolError | null {
    return this.failure;
  }

  /**
   * Feed bytes; returns the frames completed by them, in order. Throws a
   * ProtocolError when framing is lost, and again on every later call.
   */
  push(chunk: Uint8Array): Frame[] {
    if (this.failure) throw this.failure;
    const out: Frame[] = [];
    const n = chunk.length;
    let p = 0;
    while (p < n) {
      if (this.skip > 0) {
        const k = Math.min(this.skip, n - p);
        this.skip -= k;
        p += k;
        continue;
      }
      let body = this.body;
      if (body === null) {
        let len: number;
        if (this.lenHave === 0 && n - p >= LEN_SIZE) {
          len = ((chunk[p]! << 24) | (chunk[p + 1]! << 16) | (chunk[p + 2]! << 8) | chunk[p + 3]!) >>> 0;
          p += LEN_SIZE;
        } else {
          while (this.lenHave < LEN_SIZE && p < n) this.lenBuf[this.lenHave++] = chunk[p++]!;
          if (this.lenHave < LEN_SIZE) break;
          len = this.lenBuf.readUInt32BE(0);
          this.lenHave = 0;
        }
        if (len < LEN_MIN || len > this.maxLength) {
          throw this.fail(new ProtocolError("FRAME_LENGTH", `frame length ${len} is outside ${LEN_MIN}..${this.maxLength}`));
        }
        this.bodyLen = len - LEN_SIZE;
        body = Buffer.allocUnsafe(Math.min(this.bodyLen, Math.max(EAGER, n - p)));
        this.body = body;
        this.bodyHave = 0;
      }
      const k = Math.min(this.bodyLen - this.bodyHave, n - p);
      if (this.bodyHave + k > body.length) body = this.grow(body, this.bodyHave + k);
      body.set(chunk.subarray(p, p + k), this.bodyHave);
      this.bodyHave += k;
      p += k;
      if (this.bodyHave < this.bodyLen) break;
      this.body = null;
      this.bodyHave = 0;
      out.push(this.complete(body));
    }
    return out;
  }

  /** A larger buffer for the frame being filled: at least `need`, doubling, never past its length. */
  private grow(body: Buffer, need: number): Buffer {
    const next = Buffer.allocUnsafe(Math.min(this.bodyLen, Math.max(need, body.length * 2)));
    body.copy(next, 0, 0, this.bodyHave);
    this.body = next;
    return next;
  }

  private complete(body: Buffer): Frame {
    const header = readHeader(body, 0);
    if (!hasFds(header.type)) return { header, payload: body.subarray(HEADER_SIZE), nfds: 0 };
    if (body.length < HEADER_SIZE + 4) {
      throw this.fail(new ProtocolError("FRAME_LENGTH", `packet type ${header.type} without its descriptor count`));
    }
    const nfds = body.readUInt32BE(HEADER_SIZE);
    if (nfds > MAX_FDS) {
      // The carrier bytes that follow cannot be accounted for.
      throw this.fail(new ProtocolError("FRAME_FDS", `descriptor count ${nfds} exceeds ${MAX_FDS}`));
    }
    this.skip = nfds;
    return { header, payload: body.subarray(HEADER_SIZE + 4), nfds };
  }

  private fail(err: ProtocolError): ProtocolError {
    this.failure = err;
    this.body = null;
    this.bodyHave = 0;
    this.lenHave = 0;
    this.skip = 0;
    return err;
  }
}
