import { randomBytes } from "node:crypto";

/** Canonical lower-case 8-4-4-4-12 form of a 16-byte UUID. */
export function formatUuid(raw: Uint8Array): string {
  const h = Buffer.from(raw).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Parse a UUID the way libvirt does: 32 hex digits, dashes allowed anywhere
 * between pairs, surrounding blanks ignored. Returns null when malformed.
 */
export function parseUuid(text: string): Buffer | null {
  const s = text.trim();
  let hex = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "-") continue;
    if (!/[0-9a-fA-F]/.test(c)) return null;
    hex += c;
  }
  if (hex.length !== 32) return null;
  return Buffer.from(hex, "hex");
}

/** A random version-4 UUID (libvirt generates one when the XML has none). */
export function randomUuid(): Buffer {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return b;
}
