// A MAC address typed by the user, read the two ways virsh reads one: both are
// needed, as each command matches addresses virsh's way (checked with virsh 9.0).

// Six parts of one or two hex digits; what may follow is checked on its own.
const MAC = /^(?:[0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2}/;

/**
 * virMacAddrParse then virMacAddrFormat (domif-getlink): "A:b:0c:..." -> "0a:0b:0c:...",
 * or null when not a MAC (no blanks before a part, no part of three digits).
 */
export function normalizeMac(text: string): string | null {
  const m = MAC.exec(text);
  if (!m) return null;
  // The end, a blank or control character, or (C's signed char) any non-ASCII one.
  const next = text.charCodeAt(m[0].length);
  if (next > 0x20 && next < 0x80) return null;
  return m[0].split(":").map((b) => b.toLowerCase().padStart(2, "0")).join(":");
}

/**
 * virMacAddrCompare (detach-interface --mac): case-insensitive, leading zeros
 * ignored, nothing validated, so "52:54:000:0:0:1" matches 52:54:00:00:00:01
 * but a trailing blank does not.
 */
export function sameMac(x: string, y: string): boolean {
  const norm = (s: string): string => s.replace(/0+(?=[0-9a-fA-F])/g, "").toUpperCase();
  return norm(x) === norm(y);
}
