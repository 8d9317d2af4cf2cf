import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ParsedUri } from "../transport/uri.js";
import { uriParam } from "../transport/uri.js";
import { VirtError } from "../rpc/errors.js";

/** A parsed key file: group -> key -> value. */
export type AuthFile = Map<string, Map<string, string>>;

/**
 * Which auth file libvirt's client reads: $LIBVIRT_AUTH_FILE, else the
 * URI's `authfile=`, else $XDG_CONFIG_HOME/libvirt/auth.conf
 * (~/.config/libvirt/auth.conf), else /etc/libvirt/auth.conf; null if none exists.
 */
export function authFilePath(
  u: ParsedUri | null,
  env: NodeJS.ProcessEnv = process.env,
  exists: (p: string) => boolean = existsSync,
): string | null {
  const fromEnv = env["LIBVIRT_AUTH_FILE"];
  if (fromEnv) return fromEnv;
  const fromUri = u ? uriParam(u, "authfile") : undefined;
  if (fromUri) return fromUri;
  const config = env["XDG_CONFIG_HOME"] || (env["HOME"] ? join(env["HOME"], ".config") : null);
  if (config) {
    const user = join(config, "libvirt", "auth.conf");
    if (exists(user)) return user;
  }
  return exists("/etc/libvirt/auth.conf") ? "/etc/libvirt/auth.conf" : null;
}

/** Parse the GLib key-file syntax libvirt uses: [group], key=value, # comments. */
export function parseAuthFile(text: string): AuthFile {
  const groups: AuthFile = new Map();
  let current: Map<string, string> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const g = /^\[([^\]]+)\]$/.exec(line);
    if (g) {
      current = groups.get(g[1]!) ?? new Map();
      groups.set(g[1]!, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0 || !current) continue;
    const value = line
      .slice(eq + 1)
      .trimStart()
      .replace(/\\([\\nts])/g, (_m, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c === "s" ? " " : "\\"));
    current.set(line.slice(0, eq).trim(), value);
  }
  return groups;
}

function confError(message: string): Error {
  return VirtError.local(VirtError.ERR_CONF_SYNTAX, VirtError.FROM_CONF, message);
}

/**
 * Credentials for `service` on `host` (libvirt's lookup): group
 * auth-SERVICE-HOST, else auth-SERVICE-default, names a credentials-NAME
 * group whose authname and password keys are the values.
 */
export function lookupAuthFile(
  file: AuthFile,
  path: string,
  service: string,
  host: string,
): { username?: string; password?: string } {
  let group = `auth-${service}-${host}`;
  if (!file.has(group)) group = `auth-${service}-default`;
  const auth = file.get(group);
  if (!auth) return {};
  const name = auth.get("credentials");
  if (name === undefined) throw confError(`Missing item 'credentials' in group '${group}' in '${path}'`);
  const creds = file.get(`credentials-${name}`);
  if (!creds) throw confError(`Missing group 'credentials-${name}' referenced from group '${group}' in '${path}'`);
  const out: { username?: string; password?: string } = {};
  const user = creds.get("authname");
  const pass = creds.get("password");
  if (user !== undefined) out.username = user;
  if (pass !== undefined) out.password = pass;
  return out;
}

/** Read the auth file for a URI, or null when there is none. */
export function readAuthFile(u: ParsedUri | null, env: NodeJS.ProcessEnv = process.env): { path: string; file: AuthFile } | null {
  const path = authFilePath(u, env);
  if (path === null) return null;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    // An explicitly named file that cannot be read is an error; a default one that vanished is not.
    if (env["LIBVIRT_AUTH_FILE"] || (u && uriParam(u, "authfile"))) {
      throw VirtError.local(VirtError.ERR_SYSTEM_ERROR, VirtError.FROM_CONF, `Unable to read auth file '${path}': ${(err as Error).message}`);
    }
    return null;
  }
  return { path, file: parseAuthFile(text) };
}
