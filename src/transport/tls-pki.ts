import { existsSync } from "node:fs";
import { join } from "node:path";

/** Where the client's TLS files are. Missing optional files are null. */
export interface TlsFiles {
  caCert: string;
  caCrl: string | null;
  clientCert: string | null;
  clientKey: string | null;
}

const SYSTEM = {
  caCert: "/etc/pki/CA/cacert.pem",
  caCrl: "/etc/pki/CA/cacrl.pem",
  clientKey: "/etc/pki/libvirt/private/clientkey.pem",
  clientCert: "/etc/pki/libvirt/clientcert.pem",
};

function flat(dir: string): typeof SYSTEM {
  return {
    caCert: join(dir, "cacert.pem"),
    caCrl: join(dir, "cacrl.pem"),
    clientKey: join(dir, "clientkey.pem"),
    clientCert: join(dir, "clientcert.pem"),
  };
}

/**
 * libvirt's client certificate layout: `pkipath=DIR` holds all four files
 * flat; otherwise root uses /etc/pki, and other users ~/.pki/libvirt with each
 * missing file taken from /etc/pki instead. The CA certificate is returned
 * even when absent (opening reports it); the others are null when absent.
 */
export function locateTlsFiles(
  pkipath: string | undefined,
  opts: { uid?: number; env?: NodeJS.ProcessEnv; exists?: (p: string) => boolean } = {},
): TlsFiles {
  const exists = opts.exists ?? existsSync;
  const uid = opts.uid ?? process.getuid?.() ?? 0;
  const env = opts.env ?? process.env;
  let paths: typeof SYSTEM;
  if (pkipath !== undefined && pkipath !== "") {
    paths = flat(pkipath);
  } else if (uid !== 0 && env["HOME"]) {
    const user = flat(join(env["HOME"], ".pki", "libvirt"));
    paths = {
      caCert: exists(user.caCert) ? user.caCert : SYSTEM.caCert,
      caCrl: exists(user.caCrl) ? user.caCrl : SYSTEM.caCrl,
      clientKey: exists(user.clientKey) ? user.clientKey : SYSTEM.clientKey,
      clientCert: exists(user.clientCert) ? user.clientCert : SYSTEM.clientCert,
    };
  } else {
    paths = SYSTEM;
  }
  return {
    caCert: paths.caCert,
    caCrl: exists(paths.caCrl) ? paths.caCrl : null,
    clientCert: exists(paths.clientCert) ? paths.clientCert : null,
    clientKey: exists(paths.clientKey) ? paths.clientKey : null,
  };
}
