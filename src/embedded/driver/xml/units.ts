// Numbers and scaled sizes read from XML, failing with libvirt's wording.
import { ErrCode, ErrDomain, virErr } from "../errors.js";

const SCALE: Record<string, bigint> = {
  b: 1n,
  bytes: 1n,
  kb: 1000n,
  k: 1024n,
  kib: 1024n,
  mb: 1000n ** 2n,
  m: 1024n ** 2n,
  mib: 1024n ** 2n,
  gb: 1000n ** 3n,
  g: 1024n ** 3n,
  gib: 1024n ** 3n,
  tb: 1000n ** 4n,
  t: 1024n ** 4n,
  tib: 1024n ** 4n,
  pb: 1000n ** 5n,
  p: 1024n ** 5n,
  pib: 1024n ** 5n,
  eb: 1000n ** 6n,
  e: 1024n ** 6n,
  eib: 1024n ** 6n,
};

export function invalidValue(value: string, where: string): Error {
  return virErr(ErrCode.XML_ERROR, ErrDomain.XML, `Invalid value '${value}' for element or attribute '${where}'`);
}

/** Unsigned integer in decimal (libvirt also takes 0x hex for most fields). */
export function parseUInt(value: string, where: string): bigint {
  const v = value.trim();
  if (/^\d+$/.test(v)) return BigInt(v);
  if (/^0x[0-9a-fA-F]+$/.test(v)) return BigInt(v);
  throw invalidValue(value, where);
}

export function parseUIntNum(value: string, where: string): number {
  const n = parseUInt(value, where);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidValue(value, where);
  return Number(n);
}

/** A size with an optional unit attribute, returned in KiB rounded up. */
export function parseScaledKiB(value: string, unit: string | undefined, where: string): bigint {
  const n = parseUInt(value, where);
  const u = (unit ?? "KiB").toLowerCase();
  const scale = SCALE[u];
  if (scale === undefined) throw virErr(ErrCode.INVALID_ARG, ErrDomain.NONE, `unknown suffix '${unit ?? ""}'`);
  const bytes = n * scale;
  return (bytes + 1023n) / 1024n;
}
