// vshCommandOptScaledInt / virScaleInteger: "512", "1G", "2GiB", "1500MB", "4096b".
import { CliError } from "./errors.js";

const POWERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };

export const ULLONG_MAX = 0xffffffffffffffffn;

type Scaled = { bytes: bigint } | { bytes: null; why?: string };

/** virScaleInteger's result, or the reason libvirt would give (none when the number itself is bad). */
function scale(text: string, unitOfBare: bigint, max: bigint): Scaled {
  // strtoull skips leading blanks.
  const m = /^\s*\+?(\d+)(.*)$/.exec(text);
  if (!m) return { bytes: null };
  const value = BigInt(m[1] as string);
  if (value > 0xffffffffffffffffn) return { bytes: null };
  const suffix = m[2] as string;
  let unit: bigint;
  if (suffix === "") unit = unitOfBare;
  else if (/^(b|bytes?)$/i.test(suffix)) unit = 1n;
  else {
    const power = POWERS[(suffix[0] as string).toLowerCase()];
    const rest = suffix.slice(1).toLowerCase();
    const base = rest === "" || rest === "ib" ? 1024n : rest === "b" ? 1000n : null;
    if (power === undefined || base === null) return { bytes: null, why: `invalid argument: unknown suffix '${suffix}'` };
    unit = base ** BigInt(power);
  }
  if (value !== 0n && value > max / unit) return { bytes: null, why: `numerical overflow: value too large: ${text}` };
  return { bytes: value * unit };
}

/** Bytes for `text` with `scale` as the unit of bare numbers; null when malformed or above `max`. */
export function parseScaled(text: string, unitOfBare: bigint, max: bigint): bigint | null {
  return scale(text, unitOfBare, max).bytes;
}

/** A scaled option in bytes, with virsh's error text. */
export function scaledOption(name: string, text: string, unitOfBare: bigint, max: bigint): bigint {
  const v = scale(text, unitOfBare, max);
  if (v.bytes === null) {
    // libvirt's own reason (a bad suffix, an overflow) follows as a second line.
    const cause = v.why === undefined ? undefined : new Error(v.why);
    throw new CliError(`Scaled numeric value '${text}' for <${name}> option is malformed or out of range`, { cause });
  }
  return v.bytes;
}

/** Bytes rounded up to KiB (VIR_DIV_UP). */
export function toKiB(bytes: bigint): bigint {
  return (bytes + 1023n) / 1024n;
}
