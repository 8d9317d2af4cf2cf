// The DIGEST-MD5 confidentiality layer and the stream that frames it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { DigestConfLayer, SaslLayerStream, saslLayerTransport, SaslError } from "../../src/transport/sasl/index.js";
import { memoryPair, memoryTransport } from "../../src/transport/memory.js";

const HA1 = createHash("md5").update("session key").digest();
const pair = (cipher = "rc4", maxbuf = 65536): [DigestConfLayer, DigestConfLayer] => [
  new DigestConfLayer(cipher, HA1, maxbuf, maxbuf, "client"),
  new DigestConfLayer(cipher, HA1, maxbuf, maxbuf, "server"),
];

function framed(body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  return Buffer.concat([len, body]);
}

test("sealed packets open on the other side, in both directions, for each RC4 strength", () => {
  for (const [cipher, ssf] of [["rc4", 128], ["rc4-56", 56], ["rc4-40", 40]] as const) {
    const [client, server] = pair(cipher);
    assert.equal(client.ssf, ssf);
    for (const msg of ["hello", "", "x".repeat(1000), "second packet"]) {
      const body = client.seal(Buffer.from(msg));
      // ciphertext || 0x0001 || seq: the message is not visible on the wire.
      assert.equal(body.length, msg.length + 16);
      if (msg.length > 4) assert.ok(!body.includes(Buffer.from(msg)));
      assert.equal(String(server.unseal(body)), msg);
      assert.equal(String(client.unseal(server.seal(Buffer.from(msg)))), msg);
    }
  }
});

test("a tampered, replayed or reordered packet is refused", () => {
  const [client, server] = pair();
  const p0 = client.seal(Buffer.from("first"));
  const p1 = client.seal(Buffer.from("second"));
  const bad = Buffer.from(p0);
  bad[2]! ^= 0x01;
  assert.throws(() => server.unseal(bad), /integrity/);
  const [c2, s2] = pair();
  const q0 = c2.seal(Buffer.from("first"));
  c2.seal(Buffer.from("second"));
  assert.equal(String(s2.unseal(q0)), "first");
  assert.throws(() => s2.unseal(q0), /sequence/);
  const [, s3] = pair();
  assert.throws(() => s3.unseal(p1), /sequence/);
  assert.throws(() => s3.unseal(Buffer.alloc(8)), SaslError);
});

test("the stream frames sealed packets and reads them split at any point", async () => {
  const [client, server] = pair();
  const [a, b] = memoryPair();
  const stream = new SaslLayerStream(a, client);
  const packets = ["alpha", "beta", "gamma"].map((m) => framed(server.seal(Buffer.from(m))));
  const wire = Buffer.concat(packets);
  const got: Buffer[] = [];
  stream.on("data", (c: Buffer) => got.push(c));
  // One byte at a time: every cut point inside length words and bodies.
  for (let i = 0; i < wire.length; i++) b.write(wire.subarray(i, i + 1));
  await new Promise((r) => setImmediate(r));
  assert.equal(Buffer.concat(got).toString(), "alphabetagamma");
  stream.destroy();
});

test("large writes are cut to the peer's maxbuf and arrive whole", async () => {
  const maxbuf = 4096;
  const client = new DigestConfLayer("rc4", HA1, maxbuf, maxbuf, "client");
  const server = new DigestConfLayer("rc4", HA1, maxbuf, maxbuf, "server");
  const [a, b] = memoryPair();
  const t = saslLayerTransport(memoryTransport(a), client);
  assert.equal(t.encrypted, true);
  assert.equal(t.secure, true);
  const payload = Buffer.alloc(50_000);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) & 0xff;
  const raw: Buffer[] = [];
  b.on("data", (c: Buffer) => raw.push(c));
  await new Promise<void>((resolve, reject) => t.stream.write(payload, (err) => (err ? reject(err) : resolve())));
  await new Promise((r) => setImmediate(r));
  let buf = Buffer.concat(raw);
  const plain: Buffer[] = [];
  let packets = 0;
  while (buf.length > 0) {
    const n = buf.readUInt32BE(0);
    assert.ok(n <= maxbuf, `packet of ${n} bytes exceeds maxbuf`);
    plain.push(server.unseal(buf.subarray(4, 4 + n)));
    buf = buf.subarray(4 + n);
    packets++;
  }
  assert.ok(packets >= Math.ceil(payload.length / client.maxPlainChunk));
  assert.deepEqual(Buffer.concat(plain), payload);
  t.destroy();
});

test("an oversized or corrupt packet from the peer destroys the stream", async () => {
  const [client] = pair("rc4", 1024);
  const [a, b] = memoryPair();
  const stream = new SaslLayerStream(a, client);
  const failed = new Promise<Error>((resolve) => stream.once("error", resolve));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(1_000_000, 0);
  b.write(len);
  assert.match((await failed).message, /exceeds/);
});
