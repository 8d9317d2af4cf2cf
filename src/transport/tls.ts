import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { connect as tlsConnect, checkServerIdentity, type TLSSocket, type PeerCertificate } from "node:tls";
import type { Transport } from "./transport.js";
import { TransportError } from "./errors.js";
import type { TlsFiles } from "./tls-pki.js";
import { sanityCheckClient } from "./tls-sanity.js";
import { TlsError, VIR_ERR_AUTH_FAILED, VIR_ERR_SYSTEM_ERROR } from "./tls-errors.js";
import { TlsFrameWriter } from "./tls-frame-writer.js";

export const TLS_PORT = 16514;

export interface TlsOptions {
  host: string;
  port: number;
  files: TlsFiles;
  /** no_verify=1: accept any server certificate (wrong name, expired, unknown CA). */
  noVerify?: boolean;
  /** no_sanity=1: skip the check of our own certificate before connecting. */
  noSanity?: boolean;
  signal?: AbortSignal | undefined;
}

interface Credentials {
  ca: string;
  crl?: string;
  cert?: string;
  key?: string;
}

async function readOrFail(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === "ENOENT" ? "No such file or directory" : e.code === "EACCES" ? "Permission denied" : e.message;
    throw new TlsError(VIR_ERR_SYSTEM_ERROR, `Cannot read ${what} '${path}': ${reason}`, { cause: err, code: e.code });
  }
}

/** Load the files and run libvirt's sanity check of our own certificate. */
async function loadCredentials(o: TlsOptions): Promise<Credentials> {
  const f = o.files;
  const creds: Credentials = { ca: await readOrFail(f.caCert, "CA certificate") };
  if (f.caCrl) creds.crl = await readOrFail(f.caCrl, "CA revocation list");
  // A client without a certificate may still connect; the server decides.
  if (f.clientCert && f.clientKey) {
    creds.cert = await readOrFail(f.clientCert, "certificate");
    creds.key = await readOrFail(f.clientKey, "private key");
    if (!o.noSanity) {
      sanityCheckClient(
        { pem: creds.ca, file: f.caCert },
        { pem: creds.cert, file: f.clientCert },
        { pem: creds.key, file: f.clientKey },
      );
    }
  }
  return creds;
}

// OpenSSL's verdicts in the words libvirt (gnutls) uses for them.
const REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: "The certificate has expired",
  CERT_NOT_YET_VALID: "The certificate is not yet activated",
  CERT_REVOKED: "The certificate has been revoked",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "The certificate hasn't got a known issuer",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "The certificate hasn't got a known issuer",
  UNABLE_TO_GET_ISSUER_CERT: "The certificate hasn't got a known issuer",
  DEPTH_ZERO_SELF_SIGNED_CERT: "The certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "The certificate chain ends in an untrusted self-signed certificate",
  CERT_SIGNATURE_FAILURE: "The certificate signature is invalid",
  UNABLE_TO_GET_CRL: "No revocation list for the certificate's issuer",
};

/** Why the server certificate is not acceptable, or null. */
function verifyPeer(sock: TLSSocket, host: string): string | null {
  // Typed as Error, but node reports OpenSSL's verdict as a code string.
  const code = String(sock.authorizationError ?? "UNSPECIFIED");
  if (sock.authorized || code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const nameErr = checkServerIdentity(host, sock.getPeerCertificate() as PeerCertificate);
    return nameErr ? `The certificate does not match the host name: ${nameErr.message}` : null;
  }
  return REASONS[code] ? `${REASONS[code]}: ${code}` : code;
}

/**
 * Open a TLS connection to libvirtd as libvirt's client does: our certificate
 * (if any) presented, the server's certificate checked against our CA (and
 * CRL) and the host name or IP, then the server's one-byte confirmation read:
 * a server that refuses our certificate closes without sending it. Writes
 * then keep one RPC frame per TLS record (see TlsFrameWriter).
 */
export async function openTls(o: TlsOptions): Promise<Transport> {
  const creds = await loadCredentials(o);
  const signal = o.signal;
  if (signal?.aborted) throw signal.reason;
  return new Promise<Transport>((resolve, reject) => {
    let settled = false;
    let handshakeDone = false;
    const sock = tlsConnect({
      host: o.host,
      port: o.port,
      ca: creds.ca,
      ...(creds.crl ? { crl: creds.crl } : {}),
      ...(creds.cert ? { cert: creds.cert, key: creds.key } : {}),
      // SNI may not carry an IP address (RFC 6066).
      ...(isIP(o.host) ? {} : { servername: o.host }),
      // Verified by hand below, so a failure gets libvirt's error and the reason.
      rejectUnauthorized: false,
    });
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      sock.off("error", onError);
      sock.off("close", onClose);
      sock.off("readable", onReadable);
      if (err) {
        sock.destroy();
        reject(err);
        return;
      }
      const stream = new TlsFrameWriter(sock);
      resolve({
        stream,
        kind: "tls",
        secure: true,
        encrypted: true,
        canPassFds: false,
        destroy: (e) => stream.destroy(e),
      });
    };
    const noConfirmation = (cause?: Error): TlsError =>
      new TlsError(
        VIR_ERR_SYSTEM_ERROR,
        "Unable to read TLS confirmation: Input/output error (the server closed the connection after the handshake: " +
          "it refused our client certificate, e.g. none given, revoked, signed by a CA it does not trust, " +
          "or its DN not in tls_allowed_dn_list)",
        { cause },
      );
    const onAbort = (): void => finish(signal!.reason as Error);
    const onError = (err: NodeJS.ErrnoException): void => {
      if (handshakeDone) finish(noConfirmation(err));
      else if (err.code === "ECONNREFUSED" || err.code === "ENOTFOUND" || err.code === "EHOSTUNREACH" || err.code === "ETIMEDOUT") {
        finish(new TransportError(`cannot connect to ${o.host}:${o.port}: ${err.message}`, { cause: err, code: err.code }));
      } else if (/key values mismatch|no start line|bad decrypt|PEM/i.test(err.message)) {
        finish(new TlsError(VIR_ERR_SYSTEM_ERROR, `Unable to load the client certificate or key: ${err.message}`, { cause: err }));
      } else {
        finish(new TlsError(VIR_ERR_AUTH_FAILED, `authentication failed: TLS handshake failed: ${err.message}`, { cause: err, code: err.code }));
      }
    };
    const onClose = (): void => finish(handshakeDone ? noConfirmation() : new TransportError(`connection to ${o.host}:${o.port} closed during the TLS handshake`));
    const onReadable = (): void => {
      const b = sock.read(1) as Buffer | null;
      if (b === null) return;
      if (b[0] !== 1) finish(new TlsError(VIR_ERR_SYSTEM_ERROR, `Unexpected TLS confirmation byte ${b[0]}`));
      else finish(null);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    sock.on("error", onError);
    sock.on("close", onClose);
    sock.once("secureConnect", () => {
      handshakeDone = true;
      if (!o.noVerify) {
        const why = verifyPeer(sock, o.host);
        if (why) {
          finish(new TlsError(VIR_ERR_AUTH_FAILED, `authentication failed: Failed to verify peer's certificate (${why})`));
          return;
        }
      }
      sock.setNoDelay(true);
      sock.on("readable", onReadable);
    });
  });
}
