import { test } from "node:test";
import assert from "node:assert/strict";
import { codecFor, decodeValue, encodeValue } from "../../src/xdr/codec.js";
import { ProtocolError } from "../../src/xdr/errors.js";
import type { TypeTable } from "../../src/xdr/schema.js";
import { hex, throwsCode } from "./hex.js";
import { T } from "./table.js";

const UUID = Buffer.alloc(16, 1);

test("a missing struct field names its path", () => {
  const e = throwsCode(
    () => encodeValue(T, "remote_domain_get_info_args", { dom: { uuid: UUID, id: 1 } }),
    "XDR_TYPE",
    "remote_domain_get_info_args.dom.name: expected string, got undefined",
  );
  assert.equal(e.path, "remote_domain_get_info_args.dom.name");
  assert.equal(e.detail, "expected string, got undefined");
});

test("array elements are named by index in paths", () => {
  const doms = [
    { name: "a", uuid: UUID, id: 1 },
    { name: "b", uuid: UUID.subarray(0, 4), id: 2 },
  ];
  throwsCode(
    () => encodeValue(T, "remote_domain_list", { domains: doms, ret: 2 }),
    "XDR_VALUE",
    "remote_domain_list.domains[1].uuid: expected 16 bytes, got 4",
  );
});

test("input type checks", () => {
  const cases: [string, unknown, RegExp][] = [
    ["int", "1", /expected number, got "1"/],
    ["int", 1n, /expected number, got 1n/],
    ["uint", null, /expected number, got null/],
    ["hyper", "5", /expected bigint or integer/],
    ["uhyper", undefined, /expected bigint or integer/],
    ["double", 1n, /expected number/],
    ["float", "x", /expected number/],
    ["bool", 0, /expected boolean/],
    ["remote_nonnull_string", 5, /expected string, got 5/],
    ["remote_uuid", "6695eb01f6a4830479aa97f2502e193f", /expected Buffer or Uint8Array/],
    ["small_opaque", [1, 2], /expected Buffer or Uint8Array, got array/],
    ["int_list", { length: 1 }, /expected array, got object/],
    ["short_vec", "abc", /expected array/],
    ["remote_nonnull_domain", null, /remote_nonnull_domain: expected object, got null/],
    ["remote_typed_param_value", 7, /expected object/],
  ];
  for (const [ref, v, msg] of cases) throwsCode(() => encodeValue(T, ref, v), "XDR_TYPE", msg);
});

test("range checks on encode", () => {
  const cases: [string, unknown][] = [
    ["int", 2 ** 31],
    ["int", -(2 ** 31) - 1],
    ["int", 1.5],
    ["int", NaN],
    ["uint", -1],
    ["uint", 2 ** 32],
    ["char", -129],
    ["char", 256],
    ["uchar", 256],
    ["uchar", -1],
    ["short", 32768],
    ["short", -32769],
    ["ushort", 65536],
    ["ushort", -1],
    ["hyper", 1n << 63n],
    ["hyper", -(1n << 63n) - 1n],
    ["hyper", 2 ** 53],
    ["hyper", 0.5],
    ["uhyper", -1n],
    ["uhyper", -1],
    ["uhyper", 1n << 64n],
  ];
  for (const [ref, v] of cases) {
    throwsCode(() => encodeValue(T, ref, v), "XDR_RANGE");
  }
  // The boundaries themselves pass.
  for (const [ref, v] of [
    ["int", -(2 ** 31)],
    ["uint", 2 ** 32 - 1],
    ["char", -128],
    ["char", 255],
    ["short", -32768],
    ["ushort", 65535],
  ] as const) {
    encodeValue(T, ref, v);
  }
});

test("range errors inside structures carry the path", () => {
  throwsCode(
    () => encodeValue(T, "remote_domain_get_info_ret", { state: 300, maxMem: 0n, memory: 0n, nrVirtCpu: 1, cpuTime: 0n }),
    "XDR_RANGE",
    "remote_domain_get_info_ret.state: 300 is not a valid uchar",
  );
});

test("truncated input fails at every cut with XDR_SHORT", () => {
  const full = encodeValue(T, "remote_typed_params", [
    { field: "alpha", value: { type: 7, s: "hello" } },
    { field: "b", value: { type: 4, ul: 5n } },
  ]);
  for (let cut = 0; cut < full.length; cut++) {
    throwsCode(() => decodeValue(T, "remote_typed_params", full.subarray(0, cut)), "XDR_SHORT");
  }
  const e = throwsCode(() => decodeValue(T, "remote_typed_params", full.subarray(0, full.length - 2)), "XDR_SHORT");
  assert.equal(e.path, "remote_typed_params[1].value.ul");
});

test("trailing bytes are an error", () => {
  throwsCode(() => decodeValue(T, "int", hex("00000001 00000000")), "XDR_TRAILING", /int: 4 unread bytes/);
  throwsCode(() => decodeValue(T, "remote_nonnull_string", hex("00000001 61000000 00")), "XDR_TRAILING");
  throwsCode(() => codecFor(T, "opt_int").decode(hex("00000000 00")), "XDR_TRAILING");
});

test("nonzero padding is rejected inside structures", () => {
  throwsCode(() => decodeValue(T, "remote_nonnull_domain", hex("00000001 61000000")), "XDR_SHORT");
  const ok = encodeValue(T, "remote_nonnull_domain", { name: "a", uuid: UUID, id: 1 });
  const bad = Buffer.from(ok);
  bad[6] = 1; // a padding byte after "a"
  throwsCode(() => decodeValue(T, "remote_nonnull_domain", bad), "XDR_PADDING", /remote_nonnull_domain\.name: nonzero padding/);
});

test("huge counts fail before anything is allocated", () => {
  // Array max is 64 entries: a count of 2^32-1 is over the limit.
  throwsCode(() => decodeValue(T, "remote_typed_params", hex("ffffffff")), "XDR_LIMIT");
  // Within the max but far more than the input can hold.
  const big: TypeTable = {
    ints: { t: "array", of: "int", max: 0xffffffff },
    strs: { t: "array", of: { t: "string", max: 0xffffffff }, max: 0xffffffff },
    doms: { t: "array", of: { t: "struct", fields: [["a", "hyper"], ["b", "hyper"]] }, max: 1000 },
    blob: { t: "opaque", max: 0xffffffff },
  };
  throwsCode(() => decodeValue(big, "ints", hex("fffffff0 00000000")), "XDR_SHORT", /length 4294967280 needs/);
  throwsCode(() => decodeValue(big, "strs", hex("10000000")), "XDR_SHORT");
  // 3 structs of at least 16 bytes do not fit in 40 bytes.
  throwsCode(() => decodeValue(big, "doms", Buffer.concat([hex("00000003"), Buffer.alloc(40)])), "XDR_SHORT", /needs 48 bytes/);
  throwsCode(() => decodeValue(big, "blob", hex("7fffffff 00")), "XDR_SHORT");
  // A fixed vector longer than the input is refused up front too.
  throwsCode(() => decodeValue(T, "remote_node_get_info_ret", Buffer.alloc(100)), "XDR_SHORT", /model: need 128 bytes, 100 left/);
});

test("schema errors: unknown names and circular typedefs", () => {
  const bad: TypeTable = {
    holder: { t: "struct", fields: [["x", "missing_type"]] },
    a: "b",
    b: "a",
    weird: { t: "nope" } as unknown as { t: "void" },
    proto: { t: "struct", fields: [["__proto__", "int"]] },
  };
  throwsCode(() => codecFor(bad, "holder"), "XDR_SCHEMA", /unknown type "missing_type"/);
  throwsCode(() => codecFor(bad, "a"), "XDR_SCHEMA", /circular typedef/);
  throwsCode(() => codecFor(bad, "weird"), "XDR_SCHEMA", /unknown type node/);
  throwsCode(() => codecFor(bad, "proto"), "XDR_SCHEMA", /bad field name/);
  throwsCode(() => codecFor(bad, "not_there"), "XDR_SCHEMA");
  // A later, valid lookup in the same table still works.
  const good: TypeTable = { ...bad, fine: { t: "opt", of: "int" } };
  assert.deepEqual(encodeValue(good, "fine", 5), hex("00000001 00000005"));
});

test("errors are ProtocolError with name and code", () => {
  try {
    encodeValue(T, "int", "x");
    assert.fail("no throw");
  } catch (err) {
    assert.ok(err instanceof ProtocolError);
    assert.ok(err instanceof Error);
    assert.equal(err.name, "ProtocolError");
    assert.equal(err.code, "XDR_TYPE");
  }
  const withCause = new ProtocolError("FRAME_LENGTH", "bad", { cause: new Error("inner") });
  assert.equal((withCause.cause as Error).message, "inner");
  assert.equal(withCause.message, "bad");
  assert.equal(withCause.path, "");
});

test("a failed encode leaves the shared writer usable", () => {
  throwsCode(() => encodeValue(T, "remote_domain_get_info_args", { dom: { name: "x", uuid: UUID } }), "XDR_TYPE");
  assert.deepEqual(encodeValue(T, "int", 7), hex("00000007"));
});
