// vshCommandOptScaledInt / virScaleInteger: "512", "1G", "2GiB", "1500MB", "4096b".
import { CliError } from "./errors.js";

const POWERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };

/** Bytes for `text` with `scale` as the unit of bare numbers; null when malformed or above `max`. */
export function parseScaled(text: string, scale: bigint, max: bigint): bigint | null {
  const m = /^\+?(\d+)(.*)$/.exec(text);
  if (!m) return null;
  const value = BigInt(m[1] as string);
  const suffix = m[2] as string;
  let unit: bigint;
  if (suffix === "") unit = scale;
  else if (/^(b|bytes?)$/i.test(suffix)) unit = 1n;
  else {
    const power = POWERS[(suffix[0] as string).toLowerCase()];
    if (power === undefined) return null;
    const rest = suffix.slice(1);
    let base: bigint;
    if (rest === "" || rest.toLowerCase() === "ib") base = 1024n;
    else if (rest.toLowerCase() === "b") base = 1000n;
    else return null;
    unit = base ** BigInt(power);
  }
  if (value !== 0n && value > max / unit) return null;
  return value * unit;
}

/** A scaled option in bytes, with virsh's error text. */
export function scaledOption(name: string, text: string, scale: bigint, max: bigint): bigint {
  const v = parseScaled(text, scale, max);
  if (v === null) throw new CliError(`Scaled numeric value '${text}' for <${name}> option is malformed or out of range`);
  return v;
}

/** Bytes rounded up to KiB (VIR_DIV_UP). */
export function toKiB(bytes: bigint): bigint {
  return (bytes + 1023n) / 1024n;
}
