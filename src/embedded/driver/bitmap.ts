// CPU/node sets as libvirt spells them ("0-3,^2,8") and as cpumap bytes
// (bit i of byte i/8 = CPU i).

/** Parse a libvirt set string; null when malformed. */
export function parseSet(s: string, max = 4096): Set<number> | null {
  const out = new Set<number>();
  const parts = s.split(",").map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === "")) return null;
  for (const p of parts) {
    const neg = p.startsWith("^");
    const body = neg ? p.slice(1) : p;
    const m = /^(\d+)(?:-(\d+))?$/.exec(body);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a || b >= max || (neg && m[2] !== undefined)) return null;
    for (let i = a; i <= b; i++) {
      if (neg) out.delete(i);
      else out.add(i);
    }
  }
  return out;
}

/** Canonical string: ascending, runs of 2+ collapsed to "a-b" (libvirt's virBitmapFormat). */
export function formatSet(set: Iterable<number>): string {
  const v = [...new Set(set)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < v.length; ) {
    let j = i;
    while (j + 1 < v.length && v[j + 1] === v[j]! + 1) j++;
    parts.push(j > i ? `${v[i]}-${v[j]}` : `${v[i]}`);
    i = j + 1;
  }
  return parts.join(",");
}

export function setFromBytes(b: Uint8Array): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < b.length * 8; i++) if (b[i >> 3]! & (1 << (i & 7))) out.add(i);
  return out;
}

export function setToBytes(set: Iterable<number>, maplen: number): Buffer {
  const b = Buffer.alloc(maplen);
  for (const i of set) if (i >= 0 && i < maplen * 8) b[i >> 3]! |= 1 << (i & 7);
  return b;
}

export function range(n: number): Set<number> {
  const s = new Set<number>();
  for (let i = 0; i < n; i++) s.add(i);
  return s;
}
