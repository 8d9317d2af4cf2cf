// Reads libvirt-perl's Virt.xs and records which Sys::Virt name each libvirt
// constant gets, per Perl package. Run by hand when libvirt-perl changes:
//   node build/scripts/extract-sysvirt-names.js <path/to/Virt.xs> [out.json]
// Only facts are kept (macro name, Perl name, package, order); no code or prose.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

/** Package key -> [C macro, Sys::Virt constant] pairs in file order. */
export type SysVirtNames = Record<string, [string, string][]>;

const STASH = /gv_stashpv\(\s*"Sys::Virt(?:::(\w+))?"/;
// REGISTER_CONSTANT, _STR and _ULL all take (C macro, Perl name).
const REGISTER = /^\s*REGISTER_CONSTANT(?:_STR|_ULL)?\(\s*(VIR_\w+)\s*,\s*(\w+)\s*\)\s*;/;

export function extractSysVirtNames(source: string): SysVirtNames {
  const out: SysVirtNames = {};
  let pkg: string | null = null;
  for (const line of source.split("\n")) {
    // Skip the #define of the macro itself and anything commented out.
    if (/^\s*(#|\/\*|\/\/|\*)/.test(line)) continue;
    const stash = STASH.exec(line);
    if (stash) {
      // The top-level Sys::Virt package holds connection-level constants.
      pkg = stash[1] ?? "Connect";
      continue;
    }
    const reg = REGISTER.exec(line);
    if (!reg) {
      if (line.includes("REGISTER_CONSTANT")) throw new Error(`unparsed line: ${line.trim()}`);
      continue;
    }
    if (pkg === null) throw new Error(`constant before any package: ${line.trim()}`);
    (out[pkg] ??= []).push([reg[1]!, reg[2]!]);
  }
  return out;
}

/** One pair per line keeps diffs readable when libvirt-perl adds constants. */
export function formatSysVirtNames(names: SysVirtNames): string {
  const pkgs = Object.entries(names).map(([pkg, pairs]) => {
    const rows = pairs.map((p) => `    ${JSON.stringify(p)}`).join(",\n");
    return `  ${JSON.stringify(pkg)}: [\n${rows}\n  ]`;
  });
  return `{\n${pkgs.join(",\n")}\n}\n`;
}

function main(argv: string[]): void {
  const input = argv[0];
  const output = argv[1] ?? "scripts/data/sysvirt-names.json";
  if (!input) {
    console.error("usage: extract-sysvirt-names <Virt.xs> [out.json]");
    process.exit(2);
  }
  const names = extractSysVirtNames(readFileSync(input, "utf8"));
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, formatSysVirtNames(names));
  const counts = Object.entries(names).map(([p, l]) => `${p} ${l.length}`);
  console.error(`wrote ${output}: ${counts.join(", ")}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
