import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import { certExtensions } from "./cert-ext.js";
import { TlsError, VIR_ERR_SYSTEM_ERROR } from "./tls-errors.js";

// Key purposes (extended key usage) as libvirt checks them.
const KP_SERVER = "1.3.6.1.5.5.7.3.1";
const KP_CLIENT = "1.3.6.1.5.5.7.3.2";
// libvirt reads at most this many certificates from a CA file.
const MAX_CA_CERTS = 16;

function fail(message: string): never {
  throw new TlsError(VIR_ERR_SYSTEM_ERROR, message);
}

/** Split a PEM bundle into its certificates. */
export function pemCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

type Role = "CA" | "client" | "server";

function checkTimes(cert: X509Certificate, file: string, role: Role, now: number): void {
  if (Date.parse(cert.validTo) < now) fail(`The ${role} certificate ${file} has expired`);
  if (Date.parse(cert.validFrom) > now) fail(`The ${role} certificate ${file} is not yet active`);
}

function checkCert(cert: X509Certificate, file: string, role: Role, now: number): void {
  checkTimes(cert, file, role, now);
  const ext = certExtensions(cert.raw);
  const isCA = role === "CA";
  if (ext.basicConstraintsCa === true && !isCA) {
    fail(`The certificate ${file} basic constraints show a CA, but we need one for a ${role}`);
  }
  if (isCA && ext.basicConstraintsCa === false) fail(`The certificate ${file} basic constraints do not show a CA`);
  if (isCA && ext.basicConstraintsCa === null) fail(`The certificate ${file} is missing basic constraints for a CA`);
  const ku = ext.keyUsage;
  // Usage problems only count when the extension is critical (libvirt warns otherwise).
  if (ku?.critical) {
    if (isCA && !ku.keyCertSign) fail(`Certificate ${file} usage does not permit certificate signing`);
    if (!isCA && !ku.digitalSignature) fail(`Certificate ${file} usage does not permit digital signature`);
    // RFC 8813: EC keys must not carry keyEncipherment, so only RSA-like keys need it.
    const keyType = cert.publicKey.asymmetricKeyType;
    if (!isCA && !ku.keyEncipherment && keyType !== "ec" && keyType !== "x25519" && keyType !== "x448") {
      fail(`Certificate ${file} usage does not permit key encipherment`);
    }
  }
  const eku = ext.extKeyUsage;
  if (!isCA && eku?.critical) {
    const want = role === "server" ? KP_SERVER : KP_CLIENT;
    // Any purpose other than the two TLS ones (anyExtendedKeyUsage included) allows both.
    const ok = eku.purposes.some((p) => p === want || (p !== KP_SERVER && p !== KP_CLIENT));
    if (!ok) fail(`Certificate ${file} purpose does not allow use for with a TLS ${role}`);
  }
}

/**
 * libvirt's client-side sanity check of its own credentials before it
 * connects (skipped with no_sanity=1): the CA certificates are valid CAs in
 * their validity period, the client certificate is a valid client
 * certificate issued by one of them, and the key belongs to it.
 */
export function sanityCheckClient(
  ca: { pem: string; file: string },
  cert: { pem: string; file: string },
  key: { pem: string; file: string } | null,
  now = Date.now(),
): void {
  let cas: X509Certificate[];
  try {
    cas = pemCertificates(ca.pem).slice(0, MAX_CA_CERTS);
  } catch (err) {
    throw new TlsError(VIR_ERR_SYSTEM_ERROR, `Unable to import CA certificate list ${ca.file}`, { cause: err });
  }
  if (cas.length === 0) fail(`Unable to import CA certificate list ${ca.file}`);
  let mine: X509Certificate;
  try {
    const list = pemCertificates(cert.pem);
    if (list.length === 0) throw new Error("no certificate in file");
    mine = list[0]!;
  } catch (err) {
    throw new TlsError(VIR_ERR_SYSTEM_ERROR, `Unable to import client certificate ${cert.file}`, { cause: err });
  }
  for (const c of cas) checkCert(c, ca.file, "CA", now);
  checkCert(mine, cert.file, "client", now);
  const issuer = cas.find((c) => mine.checkIssued(c) && mine.verify(c.publicKey));
  if (!issuer) {
    fail(`Our own certificate ${cert.file} failed validation against ${ca.file}: The certificate hasn't got a known issuer.`);
  }
  if (key) {
    let matches: boolean;
    try {
      const pub = createPublicKey(createPrivateKey(key.pem));
      matches = pub.equals(mine.publicKey);
    } catch (err) {
      throw new TlsError(VIR_ERR_SYSTEM_ERROR, `Unable to read private key ${key.file}`, { cause: err });
    }
    if (!matches) fail(`The private key ${key.file} does not belong to the certificate ${cert.file}`);
  }
}
