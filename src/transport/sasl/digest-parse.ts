import { SaslError } from "./mechanism.js";

/**
 * Parse a DIGEST-MD5 directive list (RFC 2831 section 7.1: `k=v` or
 * `k="quoted"` items separated by commas, with backslash escapes in quoted
 * strings). Repeated keys (realm may repeat) keep every value, in order.
 */
export function parseDirectives(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === "," || text[i] === " " || text[i] === "\t" || text[i] === "\r" || text[i] === "\n")) i++;
    if (i >= n) break;
    const eq = text.indexOf("=", i);
    if (eq < 0) throw new SaslError("malformed DIGEST-MD5 challenge");
    const key = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < n && (text[i] === " " || text[i] === "\t")) i++;
    let value = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new SaslError("unterminated quoted string in DIGEST-MD5 challenge");
        const c = text[i]!;
        if (c === "\\" && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      value = text.slice(i, end).trim();
      i = end;
    }
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** A value as a quoted-string. */
export function quote(s: string): string {
  return `"${s.replace(/(["\\])/g, "\\$1")}"`;
}

/** A comma-separated option list ("auth,auth-conf") as trimmed tokens. */
export function tokens(list: string | undefined): string[] {
  if (!list) return [];
  return list
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}
