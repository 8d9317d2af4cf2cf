// Runs every compiled test file under build/test with node's test runner.
// Node 20's --test takes files, not globs, so we collect them here.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith(".test.js")) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = collect("build/test", []).sort();
if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
const res = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], { stdio: "inherit" });
process.exit(res.status ?? 1);
