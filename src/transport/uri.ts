// libvirt connection URIs: driver[+transport]://[user@][host][:port]/path[?params]

export type TransportKind = "unix" | "tcp" | "tls" | "ssh" | "libssh" | "libssh2" | "ext";

export interface ParsedUri {
  /** The URI as the caller gave it. */
  readonly original: string;
  /** Hypervisor driver: qemu, test, lxc, ... */
  readonly driver: string;
  /** Transport named in the scheme, or derived (host present -> tls, else unix). */
  readonly transport: TransportKind;
  /** True when the scheme named the transport explicitly. */
  readonly explicitTransport: boolean;
  readonly user: string | null;
  readonly host: string | null;
  readonly port: number | null;
  /** Path part, e.g. "/system", "/default", "/abs/file.xml", or "" */
  readonly path: string;
  /** All query parameters, in order. */
  readonly params: ReadonlyArray<readonly [string, string]>;
}

/** Query parameters consumed by the client; never forwarded to the server. */
export const CLIENT_PARAMS = new Set([
  "name",
  "command",
  "socket",
  "auth",
  "netcat",
  "keyfile",
  "no_verify",
  "no_tty",
  "pkipath",
  "known_hosts",
  "known_hosts_verify",
  "sshauth",
  "mode",
  "proxy",
  "tls_priority",
  "no_sanity",
  // libvirt's auth file location (virAuthGetConfigFilePathURI); client-side only.
  "authfile",
]);

const TRANSPORTS = new Set<TransportKind>(["unix", "tcp", "tls", "ssh", "libssh", "libssh2", "ext"]);

export class UriError extends Error {
  override readonly name = "UriError";
}

/** Parse a libvirt URI the way libvirt's remote driver reads it. */
export function parseUri(uri: string): ParsedUri {
  const m = /^([A-Za-z][A-Za-z0-9.-]*)(?:\+([A-Za-z0-9]+))?:(\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/.exec(uri);
  if (!m) throw new UriError(`invalid libvirt URI: ${JSON.stringify(uri)}`);
  const driver = m[1]!.toLowerCase();
  const tpart = m[2]?.toLowerCase();
  if (tpart !== undefined && !TRANSPORTS.has(tpart as TransportKind)) {
    throw new UriError(`unknown transport "${tpart}" in URI ${JSON.stringify(uri)}`);
  }
  let user: string | null = null;
  let host: string | null = null;
  let port: number | null = null;
  const authority = m[4];
  if (authority) {
    let hostPort = authority;
    const at = authority.lastIndexOf("@");
    if (at >= 0) {
      user = decodeURIComponent(authority.slice(0, at));
      hostPort = authority.slice(at + 1);
    }
    const hp = /^(\[[^\]]+\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
    if (!hp) throw new UriError(`invalid host in URI ${JSON.stringify(uri)}`);
    host = hp[1] ? hp[1].replace(/^\[|\]$/g, "") : null;
    if (hp[2]) {
      port = Number(hp[2]);
      if (port > 65535) throw new UriError(`invalid port in URI ${JSON.stringify(uri)}`);
    }
  }
  const params: [string, string][] = [];
  if (m[6]) {
    for (const part of m[6].split("&")) {
      if (!part) continue;
      const eq = part.indexOf("=");
      const k = eq < 0 ? part : part.slice(0, eq);
      const v = eq < 0 ? "" : part.slice(eq + 1);
      params.push([decodeURIComponent(k), decodeURIComponent(v)]);
    }
  }
  const transport: TransportKind = (tpart as TransportKind | undefined) ?? (host ? "tls" : "unix");
  return {
    original: uri,
    driver,
    transport,
    explicitTransport: tpart !== undefined,
    user,
    host,
    port,
    path: decodeURIComponent(m[5] ?? ""),
    params,
  };
}

export function uriParam(u: ParsedUri, key: string): string | undefined {
  for (const [k, v] of u.params) if (k === key) return v;
  return undefined;
}

/**
 * The name sent in CONNECT_OPEN: transport, user, host, port and client-side
 * parameters stripped (qemu+ssh://u@h/system -> qemu:///system); `name=` wins.
 */
export function serverName(u: ParsedUri): string {
  const override = uriParam(u, "name");
  if (override !== undefined) return override;
  const rest = u.params.filter(([k]) => !CLIENT_PARAMS.has(k));
  const q = rest.length
    ? "?" + rest.map(([k, v]) => (v === "" ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join("&")
    : "";
  return `${u.driver}://${u.path}${q}`;
}

/** LIBVIRT_DEFAULT_URI, else qemu:///system for root and qemu:///session otherwise. */
export function defaultUri(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): string {
  const fromEnv = env["LIBVIRT_DEFAULT_URI"];
  if (fromEnv) return fromEnv;
  return uid === 0 ? "qemu:///system" : "qemu:///session";
}
