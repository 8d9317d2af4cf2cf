// Test helpers: bytes from readable hex, and an assertion on ProtocolError codes.
import assert from "node:assert/strict";
import { ProtocolError } from "../../src/xdr/errors.js";

/** "00 00 00 01 ff" -> Buffer; whitespace and "|" are ignored. */
export function hex(s: string): Buffer {
  const clean = s.replace(/[\s|]/g, "");
  assert.equal(clean.length % 2, 0, "odd hex string");
  return Buffer.from(clean, "hex");
}

/** Assert that fn throws a ProtocolError with `code` (and, if given, a message matching `msg`). */
export function throwsCode(fn: () => unknown, code: string, msg?: RegExp | string): ProtocolError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof ProtocolError, `expected ProtocolError ${code}, got ${String(caught)}`);
  assert.equal(caught.name, "ProtocolError");
  assert.equal(caught.code, code, `code of: ${caught.message}`);
  if (typeof msg === "string") assert.equal(caught.message, msg);
  else if (msg) assert.match(caught.message, msg);
  return caught;
}
