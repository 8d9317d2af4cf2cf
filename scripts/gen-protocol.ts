// Generates src/protocol/generated/{remote,remote-types,qemu,keepalive}.ts
// from libvirt's XDR protocol definitions (kept outside the repo).
//   node build/scripts/gen-protocol.js <dir-with-.x-files> <outdir> [header-dir]
// The directory must hold remote_protocol.x, virnetprotocol.x,
// qemu_protocol.x and virkeepaliveprotocol.x; header-dir (default
// /usr/include/libvirt) supplies VIR_UUID_BUFLEN and friends.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_HEADER_DIR, readHeaderSymbols } from "./xdrgen/headers.js";
import { parseXdr } from "./xdrgen/parser.js";
import { buildModel, closure, namesIn, type Model, type NamedType } from "./xdrgen/model.js";
import { buildProgram, type ProgramInfo } from "./xdrgen/program.js";
import { HEADER, procConst, programConst, proceduresInterface, tsDeclaration } from "./xdrgen/emit.js";

export { HEADER };

export const INPUTS = ["remote_protocol.x", "virnetprotocol.x", "qemu_protocol.x", "virkeepaliveprotocol.x"] as const;
export const OUTPUTS = ["remote.ts", "remote-types.ts", "qemu.ts", "keepalive.ts"] as const;

const SCHEMA_IMPORT = 'import type { ProgramDef } from "../../xdr/schema.js";';

export function loadModel(xdrDir: string, headerDir: string = DEFAULT_HEADER_DIR): Model {
  const files = INPUTS.map((f) => parseXdr(readFileSync(join(xdrDir, f), "utf8"), f));
  return buildModel(files, () => readHeaderSymbols(headerDir));
}

/** The generated files' text, keyed by file name. Pure: same inputs, same bytes. */
export function generateProtocol(xdrDir: string, headerDir: string = DEFAULT_HEADER_DIR): Map<(typeof OUTPUTS)[number], string> {
  const model = loadModel(xdrDir, headerDir);
  const remote = buildProgram(model, { name: "remote", prefix: "REMOTE" });
  const qemu = buildProgram(model, { name: "qemu", prefix: "QEMU" });
  const keepalive = buildProgram(model, { name: "keepalive", prefix: "KEEPALIVE" });
  // The *_procedure enums become the procedure lists, not wire types.
  const isProcEnum = (t: NamedType): boolean => t.kind === "enum" && t.name.endsWith("_procedure");
  const fromFiles = (...files: string[]): NamedType[] => model.types.filter((t) => files.includes(t.file) && !isProcEnum(t));

  const remoteTypes = fromFiles("remote_protocol.x", "virnetprotocol.x");
  const qemuOwn = fromFiles("qemu_protocol.x");
  // The QEMU table is self-contained: its own types, the remote types they
  // use, and remote_error (error replies on the QEMU program carry it).
  const qemuTable = closure(model, [...qemuOwn.map((t) => t.name), "remote_error"]);
  for (const p of [remote, qemu, keepalive]) checkProcedureTypes(p, p === remote ? remoteTypes : p === qemu ? qemuTable : []);

  const out = new Map<(typeof OUTPUTS)[number], string>();
  out.set("remote.ts", remoteFile(model, remote, remoteTypes));
  out.set("remote-types.ts", remoteTypesFile(remote, remoteTypes));
  out.set("qemu.ts", qemuFile(qemu, qemuTable, qemuOwn));
  out.set("keepalive.ts", keepaliveFile(keepalive));
  return out;
}

function checkProcedureTypes(p: ProgramInfo, table: readonly NamedType[]): void {
  const names = new Set(table.map((t) => t.name));
  for (const d of p.procedures) {
    for (const ref of [d.args, d.ret]) {
      if (ref !== null && !names.has(ref)) throw new Error(`${p.spec.name} ${d.name}: ${ref} not in its type table`);
    }
  }
}

function remoteFile(model: Model, p: ProgramInfo, types: readonly NamedType[]): string {
  const consts = model.consts.filter((c) => c.file === "remote_protocol.x").map((c) => `  ${c.name}: ${c.value},`);
  return [
    HEADER,
    "// REMOTE program: types of remote_protocol.x and virnetprotocol.x keyed by",
    "// their .x names, and every procedure. Sizes from libvirt's C headers.",
    SCHEMA_IMPORT,
    "",
    procConst(p),
    "/** The `const` definitions of remote_protocol.x. */",
    `export const REMOTE_CONST = {\n${consts.join("\n")}\n} as const;\n`,
    programConst(p, types),
  ].join("\n");
}

function remoteTypesFile(p: ProgramInfo, types: readonly NamedType[]): string {
  return [
    HEADER,
    "// Shapes of decoded REMOTE values (see src/xdr/schema.ts for the mapping).",
    "",
    ...types.map(tsDeclaration),
    "",
    proceduresInterface(p, "RemoteProcedures"),
  ].join("\n");
}

function qemuFile(p: ProgramInfo, table: readonly NamedType[], own: readonly NamedType[]): string {
  const ownNames = new Set(own.map((t) => t.name));
  const imported = [...new Set(own.flatMap((t) => namesIn(t.ref)))].filter((n) => !ownNames.has(n)).sort();
  return [
    HEADER,
    "// QEMU program: qemu_protocol.x, plus the remote types it uses.",
    SCHEMA_IMPORT,
    imported.length ? `import type { ${imported.join(", ")} } from "./remote-types.js";` : "",
    "",
    procConst(p),
    programConst(p, table),
    ...own.map(tsDeclaration),
    "",
    proceduresInterface(p, "QemuProcedures"),
  ].join("\n");
}

function keepaliveFile(p: ProgramInfo): string {
  return [
    HEADER,
    "// KEEPALIVE program: PING/PONG messages with empty payloads.",
    SCHEMA_IMPORT,
    "",
    procConst(p),
    programConst(p, []),
    proceduresInterface(p, "KeepaliveProcedures"),
  ].join("\n");
}

function main(argv: readonly string[]): void {
  const [xdrDir, outDir, headerDir] = argv;
  if (!xdrDir || !outDir) {
    console.error("usage: node build/scripts/gen-protocol.js <dir-with-.x-files> <outdir> [header-dir]");
    process.exit(2);
  }
  const files = generateProtocol(xdrDir, headerDir ?? DEFAULT_HEADER_DIR);
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) {
    writeFileSync(join(outDir, name), text);
    console.log(`wrote ${join(outDir, name)} (${text.length} bytes)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
