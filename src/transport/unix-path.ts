import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ParsedUri } from "./uri.js";
import { uriParam, UriError } from "./uri.js";

export const SYSTEM_RUN_DIR = "/var/run/libvirt";

/** A session daemon's run directory: $XDG_RUNTIME_DIR/libvirt, else ~/.cache/libvirt. */
export function sessionRunDir(env: NodeJS.ProcessEnv): string {
  return join(env["XDG_RUNTIME_DIR"] ?? join(env["HOME"] ?? "/", ".cache"), "libvirt");
}

/** Drivers served by a modular daemon virt<driver>d. */
const MODULAR: Record<string, string> = {
  qemu: "virtqemud",
  lxc: "virtlxcd",
  libxl: "virtxend",
  xen: "virtxend",
  vbox: "virtvboxd",
  ch: "virtchd",
  bhyve: "virtbhyved",
  vz: "virtvzd",
  network: "virtnetworkd",
  storage: "virtstoraged",
  nodedev: "virtnodedevd",
  nwfilter: "virtnwfilterd",
  secret: "virtsecretd",
  interface: "virtinterfaced",
};

export interface UnixSocketChoice {
  path: string;
  /** The -ro socket was chosen; the server forces read-only on it. */
  readonlySocket: boolean;
}

/**
 * Which unix socket to connect for a URI, as libvirt's remote driver picks it:
 * `socket=` wins; session URIs (and non-root users) use $XDG_RUNTIME_DIR;
 * mode=auto prefers a modular daemon's socket when it exists.
 */
export function unixSocketFor(
  u: ParsedUri,
  readonly: boolean,
  opts: { uid?: number; env?: NodeJS.ProcessEnv; runDir?: string; exists?: (p: string) => boolean } = {},
): UnixSocketChoice {
  const explicit = uriParam(u, "socket");
  if (explicit !== undefined) return { path: explicit, readonlySocket: explicit.endsWith("-ro") };
  const uid = opts.uid ?? process.getuid?.() ?? 0;
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const mode = uriParam(u, "mode") ?? env["LIBVIRT_DEFAULT_MODE"] ?? "auto";
  if (mode !== "auto" && mode !== "legacy" && mode !== "direct") {
    throw new UriError(`unknown mode "${mode}" (expected auto, legacy or direct)`);
  }
  const session = u.path === "/session" || (uid !== 0 && u.path !== "/system");
  let dir: string;
  if (session) {
    dir = sessionRunDir(env);
  } else {
    dir = opts.runDir ?? SYSTEM_RUN_DIR;
  }
  const modular = MODULAR[u.driver];
  const legacyName = "libvirt-sock";
  let base: string;
  if (mode === "legacy" || !modular) base = legacyName;
  else if (mode === "direct") base = `${modular}-sock`;
  else base = exists(join(dir, `${modular}-sock`)) ? `${modular}-sock` : legacyName;
  // Session daemons have no read-only socket.
  const ro = readonly && !session;
  return { path: join(dir, ro ? `${base}-ro` : base), readonlySocket: ro };
}
