// Drive one virtwire case for profiling, e.g.
//   node --cpu-prof --cpu-prof-dir=/tmp/vwprof build/bench/profile.js version.inflight-16 5
//   node build/bench/profile-top.js /tmp/vwprof/*.cpuprofile
import { findCase } from "./cases.js";
import { VirtwireBench } from "./virtwire-client.js";

const [caseId = "version.seq", seconds = "5", uri = "test+unix:///default"] = process.argv.slice(2);
const c = findCase(caseId);
if (!c) throw new Error(`unknown case ${caseId}`);
const bench = await VirtwireBench.open(uri);
await bench.prime(1);
const r = await bench.run(c, { duration: Number(seconds), warmup: 0.2, iterations: Math.round(Number(seconds) * 200), daemonPid: null });
await bench.close();
console.log(JSON.stringify(r, (_k, v: unknown) => (Array.isArray(v) ? `${v.length} samples` : v)));
