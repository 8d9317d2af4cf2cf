import { Duplex } from "node:stream";
import type { Transport } from "./transport.js";

/**
 * Two cross-wired Duplex streams: bytes written on one side are read on the other.
 * Backpressure is honoured: a side's write callback waits until the peer has
 * pushed the chunk into a readable buffer that is not over its high-water mark.
 */
export function memoryPair(): [Duplex, Duplex] {
  class Side extends Duplex {
    peer!: Side;
    private pending: ((err?: Error | null) => void) | null = null;
    override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
      if (this.peer.destroyed) {
        cb(new Error("memory transport peer closed"));
        return;
      }
      if (this.peer.push(chunk)) cb();
      else this.peer.pending = cb;
    }
    override _final(cb: (err?: Error | null) => void): void {
      this.peer.push(null);
      cb();
    }
    override _read(): void {
      const p = this.pending;
      this.pending = null;
      if (p) p();
    }
    override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
      const p = this.pending;
      this.pending = null;
      if (p) p(new Error("memory transport closed"));
      if (!this.peer.destroyed) this.peer.destroy();
      cb(err);
    }
  }
  const aSide = new Side();
  const bSide = new Side();
  aSide.peer = bSide;
  bSide.peer = aSide;
  return [aSide, bSide];
}

export function memoryTransport(stream: Duplex): Transport {
  return {
    stream,
    kind: "memory",
    secure: true,
    encrypted: false,
    canPassFds: false,
    destroy: (err) => stream.destroy(err),
  };
}
