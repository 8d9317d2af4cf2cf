// SASL mechanisms against the published test vectors, and mechanism choice.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Rc4,
  ScramMechanism,
  DigestMd5Mechanism,
  PlainMechanism,
  chooseMechanism,
  SaslError,
} from "../../src/transport/sasl/index.js";

test("RC4 matches RFC 6229 (40-bit key) and the classic Key/Plaintext vector", () => {
  const rc4 = new Rc4(Buffer.from("0102030405", "hex"));
  assert.equal(rc4.update(Buffer.alloc(16)).toString("hex"), "b2396305f03dc027ccc3524a0a1118a8");
  // The keystream runs on across calls.
  assert.equal(rc4.update(Buffer.alloc(16)).toString("hex"), "6982944f18fc82d589c403a47a0d0919");
  assert.equal(new Rc4(Buffer.from("Key")).update(Buffer.from("Plaintext")).toString("hex"), "bbf316e8d940af0ad3");
});

test("SCRAM-SHA-1 reproduces RFC 5802's exchange", async () => {
  const m = new ScramMechanism("sha1", { username: "user", password: "pencil" }, "fyko+d2lbbFgONRv9qkxdawL");
  assert.equal(String(await m.start()), "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
  const final = await m.step(Buffer.from("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
  assert.equal(String(final), "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
  assert.equal(m.complete, false);
  assert.equal(await m.step(Buffer.from("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")), null);
  assert.equal(m.complete, true);
});

test("SCRAM-SHA-256 reproduces RFC 7677's exchange", async () => {
  const m = new ScramMechanism("sha256", { username: "user", password: "pencil" }, "rOprNGfwEbeRWgbNEkqO");
  assert.equal(String(await m.start()), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  const final = await m.step(
    Buffer.from("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"),
  );
  assert.equal(
    String(final),
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  );
  await m.step(Buffer.from("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  assert.equal(m.complete, true);
});

test("SCRAM refuses a forged server signature, a foreign nonce and a server error", async () => {
  const creds = { username: "user", password: "pencil" };
  const serverFirst = Buffer.from("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
  const m = new ScramMechanism("sha256", creds, "rOprNGfwEbeRWgbNEkqO");
  await m.start();
  await m.step(serverFirst);
  await assert.rejects(m.step(Buffer.from("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")), SaslError);
  const m2 = new ScramMechanism("sha256", creds, "abc");
  await m2.start();
  await assert.rejects(m2.step(serverFirst), /nonce/);
  const m3 = new ScramMechanism("sha256", creds, "rOprNGfwEbeRWgbNEkqO");
  await m3.start();
  await m3.step(serverFirst);
  await assert.rejects(m3.step(Buffer.from("e=invalid-proof")), /invalid-proof/);
});

test("SCRAM escapes ',' and '=' in the username", async () => {
  const m = new ScramMechanism("sha1", { username: "a,b=c", password: "x" }, "N");
  assert.equal(String(await m.start()), "n,,n=a=2Cb=3Dc,r=N");
});

test("DIGEST-MD5 reproduces RFC 2831's example (qop=auth)", async () => {
  const m = new DigestMd5Mechanism(
    { username: "chris", password: "secret" },
    { service: "imap", host: "elwood.innosoft.com", minSsf: 0, maxSsf: 0, cnonce: "OA6MHXh6VqTrRk" },
  );
  assert.equal(await m.start(), null);
  const resp = await m.step(
    Buffer.from('realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8'),
  );
  assert.equal(
    String(resp),
    'charset=utf-8,username="chris",realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",nc=00000001,' +
      'cnonce="OA6MHXh6VqTrRk",digest-uri="imap/elwood.innosoft.com",response=d388dad90d4bbd760a152321f2143af7,qop=auth',
  );
  assert.equal(await m.step(Buffer.from("rspauth=ea40f60335c427b5527b84dbabcdfffd")), null);
  assert.equal(m.complete, true);
  assert.equal(m.securityLayer(), null);
});

test("DIGEST-MD5 refuses a server that cannot prove it knows the password", async () => {
  const m = new DigestMd5Mechanism({ username: "chris", password: "secret" }, { service: "imap", host: "h", minSsf: 0, maxSsf: 0 });
  await m.start();
  await m.step(Buffer.from('nonce="n",qop="auth",algorithm=md5-sess'));
  await assert.rejects(m.step(Buffer.from("rspauth=00000000000000000000000000000000")), /rspauth/);
  assert.equal(m.complete, false);
});

test("DIGEST-MD5 asks for auth-conf with the strongest RC4 when a layer is needed", async () => {
  const m = new DigestMd5Mechanism(
    { username: "u", password: "p" },
    { service: "libvirt", host: "h", minSsf: 56, maxSsf: 100000, cnonce: "c" },
  );
  await m.start();
  const resp = String(
    await m.step(Buffer.from('nonce="n",realm="r",qop="auth,auth-int,auth-conf",cipher="rc4-40,rc4-56,rc4,des,3des",maxbuf=65536,charset=utf-8,algorithm=md5-sess')),
  );
  assert.match(resp, /,qop=auth-conf,cipher=rc4$/);
  assert.match(resp, /realm="r"/);
  // Without a usable cipher there is no layer to be had.
  const weak = new DigestMd5Mechanism({ username: "u", password: "p" }, { service: "libvirt", host: "h", minSsf: 56, maxSsf: 100000 });
  await weak.start();
  await assert.rejects(weak.step(Buffer.from('nonce="n",qop="auth,auth-conf",cipher="rc4-40,des",algorithm=md5-sess')), /no cipher/);
});

test("PLAIN sends authzid-less credentials in one message", async () => {
  const m = new PlainMechanism({ username: "alice", password: "pw" });
  assert.equal((await m.start()).toString("hex"), Buffer.from("\0alice\0pw").toString("hex"));
  assert.equal(m.complete, true);
});

test("mechanism choice follows libvirt's client", () => {
  const base = { service: "libvirt", host: "h" };
  // Private link: strongest we have, whatever the server's order.
  assert.equal(chooseMechanism({ ...base, serverList: "PLAIN,DIGEST-MD5,SCRAM-SHA-1,SCRAM-SHA-256", secure: true }).name, "SCRAM-SHA-256");
  assert.equal(chooseMechanism({ ...base, serverList: "PLAIN CRAM-MD5", secure: true }).name, "PLAIN");
  // Plain TCP: only a mechanism with a security layer.
  assert.equal(chooseMechanism({ ...base, serverList: "SCRAM-SHA-256,DIGEST-MD5", secure: false }).name, "DIGEST-MD5");
  assert.throws(() => chooseMechanism({ ...base, serverList: "SCRAM-SHA-256,PLAIN", secure: false }), /only DIGEST-MD5/);
  // auth=sasl.MECH: must be offered (case-sensitive), implemented, and fit the link.
  assert.equal(chooseMechanism({ ...base, serverList: "SCRAM-SHA-256,PLAIN", secure: true, wanted: "PLAIN" }).name, "PLAIN");
  assert.throws(() => chooseMechanism({ ...base, serverList: "PLAIN", secure: true, wanted: "plain" }), /SASL mechanism plain not supported by server/);
  assert.throws(() => chooseMechanism({ ...base, serverList: "CRAM-MD5", secure: true, wanted: "CRAM-MD5" }), /not implemented by virtwire/);
  assert.throws(() => chooseMechanism({ ...base, serverList: "PLAIN", secure: false, wanted: "PLAIN" }), /no security layer/);
  assert.throws(() => chooseMechanism({ ...base, serverList: "", secure: true }), /no usable SASL mechanism: the server offers none/);
});
