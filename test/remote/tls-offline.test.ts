// TLS pieces that need no daemon: certificate extensions, libvirt's sanity
// check of our own credentials, and where the PKI files are looked for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { certExtensions } from "../../src/transport/cert-ext.js";
import { sanityCheckClient } from "../../src/transport/tls-sanity.js";
import { locateTlsFiles } from "../../src/transport/tls-pki.js";
import { TlsError } from "../../src/transport/tls-errors.js";
import { CA, OTHER_CA, CLIENT, CLIENT_KEY, OTHER_KEY } from "./fixtures/certs.js";

const VALID = Date.parse("2028-01-01T00:00:00Z");

test("certificate extensions are read with their critical flags", () => {
  const ca = certExtensions(new X509Certificate(CA).raw);
  assert.equal(ca.basicConstraintsCa, true);
  assert.equal(ca.keyUsage?.keyCertSign, true);
  assert.equal(ca.keyUsage?.critical, true);
  const cl = certExtensions(new X509Certificate(CLIENT).raw);
  assert.equal(cl.basicConstraintsCa, false);
  assert.deepEqual(cl.keyUsage, { digitalSignature: true, keyEncipherment: false, keyCertSign: false, critical: true });
  assert.deepEqual(cl.extKeyUsage?.purposes, ["1.3.6.1.5.5.7.3.2"]);
});

function sanity(opts: { ca?: string; cert?: string; key?: string; now?: number } = {}): void {
  sanityCheckClient(
    { pem: opts.ca ?? CA, file: "cacert.pem" },
    { pem: opts.cert ?? CLIENT, file: "clientcert.pem" },
    { pem: opts.key ?? CLIENT_KEY, file: "clientkey.pem" },
    opts.now ?? VALID,
  );
}

function failsWith(fn: () => void, re: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TlsError);
    assert.equal(e.virCode, 38);
    assert.equal(e.virDomain, 7);
    assert.match(e.message, re);
    return true;
  });
}

test("a valid EC client certificate passes (EC keys need no keyEncipherment)", () => {
  sanity();
  // The CA file may hold several certificates; any of them may be the issuer.
  sanity({ ca: OTHER_CA + CA });
});

test("the sanity check refuses what libvirt's does", () => {
  failsWith(() => sanity({ now: Date.parse("2032-01-01T00:00:00Z") }), /^The client certificate clientcert\.pem has expired$/);
  failsWith(() => sanity({ now: Date.parse("2040-01-01T00:00:00Z") }), /^The CA certificate cacert\.pem has expired$/);
  failsWith(() => sanity({ now: Date.parse("2020-01-01T00:00:00Z") }), /^The CA certificate cacert\.pem is not yet active$/);
  failsWith(() => sanity({ ca: OTHER_CA }), /Our own certificate clientcert\.pem failed validation against cacert\.pem: The certificate hasn't got a known issuer/);
  failsWith(() => sanity({ cert: CA }), /basic constraints show a CA, but we need one for a client/);
  failsWith(() => sanity({ ca: CLIENT }), /basic constraints do not show a CA/);
  failsWith(() => sanity({ key: OTHER_KEY }), /does not belong to the certificate/);
  failsWith(() => sanity({ ca: "not a pem" }), /Unable to import CA certificate list cacert\.pem/);
});

test("PKI files: pkipath, root's /etc/pki, and ~/.pki/libvirt with per-file fallback", () => {
  const present = new Set([
    "/p/cacert.pem",
    "/p/clientcert.pem",
    "/p/clientkey.pem",
    "/etc/pki/CA/cacert.pem",
    "/etc/pki/CA/cacrl.pem",
    "/etc/pki/libvirt/clientcert.pem",
    "/etc/pki/libvirt/private/clientkey.pem",
    "/home/u/.pki/libvirt/cacert.pem",
  ]);
  const exists = (p: string): boolean => present.has(p);
  assert.deepEqual(locateTlsFiles("/p", { exists }), {
    caCert: "/p/cacert.pem",
    caCrl: null,
    clientCert: "/p/clientcert.pem",
    clientKey: "/p/clientkey.pem",
  });
  assert.deepEqual(locateTlsFiles(undefined, { exists, uid: 0 }), {
    caCert: "/etc/pki/CA/cacert.pem",
    caCrl: "/etc/pki/CA/cacrl.pem",
    clientCert: "/etc/pki/libvirt/clientcert.pem",
    clientKey: "/etc/pki/libvirt/private/clientkey.pem",
  });
  assert.deepEqual(locateTlsFiles(undefined, { exists, uid: 1000, env: { HOME: "/home/u" } }), {
    caCert: "/home/u/.pki/libvirt/cacert.pem",
    caCrl: "/etc/pki/CA/cacrl.pem",
    clientCert: "/etc/pki/libvirt/clientcert.pem",
    clientKey: "/etc/pki/libvirt/private/clientkey.pem",
  });
  // A missing CA is still named, so opening can say which file it could not read.
  assert.equal(locateTlsFiles("/nowhere", { exists }).caCert, "/nowhere/cacert.pem");
});
