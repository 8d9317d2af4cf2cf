// JSON output: 64-bit values become numbers when they fit exactly in a
// double, strings otherwise, so scripts never see a silently rounded value.

export function bigToJson(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return bigToJson(value);
  // Buffer.toJSON runs before the replacer sees the value.
  if (value !== null && typeof value === "object" && (value as { type?: unknown }).type === "Buffer") {
    const data = (value as { data?: unknown }).data;
    if (Array.isArray(data)) return Buffer.from(data as number[]).toString("hex");
  }
  return value;
}

export function toJson(value: unknown, pretty = false): string {
  return JSON.stringify(value, replacer, pretty ? 2 : undefined) ?? "null";
}
