import { test } from "node:test";
import assert from "node:assert/strict";
import * as xdr from "../../src/xdr/index.js";
import * as wire from "../../src/wire/index.js";

test("barrels export the public names", () => {
  for (const k of ["ProtocolError", "XdrWriter", "XdrReader", "codecFor", "encodeValue", "decodeValue"]) {
    assert.equal(typeof (xdr as Record<string, unknown>)[k], "function", k);
  }
  for (const k of ["encodeFrame", "encodeMessage", "FrameDecoder", "encodeHeader", "decodeHeader", "hasFds"]) {
    assert.equal(typeof (wire as Record<string, unknown>)[k], "function", k);
  }
  assert.equal(wire.LEN_MAX, 33554436);
  assert.equal(wire.Program.REMOTE, 0x20008086);
});
