// The codec against the generated REMOTE program table, when it exists:
// every type compiles, and a few layouts match the wire facts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { codecFor } from "../../src/xdr/codec.js";
import type { ProgramDef } from "../../src/xdr/schema.js";

const modUrl = new URL("../../src/protocol/generated/remote.js", import.meta.url);

async function loadRemote(): Promise<ProgramDef | null> {
  if (!existsSync(fileURLToPath(modUrl))) return null;
  const mod = (await import(modUrl.href)) as Record<string, unknown>;
  for (const v of Object.values(mod)) {
    const p = v as Partial<ProgramDef> | null;
    if (p && typeof p === "object" && p.prog === 0x20008086 && p.types && Array.isArray(p.procedures)) return p as ProgramDef;
  }
  return null;
}

const remote = await loadRemote();
const skip = remote ? false : "generated REMOTE table not present";

test("every REMOTE type and procedure compiles", { skip }, () => {
  const p = remote!;
  for (const name of Object.keys(p.types)) codecFor(p.types, name);
  for (const proc of p.procedures) {
    if (proc.args) codecFor(p.types, proc.args);
    if (proc.ret) codecFor(p.types, proc.ret);
  }
});

test("REMOTE layouts match the wire facts", { skip }, () => {
  const t = remote!.types;
  const info = codecFor(t, "remote_domain_get_info_ret").encode({
    state: 1,
    maxMem: 8388608n,
    memory: 2097152n,
    nrVirtCpu: 2,
    cpuTime: 5n,
  });
  assert.equal(info.length, 32);
  const node = codecFor(t, "remote_node_get_info_ret");
  const v = {
    model: Array.from({ length: 32 }, (_, i) => "i686".charCodeAt(i) || 0),
    memory: 3145728n,
    cpus: 16,
    mhz: 1400,
    nodes: 2,
    sockets: 2,
    cores: 2,
    threads: 2,
  };
  const bytes = node.encode(v);
  assert.equal(bytes.length, 128 + 8 + 24);
  assert.deepEqual(node.decode(bytes), v);
  const dom = { name: "test", uuid: Buffer.alloc(16, 1), id: 1 };
  const args = codecFor(t, "remote_domain_get_info_args").encode({ dom });
  assert.equal(args.length, 8 + 16 + 4);
  const tp = codecFor(t, "remote_typed_param");
  const params = [
    { field: "a", value: { type: 1, i: -1 } },
    { field: "b", value: { type: 2, ui: 1 } },
    { field: "c", value: { type: 3, l: -1n } },
    { field: "d", value: { type: 4, ul: 1n } },
    { field: "e", value: { type: 5, d: 0.5 } },
    { field: "f", value: { type: 6, b: 1 } },
    { field: "g", value: { type: 7, s: "x" } },
  ];
  for (const p of params) assert.deepEqual(tp.decode(tp.encode(p)), p);
});
