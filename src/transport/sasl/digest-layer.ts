import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { Rc4 } from "./rc4.js";
import { SaslError, type SecurityLayer } from "./mechanism.js";

// RFC 2831 section 2.3/2.4 key derivation constants.
const SEAL_C2S = "Digest H(A1) to client-to-server sealing key magic constant";
const SEAL_S2C = "Digest H(A1) to server-to-client sealing key magic constant";
const SIGN_C2S = "Digest session key to client-to-server signing key magic constant";
const SIGN_S2C = "Digest session key to server-to-client signing key magic constant";
// Trailer of every sealed packet: 10-byte MAC inside the ciphertext, then
// message type 0x0001 and the sequence number in clear.
const MAC_LEN = 10;
const TRAILER = 6;
// Cyrus subtracts this from the peer's maxbuf for MAC, padding and trailer.
const OVERHEAD = 25;

/** The RC4 ciphers of DIGEST-MD5, with how many bytes of H(A1) key them and their SSF. */
export const RC4_CIPHERS: Readonly<Record<string, { keyBytes: number; ssf: number }>> = {
  rc4: { keyBytes: 16, ssf: 128 },
  "rc4-56": { keyBytes: 7, ssf: 56 },
  "rc4-40": { keyBytes: 5, ssf: 40 },
};

/** MD5 of the parts in order (DIGEST-MD5 hashes everything this way). */
export function md5(...parts: (Buffer | string)[]): Buffer {
  const h = createHash("md5");
  for (const p of parts) h.update(p);
  return h.digest();
}

/**
 * DIGEST-MD5 confidentiality layer (qop=auth-conf) with an RC4 cipher: each
 * packet body is RC4(msg || HMAC-MD5(Ki, seq || msg)[0..10]) || 0x0001 || seq,
 * with per-direction keys, keystreams and sequence numbers starting at 0.
 */
export class DigestConfLayer implements SecurityLayer {
  readonly ssf: number;
  readonly maxPlainChunk: number;
  readonly maxInbound: number;
  private readonly sendCipher: Rc4;
  private readonly recvCipher: Rc4;
  private readonly sendMacKey: Buffer;
  private readonly recvMacKey: Buffer;
  private sendSeq = 0;
  private recvSeq = 0;

  /**
   * @param ha1 the 16-byte H(A1) session key
   * @param peerMaxbuf the server's maxbuf (largest packet it takes)
   * @param ownMaxbuf the maxbuf we announced (largest packet we take)
   * @param role whose keys seal: the client's (ours), or the server's (for tests)
   */
  constructor(cipher: string, ha1: Buffer, peerMaxbuf: number, ownMaxbuf: number, role: "client" | "server" = "client") {
    const c = RC4_CIPHERS[cipher];
    if (!c) throw new SaslError(`unsupported DIGEST-MD5 cipher ${cipher}`);
    this.ssf = c.ssf;
    const n = c.keyBytes;
    const [sealOut, sealIn, signOut, signIn] =
      role === "client" ? [SEAL_C2S, SEAL_S2C, SIGN_C2S, SIGN_S2C] : [SEAL_S2C, SEAL_C2S, SIGN_S2C, SIGN_C2S];
    this.sendCipher = new Rc4(md5(ha1.subarray(0, n), sealOut));
    this.recvCipher = new Rc4(md5(ha1.subarray(0, n), sealIn));
    this.sendMacKey = md5(ha1, signOut);
    this.recvMacKey = md5(ha1, signIn);
    this.maxPlainChunk = peerMaxbuf - OVERHEAD;
    this.maxInbound = ownMaxbuf;
  }

  seal(plain: Buffer): Buffer {
    if (plain.length > this.maxPlainChunk) throw new RangeError("chunk larger than the SASL layer allows");
    const seq = Buffer.alloc(4);
    seq.writeUInt32BE(this.sendSeq, 0);
    this.sendSeq = (this.sendSeq + 1) >>> 0;
    const mac = createHmac("md5", this.sendMacKey).update(seq).update(plain).digest().subarray(0, MAC_LEN);
    const body = Buffer.allocUnsafe(plain.length + MAC_LEN + TRAILER);
    const enc = this.sendCipher.update(Buffer.concat([plain, mac]));
    enc.copy(body, 0);
    body.writeUInt16BE(1, enc.length);
    seq.copy(body, enc.length + 2);
    return body;
  }

  unseal(body: Buffer): Buffer {
    if (body.length < MAC_LEN + TRAILER) throw new SaslError("SASL packet too short");
    const tail = body.length - TRAILER;
    if (body.readUInt16BE(tail) !== 1) throw new SaslError("SASL packet has a wrong message type");
    const seq = body.readUInt32BE(tail + 2);
    if (seq !== this.recvSeq) throw new SaslError(`SASL packet out of sequence (got ${seq}, expected ${this.recvSeq})`);
    this.recvSeq = (this.recvSeq + 1) >>> 0;
    const dec = this.recvCipher.update(body.subarray(0, tail));
    const msg = dec.subarray(0, dec.length - MAC_LEN);
    const mac = dec.subarray(dec.length - MAC_LEN);
    const want = createHmac("md5", this.recvMacKey)
      .update(body.subarray(tail + 2))
      .update(msg)
      .digest()
      .subarray(0, MAC_LEN);
    if (!timingSafeEqual(mac, want)) throw new SaslError("SASL packet failed its integrity check");
    return msg;
  }
}
