import type { Duplex } from "node:stream";
import { InnerDuplex } from "../inner-duplex.js";
import type { Transport } from "../transport.js";
import { SaslError, type SecurityLayer } from "./mechanism.js";

const LEN = 4;

/**
 * A Duplex that runs every byte through a SASL security layer on top of
 * another stream: writes are cut into chunks of at most maxPlainChunk, each
 * sealed and sent as `u32 length || body`; reads collect whole packets and
 * unseal them. Back-pressure passes through in both directions.
 */
export class SaslLayerStream extends InnerDuplex {
  private inbuf: Buffer = Buffer.alloc(0);

  constructor(
    base: Duplex,
    private readonly layer: SecurityLayer,
  ) {
    super(base);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    let packets: Buffer[];
    try {
      packets = this.sealAll(chunk);
    } catch (err) {
      cb(err as Error);
      return;
    }
    this.inner.write(packets.length === 1 ? packets[0]! : Buffer.concat(packets), cb);
  }

  protected override innerEnded(): void {
    if (this.inbuf.length > 0) this.destroy(new SaslError("connection closed inside a SASL packet"));
    else this.push(null);
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

  protected receive(chunk: Buffer): void {
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
    if (!more) this.inner.pause();
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
