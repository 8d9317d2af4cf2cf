import { test } from "node:test";
import assert from "node:assert/strict";
import { XdrWriter } from "../../src/xdr/writer.js";
import { XdrReader } from "../../src/xdr/reader.js";
import { ProtocolError } from "../../src/xdr/errors.js";
import { hex, throwsCode } from "./hex.js";

function bytesOf(f: (w: XdrWriter) => void): Buffer {
  const w = new XdrWriter(64);
  f(w);
  return w.finish();
}

test("writer: 32-bit words are big-endian", () => {
  assert.deepEqual(
    bytesOf((w) => {
      w.writeInt32(-1);
      w.writeInt32(0x01020304);
      w.writeUInt32(0xfffffffe);
      w.writeBool(true);
      w.writeBool(false);
    }),
    hex("ffffffff 01020304 fffffffe 00000001 00000000"),
  );
});

test("writer: 64-bit, float and double", () => {
  assert.deepEqual(
    bytesOf((w) => {
      w.writeInt64(-2n);
      w.writeUInt64(0xffffffffffffffffn);
      w.writeInt64(5); // safe integer numbers are accepted
      w.writeDouble(1.5);
      w.writeFloat(1.5);
    }),
    hex("fffffffffffffffe ffffffffffffffff 0000000000000005 3ff8000000000000 3fc00000"),
  );
});

test("writer: range checks", () => {
  const w = new XdrWriter();
  throwsCode(() => w.writeInt32(0x80000000), "XDR_RANGE");
  throwsCode(() => w.writeInt32(1.5), "XDR_RANGE");
  throwsCode(() => w.writeInt32(NaN), "XDR_RANGE");
  throwsCode(() => w.writeUInt32(-1), "XDR_RANGE");
  throwsCode(() => w.writeUInt32(2 ** 32), "XDR_RANGE");
  throwsCode(() => w.writeInt64(1n << 63n), "XDR_RANGE");
  throwsCode(() => w.writeInt64(-(1n << 63n) - 1n), "XDR_RANGE");
  throwsCode(() => w.writeInt64(2 ** 53), "XDR_RANGE"); // not a safe integer
  throwsCode(() => w.writeUInt64(-1n), "XDR_RANGE");
  throwsCode(() => w.writeUInt64(1n << 64n), "XDR_RANGE");
  // Nothing was written by the failed calls.
  assert.equal(w.length, 0);
  w.writeInt64(-(1n << 63n));
  w.writeInt64((1n << 63n) - 1n);
  assert.equal(w.length, 16);
});

test("writer: strings and opaques are padded with zeros, even over dirty storage", () => {
  const w = new XdrWriter(64);
  // Fill the storage with 0xff, then reuse it.
  w.writeFixedOpaque(Buffer.alloc(60, 0xff));
  w.reset();
  w.writeString("abc");
  w.writeVarOpaque(Buffer.from([1, 2, 3, 4, 5]));
  w.writeFixedOpaque(Buffer.from([9]), 1);
  w.writeString("");
  w.writeString("abcd");
  assert.deepEqual(
    w.finish(),
    hex("00000003 61626300 | 00000005 01020304 05000000 | 09000000 | 00000000 | 00000004 61626364"),
  );
});

test("writer: string length counts UTF-8 bytes; max applies to bytes", () => {
  const w = new XdrWriter();
  w.writeString("é€", 5);
  assert.deepEqual(w.finish(), hex("00000005 c3a9e282 ac000000"));
  throwsCode(() => w.writeString("éé", 3), "XDR_LIMIT");
  throwsCode(() => w.writeString("a\0b"), "XDR_VALUE");
  throwsCode(() => w.writeVarOpaque(Buffer.alloc(5), 4), "XDR_LIMIT");
  throwsCode(() => w.writeFixedOpaque(Buffer.alloc(15), 16), "XDR_VALUE");
  assert.equal(w.length, 0);
});

test("writer: long strings take the measuring path", () => {
  const s = "ü".repeat(5000); // 10000 bytes
  const w = new XdrWriter();
  w.writeString(s, 10000);
  const out = w.finish();
  assert.equal(out.readUInt32BE(0), 10000);
  assert.equal(out.length, 10004);
  assert.equal(out.toString("utf8", 4), s);
  throwsCode(() => w.writeString(s, 9999), "XDR_LIMIT");
});

test("writer: grows across many writes and keeps content", () => {
  const w = new XdrWriter(64);
  for (let i = 0; i < 5000; i++) w.writeUInt32(i);
  const out = w.finish();
  assert.equal(out.length, 20000);
  for (let i = 0; i < 5000; i += 997) assert.equal(out.readUInt32BE(i * 4), i);
  assert.equal(out.readUInt32BE(4999 * 4), 4999);
});

test("writer: finish hands out buffers that later writes never touch", () => {
  const w = new XdrWriter(64);
  w.writeUInt32(1);
  const a = w.finish();
  w.writeUInt32(2);
  const b = w.finish();
  assert.deepEqual(a, hex("00000001"));
  assert.deepEqual(b, hex("00000002"));
  // A large message is handed over whole; the next one gets new storage.
  w.writeFixedOpaque(Buffer.alloc(100000, 7));
  const big = w.finish();
  w.writeFixedOpaque(Buffer.alloc(100000, 8));
  const big2 = w.finish();
  assert.equal(big.length, 100000);
  assert.ok(big.every((x) => x === 7));
  assert.ok(big2.every((x) => x === 8));
});

test("writer: setUInt32At patches written bytes only", () => {
  const w = new XdrWriter();
  w.writeUInt32(0);
  w.writeInt32(-1);
  w.setUInt32At(0, w.length);
  throwsCode(() => w.setUInt32At(8, 1), "XDR_RANGE");
  assert.deepEqual(w.finish(), hex("00000008 ffffffff"));
});

test("reader: reads what the writer wrote", () => {
  const w = new XdrWriter();
  w.writeInt32(-7);
  w.writeUInt32(0xfffffff0);
  w.writeInt64(-(1n << 62n));
  w.writeUInt64(1n << 63n);
  w.writeDouble(-0.25);
  w.writeFloat(2.5);
  w.writeBool(true);
  w.writeString("héllo");
  w.writeVarOpaque(Buffer.from([1, 2, 3]));
  w.writeFixedOpaque(Buffer.from([4, 5, 6, 7, 8]));
  const r = new XdrReader(w.finish());
  assert.equal(r.readInt32(), -7);
  assert.equal(r.readUInt32(), 0xfffffff0);
  assert.equal(r.readInt64(), -(1n << 62n));
  assert.equal(r.readUInt64(), 1n << 63n);
  assert.equal(r.readDouble(), -0.25);
  assert.equal(r.readFloat(), 2.5);
  assert.equal(r.readBool(), true);
  assert.equal(r.readString(), "héllo");
  assert.deepEqual(r.readVarOpaque(), Buffer.from([1, 2, 3]));
  assert.deepEqual(r.readFixedOpaque(5), Buffer.from([4, 5, 6, 7, 8]));
  assert.equal(r.remaining, 0);
  r.expectEnd();
});

test("reader: works on a Uint8Array view with an offset", () => {
  const backing = new Uint8Array(16);
  backing.set([0, 0, 0, 9, 0, 0, 0, 1, 0x61, 0, 0, 0], 4);
  const r = new XdrReader(backing.subarray(4, 16));
  assert.equal(r.readInt32(), 9);
  assert.equal(r.readString(), "a");
  r.expectEnd();
});

test("reader: honours start and end", () => {
  const r = new XdrReader(hex("00000001 00000002 00000003"), 4, 8);
  assert.equal(r.readInt32(), 2);
  throwsCode(() => r.readInt32(), "XDR_SHORT");
  throwsCode(() => new XdrReader(hex("00"), 0, 2), "XDR_RANGE");
});

test("reader: bool must be 0 or 1", () => {
  throwsCode(() => new XdrReader(hex("00000002")).readBool(), "XDR_VALUE");
  throwsCode(() => new XdrReader(hex("ffffffff")).readBool(), "XDR_VALUE");
});

test("reader: short input fails with XDR_SHORT at every cut", () => {
  const full = hex("00000005 68656c6c 6f000000");
  for (let cut = 0; cut < full.length; cut++) {
    throwsCode(() => new XdrReader(full.subarray(0, cut)).readString(), "XDR_SHORT");
  }
  assert.equal(new XdrReader(full).readString(), "hello");
  throwsCode(() => new XdrReader(hex("000000")).readInt32(), "XDR_SHORT");
  throwsCode(() => new XdrReader(hex("00000000 000000")).readInt64(), "XDR_SHORT");
  throwsCode(() => new XdrReader(hex("00000000 000000")).readDouble(), "XDR_SHORT");
});

test("reader: nonzero padding is rejected for string, var and fixed opaque", () => {
  throwsCode(() => new XdrReader(hex("00000001 61000100")).readString(), "XDR_PADDING");
  throwsCode(() => new XdrReader(hex("00000003 01020301")).readVarOpaque(), "XDR_PADDING");
  throwsCode(() => new XdrReader(hex("01020304 05000080")).readFixedOpaque(5), "XDR_PADDING");
  // The same bytes with zero padding are fine.
  assert.deepEqual(new XdrReader(hex("01020304 05000000")).readFixedOpaque(5), hex("0102030405"));
});

test("reader: length over max is XDR_LIMIT, over the input is XDR_SHORT", () => {
  throwsCode(() => new XdrReader(hex("00000005 61626364 65000000")).readString(4), "XDR_LIMIT");
  throwsCode(() => new XdrReader(hex("ffffffff")).readString(4194304), "XDR_LIMIT");
  throwsCode(() => new XdrReader(hex("ffffffff")).readVarOpaque(), "XDR_SHORT");
  throwsCode(() => new XdrReader(hex("00400000 00000000")).readString(4194304), "XDR_SHORT");
  // readLength with a unit size bounds element counts by the input.
  throwsCode(() => new XdrReader(hex("00000003 00000000 00000000")).readLength(10, 4), "XDR_SHORT");
  assert.equal(new XdrReader(hex("00000002 00000000 00000000")).readLength(10, 4), 2);
});

test("reader: a huge length word never allocates more than the input", () => {
  const orig = Buffer.allocUnsafe;
  const sizes: number[] = [];
  Buffer.allocUnsafe = ((n: number) => {
    sizes.push(n);
    return orig(n);
  }) as typeof Buffer.allocUnsafe;
  try {
    throwsCode(() => new XdrReader(hex("7fffffff 00000000")).readVarOpaque(), "XDR_SHORT");
    throwsCode(() => new XdrReader(hex("7fffffff 00000000")).readString(), "XDR_SHORT");
    throwsCode(() => new XdrReader(hex("7fffffff")).readFixedOpaque(0x7fffffff), "XDR_SHORT");
  } finally {
    Buffer.allocUnsafe = orig;
  }
  assert.ok(sizes.every((n) => n <= 8), `allocations: ${sizes.join(",")}`);
});

test("reader: opaque results are copies, not views of the input", () => {
  const input = hex("00000002 0a0b0000");
  const out = new XdrReader(input).readVarOpaque();
  input[4] = 0xee;
  assert.deepEqual(out, hex("0a0b"));
});

test("reader: trailing bytes are reported by expectEnd", () => {
  const r = new XdrReader(hex("00000001 00000002"));
  r.readInt32();
  const e = throwsCode(() => r.expectEnd(), "XDR_TRAILING");
  assert.ok(e instanceof ProtocolError);
  assert.equal(r.offset, 4);
});
