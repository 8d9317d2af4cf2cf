// The generated protocol tables: completeness against libvirt's procedure
// list, internal consistency, known wire layouts, and regeneration.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KEEPALIVE, KEEPALIVE_PROC, QEMU, QEMU_PROC, REMOTE, REMOTE_CONST, REMOTE_PROC } from "../../src/protocol/index.js";
import type { RemoteProcedures, remote_node_get_info_ret, remote_typed_param } from "../../src/protocol/index.js";
import { codecFor, decodeValue, encodeValue } from "../../src/xdr/index.js";
import type { ProgramDef, TypeRef } from "../../src/xdr/schema.js";
import { generateProtocol } from "../../scripts/gen-protocol.js";
import { T as LIBVIRT_SHAPED } from "../xdr/table.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const PROCS_FILE = resolve(repo, "../shared/docs/procedures-12.8.txt");
const XDR_DIR = resolve(repo, "../ref/libvirt12");
const HEADER_DIR = "/usr/include/libvirt";

// The reference remote_protocol.x (../ref/libvirt12, see its SOURCES.txt)
// describes released libvirt 12.8: procedures 1..456.
const LAST_PROC = 456;

const PRIMS = new Set(["int", "uint", "hyper", "uhyper", "float", "double", "bool", "char", "uchar", "short", "ushort"]);

function namedRefs(ref: TypeRef, out: string[] = []): string[] {
  if (typeof ref === "string") {
    if (!PRIMS.has(ref)) out.push(ref);
    return out;
  }
  switch (ref.t) {
    case "array":
    case "vector":
    case "opt":
      return namedRefs(ref.of, out);
    case "struct":
      for (const [, f] of ref.fields) namedRefs(f, out);
      return out;
    case "union":
      namedRefs(ref.disc[1], out);
      for (const arm of Object.values(ref.arms)) if (arm) namedRefs(arm[1], out);
      if (ref.def) namedRefs(ref.def[1], out);
      return out;
    default:
      return out;
  }
}

function proc(p: ProgramDef, name: string) {
  const d = p.procedures.find((x) => x.name === name);
  assert.ok(d, `${p.name} has no procedure ${name}`);
  return d;
}

test("every remote procedure of libvirt 12.8 (1..456) is present under its name, and no other", (t) => {
  if (!existsSync(PROCS_FILE)) return t.skip(`${PROCS_FILE} missing`);
  const expected = new Map<number, string>();
  for (const line of readFileSync(PROCS_FILE, "utf8").split("\n")) {
    const m = /^(\d+) (\w+)$/.exec(line.trim());
    if (m) expected.set(Number(m[1]), m[2]!);
  }
  assert.equal(expected.size, LAST_PROC);
  const byNum = new Map(REMOTE.procedures.map((d) => [d.num, d]));
  for (let n = 1; n <= LAST_PROC; n++) {
    const d = byNum.get(n);
    assert.ok(d, `procedure ${n} missing`);
    assert.equal(d.name, expected.get(n), `procedure ${n}`);
    assert.equal((REMOTE_PROC as Record<string, number>)[d.name.toUpperCase()], n);
  }
  assert.equal(REMOTE.procedures.length, LAST_PROC);
});

test("procedures newer than libvirt 9.0 (444..456): argument, reply and event layouts", () => {
  const fields = (name: string) => {
    const ref = REMOTE.types[name];
    assert.ok(ref && typeof ref === "object" && ref.t === "struct", name);
    return ref.fields;
  };
  const p = (name: string) => {
    const d = proc(REMOTE, name);
    return [d.num, d.args, d.ret];
  };
  assert.deepEqual(p("domain_graphics_reload"), [448, "remote_domain_graphics_reload_args", null]);
  assert.deepEqual(p("domain_get_autostart_once"), [449, "remote_domain_get_autostart_once_args", "remote_domain_get_autostart_once_ret"]);
  assert.deepEqual(fields("remote_domain_get_autostart_once_ret"), [["autostart", "int"]]);
  assert.deepEqual(fields("remote_domain_set_autostart_once_args"), [["dom", "remote_nonnull_domain"], ["autostart", "int"]]);
  assert.deepEqual(fields("remote_domain_del_throttle_group_args"), [["dom", "remote_nonnull_domain"], ["group", "remote_string"], ["flags", "uint"]]);
  assert.deepEqual(p("domain_event_nic_mac_change"), [453, "remote_domain_event_nic_mac_change_msg", null]);
  assert.deepEqual(
    fields("remote_domain_event_callback_channel_lifecycle_msg").map(([n]) => n),
    ["callbackID", "dom", "channelName", "state", "reason"],
  );
  assert.deepEqual(fields("remote_domain_event_vcpu_removed_msg"), [["callbackID", "int"], ["dom", "remote_nonnull_domain"], ["vcpuid", "uint"]]);
  assert.deepEqual(fields("remote_domain_announce_interface_args").map(([n]) => n), ["dom", "device", "params", "flags"]);
  assert.equal(p("domain_announce_interface")[0], 456);
});

test("procedure numbers are unique and contiguous, names unique, REMOTE_PROC agrees", () => {
  for (const [p, procConst] of [
    [REMOTE, REMOTE_PROC],
    [QEMU, QEMU_PROC],
    [KEEPALIVE, KEEPALIVE_PROC],
  ] as const) {
    const nums = p.procedures.map((d) => d.num);
    assert.deepEqual(nums, nums.map((_, i) => i + 1), `${p.name} numbers`);
    assert.equal(new Set(p.procedures.map((d) => d.name)).size, p.procedures.length);
    assert.deepEqual(
      Object.entries(procConst),
      p.procedures.map((d) => [d.name.toUpperCase(), d.num]),
    );
  }
  assert.equal(REMOTE_PROC.DOMAIN_GET_INFO, 16);
});

test("every type reference resolves within its program's table and compiles", () => {
  for (const p of [REMOTE, QEMU, KEEPALIVE]) {
    for (const [name, ref] of Object.entries(p.types)) {
      for (const n of namedRefs(ref)) assert.ok(n in p.types, `${p.name}: ${name} refers to missing ${n}`);
      codecFor(p.types, name); // throws on a schema the codec cannot build
    }
    for (const d of p.procedures) {
      for (const ref of [d.args, d.ret]) if (ref !== null) assert.ok(ref in p.types, `${p.name} ${d.name}: ${ref}`);
    }
  }
});

test("programs: numbers, versions and the types every connection needs", () => {
  assert.deepEqual([REMOTE.prog, REMOTE.vers], [0x20008086, 1]);
  assert.deepEqual([QEMU.prog, QEMU.vers], [0x20008087, 1]);
  assert.deepEqual([KEEPALIVE.prog, KEEPALIVE.vers], [0x6b656570, 1]);
  assert.deepEqual(
    KEEPALIVE.procedures.map((d) => [d.name, d.num, d.args, d.ret]),
    [
      ["ping", 1, null, null],
      ["pong", 2, null, null],
    ],
  );
  for (const p of [REMOTE, QEMU]) {
    const err = p.types.remote_error;
    assert.ok(err && typeof err === "object" && err.t === "struct", `${p.name} lacks remote_error`);
    assert.deepEqual(
      err.fields.map(([n]) => n),
      ["code", "domain", "message", "level", "dom", "str1", "str2", "str3", "int1", "int2", "net"],
    );
  }
  assert.deepEqual(
    QEMU.procedures.map((d) => d.name),
    [
      "domain_monitor_command",
      "domain_attach",
      "domain_agent_command",
      "connect_domain_monitor_event_register",
      "connect_domain_monitor_event_deregister",
      "domain_monitor_event",
      "domain_monitor_command_with_files",
    ],
  );
  assert.equal(proc(QEMU, "domain_monitor_event").args, "qemu_domain_monitor_event_msg");
  assert.equal(REMOTE_CONST.REMOTE_STRING_MAX, 4194304);
});

test("remote_domain_get_info_ret: field order, types, 32 bytes on the wire", () => {
  // The hand-written codec table copies libvirt's definition to the letter.
  assert.deepEqual(REMOTE.types.remote_domain_get_info_ret, LIBVIRT_SHAPED.remote_domain_get_info_ret);
  // The generated TypeScript shape is what the codec takes and returns.
  const v: RemoteProcedures["domain_get_info"]["ret"] = { state: 1, maxMem: 2048n, memory: 1024n, nrVirtCpu: 2, cpuTime: 5n };
  const bytes = encodeValue(REMOTE.types, "remote_domain_get_info_ret", v);
  assert.equal(bytes.length, 32);
  assert.deepEqual(decodeValue(REMOTE.types, "remote_domain_get_info_ret", bytes), v);
  assert.equal(proc(REMOTE, "domain_get_info").args, "remote_domain_get_info_args");
});

test("remote_node_get_info_ret.model is a fixed vector of 32 chars (4 bytes each)", () => {
  const ret = REMOTE.types.remote_node_get_info_ret;
  assert.ok(ret && typeof ret === "object" && ret.t === "struct");
  assert.deepEqual(ret.fields[0], ["model", { t: "vector", of: "char", len: 32 }]);
  const v: remote_node_get_info_ret = { model: Array.from({ length: 32 }, (_, i) => (i < 6 ? 120 : 0)), memory: 1n, cpus: 4, mhz: 2000, nodes: 1, sockets: 1, cores: 4, threads: 1 };
  assert.equal(encodeValue(REMOTE.types, "remote_node_get_info_ret", v).length, 32 * 4 + 8 + 6 * 4);
  assert.equal(proc(REMOTE, "node_get_info").args, null);
});

test("typed parameter union: arms 1..7 as in VIR_TYPED_PARAM_*", () => {
  assert.deepEqual(REMOTE.types.remote_typed_param_value, LIBVIRT_SHAPED.remote_typed_param_value);
  for (const p of [
    { field: "a", value: { type: 4, ul: 1n << 40n } },
    { field: "b", value: { type: 7, s: "xyz" } },
  ] satisfies remote_typed_param[]) {
    const bytes = encodeValue(REMOTE.types, "remote_typed_param", p);
    assert.deepEqual(decodeValue(REMOTE.types, "remote_typed_param", bytes), p);
  }
});

test("sizes taken from libvirt's headers", () => {
  assert.deepEqual(REMOTE.types.remote_uuid, { t: "fopaque", len: 16 });
  const label = REMOTE.types.remote_domain_get_security_label_ret;
  assert.ok(label && typeof label === "object" && label.t === "struct");
  assert.deepEqual(label.fields[0], ["label", { t: "array", of: "char", max: 4097 }]);
  const model = REMOTE.types.remote_node_get_security_model_ret;
  assert.ok(model && typeof model === "object" && model.t === "struct");
  assert.deepEqual(model.fields, [
    ["model", { t: "array", of: "char", max: 257 }],
    ["doi", { t: "array", of: "char", max: 257 }],
  ]);
});

test("stream directions, priorities, events and void calls", () => {
  assert.deepEqual(
    REMOTE.procedures.filter((d) => d.stream).map((d) => [d.name, d.stream]),
    [
      ["domain_migrate_prepare_tunnel", "write"],
      ["domain_open_console", "both"],
      ["storage_vol_upload", "write"],
      ["storage_vol_download", "read"],
      ["domain_screenshot", "read"],
      ["domain_migrate_prepare_tunnel3", "write"],
      ["domain_open_channel", "both"],
      ["domain_migrate_prepare_tunnel3_params", "write"],
    ],
  );
  assert.equal(proc(REMOTE, "connect_open").priority, true);
  assert.equal(proc(REMOTE, "domain_destroy").priority, true);
  assert.equal(proc(REMOTE, "domain_get_info").priority, undefined);
  const cb = proc(REMOTE, "domain_event_callback_lifecycle");
  assert.deepEqual([cb.args, cb.ret], ["remote_domain_event_callback_lifecycle_msg", null]);
  const close = proc(REMOTE, "connect_close");
  assert.deepEqual([close.args, close.ret], [null, null]);
  assert.equal(proc(REMOTE, "auth_list").ret, "remote_auth_list_ret");
});

test("regenerating from the reference .x files is byte-identical to the committed files", (t) => {
  if (!existsSync(resolve(XDR_DIR, "remote_protocol.x")) || !existsSync(HEADER_DIR)) {
    return t.skip("reference .x files or libvirt headers not on this machine");
  }
  const a = generateProtocol(XDR_DIR, HEADER_DIR);
  const b = generateProtocol(XDR_DIR, HEADER_DIR);
  assert.deepEqual([...a], [...b]);
  for (const [name, text] of a) {
    assert.ok(text.startsWith("// Generated by scripts/gen-protocol.ts — do not edit.\n"));
    const committed = readFileSync(resolve(repo, "src/protocol/generated", name), "utf8");
    assert.ok(committed === text, `src/protocol/generated/${name} differs from a fresh generation`);
  }
});
