// The embedded server's typed parameters cross the wire in every
// VIR_TYPED_PARAM_* type: encoded with the real XDR codec, read by the
// client's decoder, and the client's encoding read back by the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { paramsFromWire, paramsToWire } from "../../src/embedded/convert.js";
import { tp, type TypedParam } from "../../src/embedded/driver/typed-params.js";
import { decodeTypedParams, encodeTypedParams } from "../../src/api/typed-params.js";
import { ParamType, TYPED_PARAM_STRING_OKAY } from "../../src/protocol/typed-param-types.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import type { remote_typed_param } from "../../src/protocol/generated/remote-types.js";
import { codecFor } from "../../src/xdr/codec.js";

const codec = codecFor(REMOTE.types, "remote_typed_param");
const overWire = (list: remote_typed_param[]) => list.map((p) => codec.decode(codec.encode(p)) as remote_typed_param);

const SERVER: TypedParam[] = [
  tp.int("i", -5),
  tp.uint("ui", 4_000_000_000),
  tp.llong("l", -(1n << 40n)),
  tp.ullong("ul", (1n << 64n) - 1n),
  { field: "d", type: 5, value: 0.25 },
  tp.bool("b", true),
  tp.str("s", "text"),
];
const CLIENT = { i: -5, ui: 4_000_000_000, l: -(1n << 40n), ul: (1n << 64n) - 1n, d: 0.25, b: true, s: "text" };

test("server parameters of every type reach the client's decoder with their values", () => {
  assert.deepEqual(decodeTypedParams(overWire(paramsToWire(SERVER, TYPED_PARAM_STRING_OKAY))), CLIENT);
  // Without STRING_OKAY a getter leaves strings out.
  const { s: _s, ...noString } = CLIENT;
  assert.deepEqual(decodeTypedParams(overWire(paramsToWire(SERVER, 0))), noString);
});

test("client parameters of every type reach the server with their types and values", () => {
  const T = ParamType;
  const table = { i: T.INT, ui: T.UINT, l: T.LLONG, ul: T.ULLONG, d: T.DOUBLE, b: T.BOOLEAN, s: T.STRING };
  assert.deepEqual(paramsFromWire(overWire(encodeTypedParams(CLIENT, table))), SERVER);
});
