import { InnerDuplex } from "./inner-duplex.js";

const NO_BYTES = Buffer.alloc(0);

/**
 * Writes to a TLS socket so that no TLS record holds bytes of two RPC
 * frames. libvirtd (9.0) reads one frame, then waits for its socket to
 * become readable again; a second frame already decrypted and buffered
 * inside gnutls does not make it readable, so the call stalls until some
 * other traffic (the server's keepalive ping, 5 s) wakes it. Each frame
 * therefore goes out in its own write, the next one only after the socket
 * took the previous (queued writes would be merged into one record).
 * Reads pass through untouched.
 */
export class TlsFrameWriter extends InnerDuplex {
  /** Bytes of the current frame not yet written (0: at a frame boundary). */
  private frameLeft = 0;
  /** A length word split across writes (only when a caller cuts frames up). */
  private header: Buffer = NO_BYTES;

  protected receive(chunk: Buffer): void {
    if (!this.push(chunk)) this.inner.pause();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const pieces = this.split(chunk);
    const next = (i: number): void => {
      if (i >= pieces.length) {
        cb();
        return;
      }
      this.inner.write(pieces[i]!, (err) => (err ? cb(err) : next(i + 1)));
    };
    next(0);
  }

  /** Cut a chunk at frame boundaries; each piece belongs to a single frame. */
  split(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let off = 0;
    let pieceStart = 0;
    while (off < chunk.length) {
      if (this.frameLeft === 0) {
        if (off > pieceStart) out.push(chunk.subarray(pieceStart, off));
        pieceStart = off;
        const need = 4 - this.header.length;
        if (chunk.length - off < need) {
          this.header = Buffer.concat([this.header, chunk.subarray(off)]);
          off = chunk.length;
          break;
        }
        // Usually the whole length word is in this chunk: read it in place.
        const len =
          this.header.length === 0
            ? chunk.readUInt32BE(off)
            : Buffer.concat([this.header, chunk.subarray(off, off + need)]).readUInt32BE(0);
        this.header = NO_BYTES;
        // The length word counts itself; anything shorter is not a frame, pass it through as one piece.
        this.frameLeft = Math.max(len, 4) - 4;
        off += need;
        continue;
      }
      const take = Math.min(this.frameLeft, chunk.length - off);
      this.frameLeft -= take;
      off += take;
    }
    if (off > pieceStart) out.push(chunk.subarray(pieceStart, off));
    return out;
  }
}
