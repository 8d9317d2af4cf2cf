// Value formatting shared by commands, following virsh's helpers.
import type { TypedParamValue } from "../../api/typed-params.js";

/** C's "%.Nf" for a number (JavaScript's toFixed rounds the same way for our ranges). */
export function fixed(v: number, digits: number): string {
  return v.toFixed(digits);
}

/** vshPrettyCapacity: value scaled to B, KiB, ... EiB. */
export function prettyCapacity(bytes: bigint | number): { value: number; unit: string } {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  const v = typeof bytes === "bigint" ? Number(bytes) : bytes;
  let limit = 1024;
  for (let i = 0; i < units.length; i++) {
    if (v < limit || i === units.length - 1) return { value: i === 0 ? v : v / (limit / 1024), unit: units[i] as string };
    limit *= 1024;
  }
  return { value: v, unit: "B" };
}

/** "%.3lf %s" of prettyCapacity. */
export function prettyBytes(bytes: bigint | number): string {
  const p = prettyCapacity(bytes);
  return `${fixed(p.value, 3)} ${p.unit}`;
}

/** Which bits are set in a cpumap (bit n = byte n>>3, bit n&7). */
export function bitsSet(map: Uint8Array, nbits = map.length * 8): number[] {
  const out: number[] = [];
  for (let i = 0; i < nbits && i < map.length * 8; i++) if (((map[i >> 3] ?? 0) >> (i & 7)) & 1) out.push(i);
  return out;
}

/** virBitmapDataFormat: "0-3,5,7". */
export function formatCpuList(bits: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < bits.length; ) {
    let j = i;
    while (j + 1 < bits.length && (bits[j + 1] as number) === (bits[j] as number) + 1) j++;
    parts.push(i === j ? `${bits[i]}` : `${bits[i]}-${bits[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** virBitmapParse: "0-3,^2,5" -> sorted CPU numbers; null when malformed. */
export function parseCpuList(text: string, max = 1024): number[] | null {
  const set = new Set<number>();
  const items = text.split(",").map((s) => s.trim());
  for (const item of items) {
    const m = /^(\^)?(\d+)(?:-(\d+))?$/.exec(item);
    if (!m) return null;
    const lo = Number(m[2]);
    const hi = m[3] === undefined ? lo : Number(m[3]);
    if (hi < lo || hi >= max) return null;
    for (let c = lo; c <= hi; c++) {
      if (m[1]) set.delete(c);
      else set.add(c);
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** A cpumap with the given CPUs set, `bytes` long. */
export function cpuMap(cpus: readonly number[], bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  for (const c of cpus) b[c >> 3] = (b[c >> 3] ?? 0) | (1 << (c & 7));
  return b;
}

function numberText(v: number): string {
  // Typed-parameter doubles print with "%f"; integers (int/uint) plainly.
  return Number.isInteger(v) ? String(v) : v.toFixed(6);
}

/** vshGetTypedParamValue: booleans as yes/no. */
export function paramValue(v: TypedParamValue): string {
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return numberText(v);
  return String(v);
}

/** virTypedParameterToString (events, --rawstats): booleans as 1/0. */
export function paramValueRaw(v: TypedParamValue): string {
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "number") return numberText(v);
  return String(v);
}

/** "%.1lfs" of nanoseconds. */
export function cpuSeconds(ns: bigint): string {
  return `${fixed(Number(ns) / 1e9, 1)}s`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** strftime "%Y-%m-%d %H:%M:%S %z" in local time, as virsh prints creation times. */
export function localTimestamp(seconds: number): string {
  const d = new Date(seconds * 1000);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const a = Math.abs(off);
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${sign}${pad2(Math.floor(a / 60))}${pad2(a % 60)}`
  );
}

/** "%Y-%m-%d %H:%M:%S" in UTC (domtime --pretty). */
export function utcTimestamp(seconds: bigint): string {
  const d = new Date(Number(seconds) * 1000);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

/** virTimeStringNowRaw: "2024-01-31 12:00:00.123+0000" (UTC). */
export function eventTimestamp(now = new Date()): string {
  const ms = String(now.getUTCMilliseconds()).padStart(3, "0");
  return `${utcTimestamp(BigInt(Math.floor(now.getTime() / 1000)))}.${ms}+0000`;
}

/** "%-15s %s" label lines (dominfo, domblkinfo, vcpuinfo). */
export function labelled(label: string, value: string | number, width = 15): string {
  return `${label.padEnd(width)} ${value}\n`;
}

/** C's strtol with base 0 on the whole text (virStrToLong_*): decimal, 0x hex or 0 octal. */
export function cInteger(text: string): number | null {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(text);
  if (!m) return null;
  const digits = m[2] as string;
  const n = /^0[xX]/.test(digits) ? parseInt(digits, 16) : digits.length > 1 ? parseInt(digits, digits.startsWith("0") ? 8 : 10) : Number(digits);
  return m[1] === "-" ? -n : n;
}
