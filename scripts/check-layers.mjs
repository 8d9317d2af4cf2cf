// Fails when a file under src/ imports from a layer above its own.
// Layers, lowest first; each may import only from itself and those below.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";

const LAYERS = ["xdr", "wire", "protocol", "transport", "embedded", "rpc", "api", "cli"];
const root = resolve("src");
const bad = [];

function layerOf(file) {
  const parts = relative(root, file).split("/");
  // Files at src/ itself (the public entry point) sit above every layer.
  if (parts.length === 1) return LAYERS.length;
  return LAYERS.indexOf(parts[0]);
}

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts")) check(p);
  }
}

function check(file) {
  const src = readFileSync(file, "utf8");
  const own = layerOf(file);
  for (const m of src.matchAll(/(?:import|export)[^"']*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g)) {
    const spec = m[1] ?? m[2];
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(root + "/")) continue;
    const tl = layerOf(target);
    if (tl > own) bad.push(`${relative(".", file)} imports ${spec} (layer ${LAYERS[tl]} above ${LAYERS[own]})`);
  }
}

walk(root);
if (bad.length) {
  console.error("layering violations:\n" + bad.join("\n"));
  process.exit(1);
}
console.log("layers ok");
