// Records the values a newer libvirt gives to Sys::Virt names that the
// libvirt-api.xml CI installs (Debian's, 9.0) does not define, so the
// constants generator can emit them without the newer XML. Run by hand when
// Sys::Virt's names or the newer libvirt change:
//   node build/scripts/extract-newer-constants.js <newer libvirt-api.xml> [base libvirt-api.xml] [out.json]
// Only facts are kept (macro name, value, the libvirt version they come from).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  DEFAULT_API_XML,
  DEFAULT_NAMES,
  DEFAULT_NEWER_VALUES,
  parseApiXml,
  resolve,
  toJsonValue,
  type NewerConstants,
} from "./gen-constants.js";
import type { SysVirtNames } from "./extract-sysvirt-names.js";

function main(argv: string[]): void {
  const [newerPath, basePath = DEFAULT_API_XML, outPath = DEFAULT_NEWER_VALUES] = argv;
  if (!newerPath) throw new Error("usage: extract-newer-constants <newer libvirt-api.xml> [base libvirt-api.xml] [out.json]");
  const newer = parseApiXml(readFileSync(newerPath, "utf8"));
  const base = parseApiXml(readFileSync(basePath, "utf8"));
  const names = JSON.parse(readFileSync(DEFAULT_NAMES, "utf8")) as SysVirtNames;
  const values: NewerConstants["values"] = {};
  for (const pairs of Object.values(names)) {
    for (const [macro] of pairs) {
      if (base.symbols.has(macro) || !newer.symbols.has(macro)) continue;
      const v = resolve(newer, macro);
      if (v instanceof Error) throw v;
      values[macro] = toJsonValue(v);
    }
  }
  const out: NewerConstants = { version: newer.version, values };
  writeFileSync(outPath, `${JSON.stringify(out, null, 2)}\n`);
  console.error(`wrote ${outPath}: ${Object.keys(values).length} values from libvirt ${newer.version}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
