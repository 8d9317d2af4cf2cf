// The XDR parser and model behind scripts/gen-protocol.ts, on small inputs
// (runs everywhere: needs neither libvirt's .x files nor its headers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { parseXdr } from "../../scripts/xdrgen/parser.js";
import { buildModel } from "../../scripts/xdrgen/model.js";
import { buildProgram, annotations } from "../../scripts/xdrgen/program.js";
import { evalIntExpr, readHeaderSymbols } from "../../scripts/xdrgen/headers.js";
import { refLiteral, tsType } from "../../scripts/xdrgen/emit.js";

const SRC = `
%#include <something.h>
const DEMO_MAX = 0x10;
const DEMO_ALIAS = DEMO_MAX;
typedef string demo_str<DEMO_MAX>;
typedef demo_str *demo_optstr;
typedef opaque demo_id[HDR_LEN];
enum demo_kind { DEMO_A = 1, DEMO_B, DEMO_C = 7 };
struct demo_thing {
    unsigned count;          /* bare unsigned */
    unsigned hyper big;
    char tag[4];
    unsigned char raw<>;
    demo_optstr name;
    struct demo_thing *next;
    demo_kind kind;
    opaque blob<DEMO_ALIAS>;
};
union demo_u switch (demo_kind k) {
 case DEMO_A:
 case DEMO_B:
     int n;
 case DEMO_C:
     void;
 default:
     demo_str s;
};
const DEMO_PROGRAM = 0x1234;
const DEMO_PROTOCOL_VERSION = 1;
enum demo_procedure {
    /* @readstream: paramnumber  (documentation, not an annotation of 1) */

    /**
     * @generate: both
     * @priority: high
     */
    DEMO_PROC_GET_THING = 1,

    /**
     * @writestream: 1
     */
    DEMO_PROC_PUT_THING = 2,

    /* @generate:none */
    DEMO_PROC_THING_EVENT = 3
};
struct demo_get_thing_ret { demo_thing t; };
struct demo_put_thing_args { demo_id id; };
struct demo_thing_event_msg { demo_u u; };
`;

const headers = () => ({ get: (n: string) => (n === "HDR_LEN" ? 8 : undefined) });

test("parser + model: every declaration shape becomes the expected TypeRef", () => {
  const model = buildModel([parseXdr(SRC, "demo.x")], headers);
  const ref = (n: string) => model.byName.get(n)?.ref;
  assert.deepEqual(ref("demo_str"), { t: "string", max: 16 });
  assert.deepEqual(ref("demo_optstr"), { t: "opt", of: "demo_str" });
  assert.deepEqual(ref("demo_id"), { t: "fopaque", len: 8 });
  assert.deepEqual(ref("demo_kind"), { t: "enum", values: { DEMO_A: 1, DEMO_B: 2, DEMO_C: 7 } });
  assert.deepEqual(ref("demo_thing"), {
    t: "struct",
    fields: [
      ["count", "uint"],
      ["big", "uhyper"],
      ["tag", { t: "vector", of: "char", len: 4 }],
      ["raw", { t: "array", of: "uchar", max: 4194304 }],
      ["name", "demo_optstr"],
      ["next", { t: "opt", of: "demo_thing" }],
      ["kind", "demo_kind"],
      ["blob", { t: "opaque", max: 16 }],
    ],
  });
  assert.deepEqual(ref("demo_u"), {
    t: "union",
    disc: ["k", "demo_kind"],
    arms: { 1: ["n", "int"], 2: ["n", "int"], 7: null },
    def: ["s", "demo_str"],
  });
});

test("procedures: names, args/ret/msg lookup, stream and priority from the closest comment only", () => {
  const model = buildModel([parseXdr(SRC, "demo.x")], headers);
  const p = buildProgram(model, { name: "demo", prefix: "DEMO" });
  assert.deepEqual([p.prog, p.vers], [0x1234, 1]);
  assert.deepEqual(
    p.procedures.map(({ name, num, args, ret, stream, priority }) => ({ name, num, args, ret, stream, priority })),
    [
      { name: "get_thing", num: 1, args: null, ret: "demo_get_thing_ret", stream: undefined, priority: true },
      { name: "put_thing", num: 2, args: "demo_put_thing_args", ret: null, stream: "write", priority: undefined },
      { name: "thing_event", num: 3, args: "demo_thing_event_msg", ret: null, stream: undefined, priority: undefined },
    ],
  );
  assert.equal(annotations("/* @generate:both\n * @priority: high */").get("generate"), "both");
});

test("model rejects unknown symbols, unknown types and duplicate names", () => {
  assert.throws(() => buildModel([parseXdr("typedef opaque x[NOPE];", "a.x")], headers), /unknown symbol NOPE/);
  assert.throws(() => buildModel([parseXdr("struct s { missing m; };", "a.x")], headers), /unknown type missing/);
  assert.throws(() => buildModel([parseXdr("const A = 1; const A = 2;", "a.x")], headers), /defined twice/);
  assert.throws(() => parseXdr("struct s { int a }", "a.x"), /a\.x:1: expected ";"/);
  assert.throws(() => parseXdr("typedef string s;", "a.x"), /string needs <N>/);
});

test("emitted literals and TypeScript shapes", () => {
  const model = buildModel([parseXdr(SRC, "demo.x")], headers);
  const u = model.byName.get("demo_u")!.ref;
  assert.equal(refLiteral(u), '{ t: "union", disc: ["k", "demo_kind"], arms: { 1: ["n", "int"], 2: ["n", "int"], 7: null }, def: ["s", "demo_str"] }');
  assert.equal(tsType(u), "{ k: 1; n: number } | { k: 2; n: number } | { k: 7 } | { k: number; s: demo_str }");
  assert.equal(tsType(model.byName.get("demo_thing")!.ref), "{ count: number; big: bigint; tag: number[]; raw: number[]; name: demo_optstr; next: demo_thing | null; kind: demo_kind; blob: Buffer }");
});

test("C header expressions", () => {
  assert.equal(evalIntExpr("(4096 + 1)"), 4097);
  assert.equal(evalIntExpr("(16)"), 16);
  assert.equal(evalIntExpr("1 << 3"), 8);
  assert.equal(evalIntExpr("0x10U"), 16);
  assert.equal(evalIntExpr("VIR_FOO + 1"), null);
  assert.equal(evalIntExpr('"text"'), null);
});

test("libvirt headers give the sizes and typed-parameter numbers the .x files use", (t) => {
  if (!existsSync("/usr/include/libvirt/libvirt.h")) return t.skip("libvirt-dev headers not installed");
  const h = readHeaderSymbols("/usr/include/libvirt");
  assert.equal(h.get("VIR_UUID_BUFLEN"), 16);
  assert.equal(h.get("VIR_SECURITY_MODEL_BUFLEN"), 257);
  assert.equal(h.get("VIR_SECURITY_LABEL_BUFLEN"), 4097);
  assert.equal(h.get("VIR_SECURITY_DOI_BUFLEN"), 257);
  const tp = ["INT", "UINT", "LLONG", "ULLONG", "DOUBLE", "BOOLEAN", "STRING"].map((n) => h.get(`VIR_TYPED_PARAM_${n}`));
  assert.deepEqual(tp, [1, 2, 3, 4, 5, 6, 7]);
});
