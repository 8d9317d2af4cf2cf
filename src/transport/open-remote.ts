// URI parameters of the remote transports (+tls, +ssh, +ext) turned into options,
// the way libvirt's remote driver reads them.
import { join } from "node:path";
import type { Transport } from "./transport.js";
import { type ParsedUri, uriParam, serverName, UriError } from "./uri.js";
import { locateTlsFiles } from "./tls-pki.js";
import { openTls, TLS_PORT } from "./tls.js";
import { openSsh } from "./ssh.js";
import { spawnTransport } from "./child-stream.js";
import { RemoteOptionError } from "./errors.js";
import type { SshProxy } from "./ssh-command.js";
import { SYSTEM_RUN_DIR, sessionRunDir } from "./unix-path.js";

/** A 0/1 URI flag (libvirt parses an integer; anything but 0 is true). */
export function uriFlag(u: ParsedUri, key: string): boolean {
  const v = uriParam(u, key);
  if (v === undefined) return false;
  if (!/^\s*[-+]?\d+\s*$/.test(v)) throw new UriError(`Failed to parse value of URI component ${key}`);
  return Number(v) !== 0;
}

export function openTlsForUri(u: ParsedUri, signal?: AbortSignal): Promise<Transport> {
  return openTls({
    host: u.host ?? "localhost",
    port: u.port ?? TLS_PORT,
    files: locateTlsFiles(uriParam(u, "pkipath")),
    noVerify: uriFlag(u, "no_verify"),
    noSanity: uriFlag(u, "no_sanity"),
    signal,
  });
}

/**
 * The daemon socket nc connects to on the remote host: `socket=`, else the
 * legacy libvirtd socket (modular with mode=direct), -ro when read-only;
 * session URIs use $XDG_RUNTIME_DIR as libvirt's client computes it locally.
 */
export function remoteSocketPath(u: ParsedUri, readonly: boolean, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = uriParam(u, "socket");
  if (explicit !== undefined) return explicit;
  const mode = uriParam(u, "mode") ?? "legacy";
  if (u.path === "/session") return join(sessionRunDir(env), "libvirt-sock");
  const base = mode === "direct" && u.driver !== "test" ? `virt${u.driver}d-sock` : "libvirt-sock";
  return join(SYSTEM_RUN_DIR, readonly ? `${base}-ro` : base);
}

function proxyParam(u: ParsedUri): SshProxy {
  const p = uriParam(u, "proxy") ?? "auto";
  if (p !== "auto" && p !== "netcat" && p !== "native") {
    throw new UriError(`Unable to parse proxy mode '${p}' (expected auto, netcat or native)`);
  }
  return p;
}

export function openSshForUri(u: ParsedUri, readonly: boolean, signal?: AbortSignal): Promise<Transport> {
  const opt = (k: string): string | undefined => {
    const v = uriParam(u, k);
    return v === undefined || v === "" ? undefined : v;
  };
  return openSsh({
    host: u.host ?? "localhost",
    port: u.port,
    user: u.user,
    binary: opt("command"),
    keyfile: opt("keyfile"),
    knownHosts: opt("known_hosts"),
    knownHostsVerify: opt("known_hosts_verify"),
    noVerify: uriFlag(u, "no_verify"),
    noTty: uriFlag(u, "no_tty"),
    netcat: opt("netcat"),
    proxy: proxyParam(u),
    socketPath: remoteSocketPath(u, readonly),
    driverUri: serverName(u),
    readonly,
    signal,
  });
}

/**
 * +ext: `command=` is run with no arguments (libvirt execs it as one program
 * path, PATH searched) and speaks the protocol on its stdin and stdout. Like
 * libvirt, the link is not taken for secure: SASL then wants a security layer.
 */
export function openExtForUri(u: ParsedUri, signal?: AbortSignal): Promise<Transport> {
  const command = uriParam(u, "command");
  if (!command) throw new RemoteOptionError("remote_open: for 'ext' transport, command is required");
  return spawnTransport(command, [], {
    labels: { where: `command '${command}'`, program: command, eofText: "Cannot recv data" },
    kind: "ext",
    secure: false,
    encrypted: false,
    signal,
  });
}
