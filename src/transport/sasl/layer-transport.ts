import { Duplex } from "node:stream";
import type { Transport } from "../transport.js";
import { SaslError, type SecurityLayer } from "./mechanism.js";

const LEN = 4;

/**
 * A Duplex that runs every byte through a SASL security layer on top of
 * another stream: writes are cut into chunks of at most maxPlainChunk, each
 * sealed and sent as `u32 length || body`; reads collect whole packets and
 * unseal them. Back-pressure passes through in both directions.
 */
export class SaslLayerStream extends Duplex {
  private inbuf: Buffer = Buffer.alloc(0);
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private readonly onEnd = (): void => {
    if (this.inbuf.length > 0) this.destroy(new SaslError("connection closed inside a SASL packet"));
    else this.push(null);
  };
  private readonly onClose = (): void => {
    if (!this.destroyed) this.destroy();
  };
  private readonly onError = (err: Error): void => {
    this.destroy(err);
  };

  constructor(
    private readonly base: Duplex,
    private readonly layer: SecurityLayer,
  ) {
    super();
    base.on("data", this.onData);
    base.on("end", this.onEnd);
    base.on("close", this.onClose);
    base.on("error", this.onError);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    let packets: Buffer[];
    try {
      packets = this.sealAll(chunk);
    } catch (err) {
      cb(err as Error);
      return;
    }
    this.base.write(packets.length === 1 ? packets[0]! : Buffer.concat(packets), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.base.end(cb);
  }

  override _read(): void {
    if (this.base.isPaused()) this.base.resume();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.base.off("data", this.onData);
    this.base.off("end", this.onEnd);
    this.base.off("close", this.onClose);
    this.base.off("error", this.onError);
    // No error on the base: nobody listens there any more, and ours carries it.
    if (!this.base.destroyed) this.base.destroy();
    cb(err);
  }

  private sealAll(chunk: Buffer): Buffer[] {
    const max = this.layer.maxPlainChunk;
    const out: Buffer[] = [];
    for (let off = 0; off < chunk.length; off += max) {
      const body = this.layer.seal(chunk.subarray(off, Math.min(off + max, chunk.length)));
      const len = Buffer.allocUnsafe(LEN);
      len.writeUInt32BE(body.length, 0);
      out.push(len, body);
    }
    return out;
  }

  private receive(chunk: Buffer): void {
    let buf = this.inbuf.length === 0 ? chunk : Buffer.concat([this.inbuf, chunk]);
    let more = true;
    try {
      while (buf.length >= LEN) {
        const n = buf.readUInt32BE(0);
        if (n > this.layer.maxInbound) throw new SaslError(`SASL packet of ${n} bytes exceeds the ${this.layer.maxInbound} agreed`);
        if (buf.length < LEN + n) break;
        const plain = this.layer.unseal(buf.subarray(LEN, LEN + n));
        buf = buf.subarray(LEN + n);
        if (plain.length > 0) more = this.push(plain);
      }
    } catch (err) {
      this.inbuf = Buffer.alloc(0);
      this.destroy(err as Error);
      return;
    }
    // Keep only the unconsumed tail, detached from the big chunk it came in.
    this.inbuf = buf.length === 0 ? Buffer.alloc(0) : Buffer.from(buf);
    if (!more) this.base.pause();
  }
}

/** The transport seen through a SASL security layer: encrypted from here on. */
export function saslLayerTransport(base: Transport, layer: SecurityLayer): Transport {
  const stream = new SaslLayerStream(base.stream, layer);
  return {
    stream,
    kind: base.kind,
    secure: true,
    encrypted: layer.ssf > 1 || base.encrypted,
    canPassFds: false,
    destroy: (err) => stream.destroy(err),
  };
}
