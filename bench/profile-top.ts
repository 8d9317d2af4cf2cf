// Top self-time functions of a V8 .cpuprofile (node --cpu-prof output).
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg = "30", skipArg = "0"] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-top.js FILE.cpuprofile [N] [SKIP_MS]");
// Start-up and warm-up come first in the profile; skip them.
const skipUs = Number(skipArg) * 1000;
const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
let t = 0;
p.samples.forEach((id, i) => {
  const n = byId.get(id);
  const dt = p.timeDeltas[i] ?? 0;
  t += dt;
  if (!n || t < skipUs) return;
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/build\//, "").replace(/^node:/, "node:")}:${f.lineNumber + 1}` : "";
  const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
const idle = [...self.entries()].filter(([k]) => k.startsWith("(idle)")).reduce((a, [, v]) => a + v, 0);
console.log(`total ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms, busy ${((total - idle) / 1000).toFixed(0)} ms`);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) {
  const busyShare = k.startsWith("(idle)") ? "" : `${((100 * v) / (total - idle)).toFixed(1)}% of busy`;
  console.log(`${(v / 1000).toFixed(1).padStart(8)} ms  ${busyShare.padStart(14)}  ${k}`);
}
