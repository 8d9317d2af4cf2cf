import { test } from "node:test";
import assert from "node:assert/strict";
import { codecFor, decodeValue, encodeValue } from "../../src/xdr/codec.js";
import { XdrReader } from "../../src/xdr/reader.js";
import { XdrWriter } from "../../src/xdr/writer.js";
import type { TypeRef } from "../../src/xdr/schema.js";
import { hex, throwsCode } from "./hex.js";
import { T } from "./table.js";

/** Encode, compare with the golden bytes, decode back and compare with `back` (default: v). */
function golden(ref: TypeRef, v: unknown, bytes: string, back: unknown = v): void {
  const out = encodeValue(T, ref, v);
  assert.deepEqual(out, hex(bytes), `encoding of ${JSON.stringify(ref)}`);
  assert.deepEqual(decodeValue(T, ref, out), back);
}

const UUID = hex("6695eb01f6a4830479aa97f2502e193f");

test("int-like primitives, all 4 bytes wide", () => {
  golden("int", -1, "ffffffff");
  golden("int", 0x7fffffff, "7fffffff");
  golden("uint", 0xffffffff, "ffffffff");
  golden("char", -1, "ffffffff");
  golden("char", 65, "00000041");
  golden("uchar", 255, "000000ff");
  golden("short", -2, "fffffffe");
  golden("ushort", 65535, "0000ffff");
});

test("64-bit: bigint in and out, numbers accepted on encode", () => {
  golden("hyper", -2n, "fffffffffffffffe");
  golden("hyper", -(1n << 63n), "8000000000000000");
  golden("uhyper", (1n << 64n) - 1n, "ffffffffffffffff");
  golden("hyper", 42, "000000000000002a", 42n);
  golden("uhyper", 2 ** 53 - 1, "001fffffffffffff", 2n ** 53n - 1n);
});

test("float, double, bool", () => {
  golden("double", 1.5, "3ff8000000000000");
  golden("float", -2, "c0000000");
  golden("bool", true, "00000001");
  golden("bool", false, "00000000");
  golden("flag", true, "00000001"); // typedef to a primitive
  const nan = decodeValue(T, "floats", encodeValue(T, "floats", { f: NaN, d: Infinity })) as { f: number; d: number };
  assert.ok(Number.isNaN(nan.f));
  assert.equal(nan.d, Infinity);
});

test("strings: UTF-8 bytes, padding, max counted in bytes", () => {
  golden("remote_nonnull_string", "abc", "00000003 61626300");
  golden("remote_nonnull_string", "", "00000000");
  golden("remote_nonnull_string", "test", "00000004 74657374");
  golden("remote_nonnull_string", "é", "00000002 c3a90000");
  golden("small_string", "abcd", "00000004 61626364");
  golden("small_string", "éé", "00000004 c3a9c3a9");
  // Three characters but five bytes: over the 4-byte max.
  throwsCode(() => encodeValue(T, "small_string", "aéé"), "XDR_LIMIT", /small_string: string of 5 bytes/);
  throwsCode(() => decodeValue(T, "small_string", hex("00000005 61626364 65000000")), "XDR_LIMIT");
  throwsCode(() => encodeValue(T, "remote_nonnull_string", "a\0"), "XDR_VALUE");
});

test("variable opaque: Buffer out, Uint8Array accepted, max enforced both ways", () => {
  golden("small_opaque", Buffer.from([1, 2, 3, 4, 5]), "00000005 01020304 05000000");
  golden("small_opaque", new Uint8Array([9]), "00000001 09000000", Buffer.from([9]));
  const dec = decodeValue(T, "small_opaque", hex("00000000"));
  assert.ok(Buffer.isBuffer(dec));
  assert.equal((dec as Buffer).length, 0);
  throwsCode(() => encodeValue(T, "small_opaque", Buffer.alloc(9)), "XDR_LIMIT");
  throwsCode(() => decodeValue(T, "small_opaque", hex("00000009 00000000 00000000 00000000")), "XDR_LIMIT");
});

test("fixed opaque: no length word, exact size, padded", () => {
  golden("remote_uuid", UUID, "6695eb01f6a4830479aa97f2502e193f");
  golden("odd_fopaque", hex("0102030405"), "01020304 05000000");
  throwsCode(() => encodeValue(T, "remote_uuid", UUID.subarray(1)), "XDR_VALUE", /remote_uuid: expected 16 bytes, got 15/);
  throwsCode(() => decodeValue(T, "odd_fopaque", hex("01020304 05000100")), "XDR_PADDING");
});

test("variable array: count then elements, max enforced both ways", () => {
  golden("int_list", [], "00000000");
  golden("int_list", [1, -1, 7], "00000003 00000001 ffffffff 00000007");
  throwsCode(() => encodeValue(T, "int_list", [1, 2, 3, 4]), "XDR_LIMIT", /int_list: 4 elements exceed the maximum of 3/);
  throwsCode(() => decodeValue(T, "int_list", hex("00000004 00000001 00000002 00000003 00000004")), "XDR_LIMIT");
});

test("fixed array: no count, narrow elements still 4 bytes", () => {
  golden("short_vec", [1, -1, 300], "00000001 ffffffff 0000012c");
  throwsCode(() => encodeValue(T, "short_vec", [1, 2]), "XDR_VALUE", /expected 3 elements, got 2/);
});

test("remote_node_get_info_ret: char[32] takes 128 bytes", () => {
  const model = Array.from({ length: 32 }, (_, i) => "i686".charCodeAt(i) || 0);
  const v = { model, memory: 3145728n, cpus: 16, mhz: 1400, nodes: 2, sockets: 2, cores: 2, threads: 2 };
  const out = encodeValue(T, "remote_node_get_info_ret", v);
  assert.equal(out.length, 128 + 8 + 6 * 4);
  assert.deepEqual(out.subarray(0, 20), hex("00000069 00000036 00000038 00000036 00000000"));
  assert.deepEqual(out.subarray(128, 136), hex("0000000000300000"));
  assert.deepEqual(decodeValue(T, "remote_node_get_info_ret", out), v);
});

test("remote_domain_get_info_ret is 32 bytes", () => {
  golden(
    "remote_domain_get_info_ret",
    { state: 1, maxMem: 8388608n, memory: 2097152n, nrVirtCpu: 2, cpuTime: 1234567890123n },
    "00000001 0000000000800000 0000000000200000 00000002 0000011f71fb04cb",
  );
});

test("struct of structs: remote_nonnull_domain", () => {
  golden(
    "remote_domain_get_info_args",
    { dom: { name: "test", uuid: UUID, id: 1 } },
    "00000004 74657374 | 6695eb01f6a4830479aa97f2502e193f | 00000001",
  );
});

test("optional: 0 for absent, 1 then the value; undefined counts as absent", () => {
  golden("remote_string", null, "00000000");
  golden("remote_string", "x", "00000001 00000001 78000000");
  golden("remote_domain", { name: "a", uuid: UUID, id: -1 }, "00000001 00000001 61000000 6695eb01f6a4830479aa97f2502e193f ffffffff");
  assert.deepEqual(encodeValue(T, "opt_int", undefined), hex("00000000"));
  throwsCode(() => decodeValue(T, "opt_int", hex("00000002 00000005")), "XDR_VALUE", /optional flag must be 0 or 1, got 2/);
});

test("bool 2 is rejected on decode; non-booleans on encode", () => {
  throwsCode(() => decodeValue(T, "bool", hex("00000002")), "XDR_VALUE");
  throwsCode(() => encodeValue(T, "bool", 1), "XDR_TYPE");
});

test("typed parameter union: all seven arms", () => {
  const cases: [unknown, string][] = [
    [{ type: 1, i: -5 }, "00000001 fffffffb"],
    [{ type: 2, ui: 4000000000 }, "00000002 ee6b2800"],
    [{ type: 3, l: -1n }, "00000003 ffffffffffffffff"],
    [{ type: 4, ul: 1n << 40n }, "00000004 0000010000000000"],
    [{ type: 5, d: 0.5 }, "00000005 3fe0000000000000"],
    [{ type: 6, b: 1 }, "00000006 00000001"],
    [{ type: 7, s: "on" }, "00000007 00000002 6f6e0000"],
  ];
  for (const [value, bytes] of cases) {
    golden("remote_typed_param", { field: "cap", value }, `00000003 63617000 ${bytes}`);
  }
  const list = [
    { field: "a", value: { type: 1, i: 1 } },
    { field: "b", value: { type: 7, s: "x" } },
  ];
  assert.deepEqual(decodeValue(T, "remote_typed_params", encodeValue(T, "remote_typed_params", list)), list);
});

test("union: unknown discriminant without default is XDR_UNION both ways", () => {
  throwsCode(
    () => encodeValue(T, "remote_typed_param", { field: "x", value: { type: 9, i: 1 } }),
    "XDR_UNION",
    "remote_typed_param.value.type: no arm for discriminant 9",
  );
  throwsCode(() => decodeValue(T, "remote_typed_param_value", hex("00000008 00000000")), "XDR_UNION");
  throwsCode(() => encodeValue(T, "remote_typed_param_value", { type: "1", i: 1 }), "XDR_TYPE", /type: expected number/);
});

test("union: arm value is validated with its path", () => {
  throwsCode(
    () => encodeValue(T, "remote_typed_param", { field: "x", value: { type: 3, i: 1 } }),
    "XDR_TYPE",
    "remote_typed_param.value.l: expected bigint or integer, got undefined",
  );
});

test("union: void arms and default arms", () => {
  golden("event", { kind: 0 }, "00000000");
  golden("event", { kind: 1, detail: "d" }, "00000001 00000001 64000000");
  golden("event", { kind: 3, code: 7 }, "00000003 00000007"); // PAUSED: no arm, default
  golden("event", { kind: 99, code: -1 }, "00000063 ffffffff"); // unknown value: default arm
  // The discriminant of an enum may be given by name; it decodes as a number.
  golden("event", { kind: "ON", detail: "z" }, "00000001 00000001 7a000000", { kind: 1, detail: "z" });
  golden("event_void_default", { kind: 5, x: 2 }, "00000005 00000002");
  golden("event_void_default", { kind: 6 }, "00000006");
  golden("bool_union", { on: true, level: 3 }, "00000001 00000003");
  golden("bool_union", { on: false }, "00000000");
});

test("enum: numbers in and out, member names accepted, any int32 decoded", () => {
  golden("state_enum", 3, "00000003");
  golden("state_enum", "PAUSED", "00000003", 3);
  golden("state_enum", 42, "0000002a"); // lenient: servers add members
  assert.equal(decodeValue(T, "state_enum", hex("ffffffff")), -1);
  throwsCode(() => encodeValue(T, "state_enum", "NOPE"), "XDR_VALUE", /unknown enum member "NOPE"/);
  throwsCode(() => encodeValue(T, "state_enum", 2 ** 31), "XDR_RANGE");
  throwsCode(() => encodeValue(T, "state_enum", true), "XDR_TYPE");
});

test("void", () => {
  assert.deepEqual(encodeValue(T, "nothing", undefined), hex(""));
  assert.equal(decodeValue(T, "nothing", hex("")), null);
});

test("recursive types: linked list and tree", () => {
  golden("node", { v: 1, next: { v: 2, next: null } }, "00000001 00000001 00000002 00000000");
  const tree = {
    name: "root",
    children: [
      { name: "a", children: [] },
      { name: "b", children: [{ name: "c", children: [] }] },
    ],
  };
  assert.deepEqual(decodeValue(T, "tree", encodeValue(T, "tree", tree)), tree);
});

test("recursive types: depth is bounded on decode and encode", () => {
  // 600 nested list nodes: 8 bytes each, the last with next = null.
  const deep = Buffer.alloc(600 * 8);
  for (let i = 0; i < 600; i++) {
    deep.writeInt32BE(i, i * 8);
    deep.writeUInt32BE(i < 599 ? 1 : 0, i * 8 + 4);
  }
  throwsCode(() => decodeValue(T, "node", deep), "XDR_LIMIT", /nesting deeper than/);
  // A cyclic JS value fails the same way instead of overflowing the stack.
  const cyc: { v: number; next: unknown } = { v: 1, next: null };
  cyc.next = cyc;
  throwsCode(() => encodeValue(T, "node", cyc), "XDR_LIMIT");
  // The depth counter is balanced afterwards: moderate nesting still works.
  let list: unknown = null;
  for (let i = 0; i < 100; i++) list = { v: i, next: list };
  assert.deepEqual(decodeValue(T, "node", encodeValue(T, "node", list)), list);
});

test("codecFor caches per table and type; inline type nodes work", () => {
  assert.equal(codecFor(T, "remote_typed_param"), codecFor(T, "remote_typed_param"));
  const node = { t: "array", of: "remote_nonnull_string", max: 2 } as const;
  const c = codecFor<string[]>(T, node);
  assert.equal(codecFor(T, node), c);
  assert.deepEqual(c.decode(c.encode(["a", "b"])), ["a", "b"]);
  throwsCode(() => c.encode(["a", "b", "c"]), "XDR_LIMIT", "3 elements exceed the maximum of 2");
  throwsCode(() => c.encode(["a", 1 as unknown as string]), "XDR_TYPE", "[1]: expected string, got 1");
});

test("enc/dec work on a shared writer and reader, several values in a row", () => {
  const dom = codecFor(T, "remote_nonnull_domain");
  const int = codecFor(T, "int");
  const w = new XdrWriter();
  dom.enc(w, { name: "x", uuid: UUID, id: 3 });
  int.enc(w, 99);
  const r = new XdrReader(w.finish());
  assert.deepEqual(dom.dec(r), { name: "x", uuid: UUID, id: 3 });
  assert.equal(int.dec(r), 99);
  r.expectEnd();
});

test("decoded values do not alias the input bytes", () => {
  const bytes = encodeValue(T, "remote_nonnull_domain", { name: "x", uuid: UUID, id: 3 });
  const v = decodeValue(T, "remote_nonnull_domain", bytes) as { uuid: Buffer };
  bytes.fill(0);
  assert.deepEqual(v.uuid, UUID);
});

test("encodeValue results are independent of later encodes", () => {
  const a = encodeValue(T, "int", 1);
  const b = encodeValue(T, "int", 2);
  assert.deepEqual(a, hex("00000001"));
  assert.deepEqual(b, hex("00000002"));
});

test("decodeValue accepts a plain Uint8Array view", () => {
  const backing = new Uint8Array(12);
  backing.set(hex("00000001 00000002"), 4);
  assert.deepEqual(decodeValue(T, "remote_typed_param_value", backing.subarray(4)), { type: 1, i: 2 });
});
