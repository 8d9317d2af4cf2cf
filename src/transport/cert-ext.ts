// Just enough DER to read the X.509 extensions libvirt's certificate checks
// look at (basic constraints, key usage, extended key usage, with their
// critical flags), which node's X509Certificate does not expose.

interface Tlv {
  tag: number;
  /** Start of the value. */
  start: number;
  /** End of the value (exclusive). */
  end: number;
}

function readTlv(buf: Buffer, off: number, limit: number): Tlv {
  if (off + 2 > limit) throw new Error("truncated DER");
  const tag = buf[off]!;
  let len = buf[off + 1]!;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) throw new Error("bad DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (p + len > limit) throw new Error("truncated DER");
  return { tag, start: p, end: p + len };
}

function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = parent.start; p < parent.end; ) {
    const t = readTlv(buf, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

function oid(buf: Buffer, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let p = t.start; p < t.end; p++) {
    const b = buf[p]!;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

export interface CertExtensions {
  /** basicConstraints: absent (null), or whether it names a CA. */
  basicConstraintsCa: boolean | null;
  /** keyUsage bits as named flags, or null when absent. */
  keyUsage: { digitalSignature: boolean; keyEncipherment: boolean; keyCertSign: boolean; critical: boolean } | null;
  /** extendedKeyUsage purposes (dotted OIDs), or null when absent. */
  extKeyUsage: { purposes: string[]; critical: boolean } | null;
}

/** Read the extensions of one DER certificate. */
export function certExtensions(der: Buffer): CertExtensions {
  const out: CertExtensions = { basicConstraintsCa: null, keyUsage: null, extKeyUsage: null };
  const cert = readTlv(der, 0, der.length);
  const tbs = children(der, cert)[0];
  if (!tbs) throw new Error("certificate without tbsCertificate");
  const exts = children(der, tbs).find((t) => t.tag === 0xa3);
  if (!exts) return out;
  const seq = children(der, exts)[0];
  if (!seq) return out;
  for (const ext of children(der, seq)) {
    const parts = children(der, ext);
    const id = oid(der, parts[0]!);
    const critical = parts.length === 3 && parts[1]!.tag === 0x01 && der[parts[1]!.start] !== 0;
    const octets = parts[parts.length - 1]!;
    const inner = readTlv(der, octets.start, octets.end);
    if (id === "2.5.29.19") {
      const f = children(der, inner)[0];
      out.basicConstraintsCa = f !== undefined && f.tag === 0x01 && der[f.start] !== 0;
    } else if (id === "2.5.29.15") {
      // BIT STRING: first byte counts unused bits; bit 0 is the MSB of the next byte.
      const b0 = inner.end > inner.start + 1 ? der[inner.start + 1]! : 0;
      out.keyUsage = {
        digitalSignature: (b0 & 0x80) !== 0,
        keyEncipherment: (b0 & 0x20) !== 0,
        keyCertSign: (b0 & 0x04) !== 0,
        critical,
      };
    } else if (id === "2.5.29.37") {
      out.extKeyUsage = { purposes: children(der, inner).map((t) => oid(der, t)), critical };
    }
  }
  return out;
}
