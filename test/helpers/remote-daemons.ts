// Extra daemons for the remote-transport tests (test/remote): certificates made
// with certtool, libvirtd instances each on its own loopback address in a
// private mount namespace (own /run/libvirt, own config, pidfile and SASL
// config, an empty driver folder so only the built-in test driver loads), and
// an sshd of our own. Everything lives in one temp folder; dispose() stops only
// the processes started here and removes the folder. The machine's main
// libvirtd (127.0.0.1) is never touched.
//
// Policy as for other live tests: missing tools skip the tests, except under
// CI, where they fail (scripts/setup-remote.sh installs them).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, copyFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { canConnect } from "./sockets.js";

export interface Skippable {
  skip(message?: string): void;
}

const SETUP_HINT = "run `sudo scripts/setup-remote.sh` (and scripts/setup-libvirt.sh)";

function underCi(): boolean {
  const ci = process.env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

function have(bin: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${bin}`], { stdio: "ignore" }).status === 0;
}

/** Why the remote tests cannot run here, or null. */
export function remoteSkipReason(bins: readonly string[]): string | null {
  if (process.env["VIRTWIRE_LIVE"] === "0") return "live tests disabled (VIRTWIRE_LIVE=0)";
  if (process.getuid?.() !== 0) return "remote-transport tests need root (private mount namespaces, sshd)";
  const missing = bins.filter((b) => !have(b));
  return missing.length ? `missing ${missing.join(", ")}: ${SETUP_HINT}` : null;
}

/** Skip the test (fail under CI) when the lab could not start. */
export function skipOrFail(t: Skippable, reason: string): void {
  if (underCi() && process.env["VIRTWIRE_LIVE"] !== "0") throw new Error(`remote test prerequisites missing under CI: ${reason}`);
  t.skip(reason);
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
}

// --- certificates -------------------------------------------------------------

export interface Pki {
  readonly dir: string;
  /** A pkipath folder for the client: cacert.pem and, unless noted, clientcert.pem + clientkey.pem. */
  readonly client: Readonly<Record<ClientSet, string>>;
  /** Server-side files. */
  readonly ca1: string;
  readonly crl: string;
  readonly leafKey: string;
  readonly serverGood: string;
  readonly serverWrongName: string;
  readonly serverExpired: string;
  /** The DN the server allows (virt-pki-query-dn order). */
  readonly allowedDn: string;
}

export type ClientSet = "good" | "revoked" | "intruder" | "nocert" | "wrongca" | "expiredclient" | "revokesserver";

export type DaemonName = "main" | "sasl" | "wrongName" | "expired" | "noMech";

/**
 * Addresses of the TLS daemons, each on its own so the default ports do not
 * clash; `net` picks 127.0.NET.x so test files running at once do not meet.
 */
export function labAddresses(net: number): Readonly<Record<DaemonName, string>> {
  return {
    main: `127.0.${net}.2`,
    sasl: `127.0.${net}.3`,
    wrongName: `127.0.${net}.4`,
    expired: `127.0.${net}.5`,
    noMech: `127.0.${net}.6`,
  };
}

/**
 * CA1 signs the servers and the clients; CA2 is the "wrong CA". One RSA
 * key serves every leaf certificate (keys cost time; reuse is harmless here).
 */
export function makePki(root: string, addr: Readonly<Record<DaemonName, string>>): Pki {
  const dir = join(root, "pki");
  mkdirSync(dir);
  const tpl = (name: string, lines: string[]): string => {
    const p = join(dir, `${name}.info`);
    writeFileSync(p, lines.join("\n") + "\n");
    return p;
  };
  const key = (name: string): string => {
    run("certtool", ["--generate-privkey", "--key-type=rsa", "--bits=2048", "--outfile", `${name}.key`], dir);
    return join(dir, `${name}.key`);
  };
  const selfSigned = (name: string, cn: string, k: string): string => {
    // crl_signing_key: OpenSSL (our client) refuses CRLs from a CA without it.
    const t = tpl(name, [`cn = ${cn}`, "ca", "cert_signing_key", "crl_signing_key", "expiration_days = 30"]);
    run("certtool", ["--generate-self-signed", "--load-privkey", k, "--template", t, "--outfile", `${name}.pem`], dir);
    return join(dir, `${name}.pem`);
  };
  const leaf = (name: string, ca: string, caKey: string, lines: string[]): string => {
    const t = tpl(name, lines);
    run(
      "certtool",
      ["--generate-certificate", "--load-privkey", "leaf.key", "--load-ca-certificate", ca, "--load-ca-privkey", caKey,
        "--template", t, "--outfile", `${name}.pem`],
      dir,
    );
    return join(dir, `${name}.pem`);
  };
  const ca1Key = key("ca1");
  const ca2Key = key("ca2");
  const leafKey = key("leaf");
  const ca1 = selfSigned("ca1", "Virtwire Test CA 1", ca1Key);
  const ca2 = selfSigned("ca2", "Virtwire Test CA 2", ca2Key);
  const server = (cn: string, ips: string[], extra: string[] = []): string[] => [
    "organization = Virtwire",
    `cn = ${cn}`,
    ...ips.map((ip) => `ip_address = ${ip}`),
    "tls_www_server",
    "encryption_key",
    "signing_key",
    ...extra,
  ];
  const client = (cn: string, extra: string[] = ["expiration_days = 30"]): string[] => [
    "country = GB",
    "organization = Virtwire",
    `cn = ${cn}`,
    "tls_www_client",
    "encryption_key",
    "signing_key",
    ...extra,
  ];
  const past = ['activation_date = "2020-01-01 00:00:00 UTC"', 'expiration_date = "2020-02-01 00:00:00 UTC"'];
  const serverGood = leaf("server-good", ca1, ca1Key, server(addr.main, [addr.main, addr.sasl, addr.noMech], ["expiration_days = 30"]));
  const serverWrongName = leaf("server-wrongname", ca1, ca1Key, server("wrong.example", ["127.0.0.99"], ["dns_name = wrong.example", "expiration_days = 30"]));
  const serverExpired = leaf("server-expired", ca1, ca1Key, server(addr.expired, [addr.expired], past));
  const good = leaf("client-good", ca1, ca1Key, client("client1"));
  const revoked = leaf("client-revoked", ca1, ca1Key, client("revoked"));
  const intruder = leaf("client-intruder", ca1, ca1Key, client("intruder"));
  const wrongCa = leaf("client-ca2", ca2, ca2Key, client("client1"));
  const expiredClient = leaf("client-expired", ca1, ca1Key, client("client1", past));
  const crlTpl = tpl("crl", ["crl_next_update = 30", "crl_number = 1"]);
  run(
    "certtool",
    ["--generate-crl", "--load-ca-privkey", ca1Key, "--load-ca-certificate", ca1, "--load-certificate", revoked,
      "--template", crlTpl, "--outfile", "crl.pem"],
    dir,
  );
  // A CRL that revokes the good server certificate, for the client-side CRL check.
  const serverCrl = join(dir, "crl-server.pem");
  run(
    "certtool",
    ["--generate-crl", "--load-ca-privkey", ca1Key, "--load-ca-certificate", ca1, "--load-certificate", serverGood,
      "--template", crlTpl, "--outfile", serverCrl],
    dir,
  );
  const sets: Record<ClientSet, string> = {} as Record<ClientSet, string>;
  const makeSet = (name: ClientSet, ca: string, cert: string | null, crl?: string): void => {
    const d = join(dir, `client-${name}`);
    mkdirSync(d);
    copyFileSync(ca, join(d, "cacert.pem"));
    if (cert) {
      copyFileSync(cert, join(d, "clientcert.pem"));
      copyFileSync(leafKey, join(d, "clientkey.pem"));
    }
    if (crl) copyFileSync(crl, join(d, "cacrl.pem"));
    sets[name] = d;
  };
  makeSet("good", ca1, good);
  makeSet("revoked", ca1, revoked);
  makeSet("intruder", ca1, intruder);
  makeSet("nocert", ca1, null);
  makeSet("wrongca", ca2, wrongCa);
  makeSet("expiredclient", ca1, expiredClient);
  makeSet("revokesserver", ca1, good, serverCrl);
  return {
    dir,
    client: sets,
    ca1,
    crl: join(dir, "crl.pem"),
    leafKey,
    serverGood,
    serverWrongName,
    serverExpired,
    allowedDn: "C=GB,O=Virtwire,CN=client1",
  };
}

// --- libvirtd -------------------------------------------------------------------

export interface Daemon {
  readonly name: string;
  readonly dir: string;
  readonly pid: number;
  /** The daemon's unix socket (read-write, no auth). */
  readonly socket: string;
  stop(): Promise<void>;
}

export const SASL_USER = "alice";
export const SASL_PASSWORD = "s3cret-pass";

export interface DaemonSpec {
  name: string;
  address: string;
  /** libvirtd.conf lines beyond the common ones. */
  conf: string[];
  /** Cyrus SASL mech_list for this daemon. */
  mechs?: string;
  /** Port to wait for (16514 for TLS, 16509 for TCP); without one, the unix socket. */
  waitPort?: number;
}

async function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((r) => c.once("exit", () => r()));
  c.kill("SIGTERM");
  const ok = await Promise.race([exited.then(() => true), sleep(5000, false, { ref: false })]);
  if (!ok) {
    c.kill("SIGKILL");
    await exited;
  }
}

async function waitReady(c: ChildProcess, ready: () => Promise<boolean>, what: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await ready())) {
    if (c.exitCode !== null || c.signalCode !== null) throw new Error(`${what} exited (${c.exitCode ?? c.signalCode}): ${log()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within 15 s: ${log()}`);
    await sleep(10);
  }
}

/** One libvirtd in its own mount namespace with /run/libvirt bind-mounted from its folder. */
export async function startLibvirtd(root: string, spec: DaemonSpec): Promise<Daemon> {
  const dir = join(root, spec.name);
  const run = join(dir, "run");
  const drivers = join(dir, "drivers");
  const sasl = join(dir, "sasl");
  for (const d of [dir, run, drivers, sasl]) mkdirSync(d, { recursive: true });
  const db = join(sasl, "passwd.db");
  writeFileSync(join(sasl, "libvirt.conf"), `mech_list: ${spec.mechs ?? "scram-sha-256 scram-sha-1 digest-md5 plain"}\nsasldb_path: ${db}\n`);
  const pw = spawnSync("saslpasswd2", ["-p", "-c", "-a", "libvirt", "-f", db, SASL_USER], { input: SASL_PASSWORD });
  if (pw.status !== 0) throw new Error(`saslpasswd2 failed: ${pw.stderr}`);
  const log = join(dir, "libvirtd.log");
  const conf = join(dir, "libvirtd.conf");
  writeFileSync(
    conf,
    [
      `listen_addr = "${spec.address}"`,
      `unix_sock_dir = "${run}"`,
      'auth_unix_rw = "none"',
      'auth_unix_ro = "none"',
      `log_outputs = "3:file:${log}"`,
      ...spec.conf,
      "",
    ].join("\n"),
  );
  const pidfile = join(dir, "libvirtd.pid");
  // Something already answering there (another lab?) would pass for our daemon.
  if (spec.waitPort && (await canConnect({ host: spec.address, port: spec.waitPort }))) {
    throw new Error(`${spec.address}:${spec.waitPort} is already in use (another test run's daemons?)`);
  }
  const child = spawn(
    "unshare",
    [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      // pdeathsig: the daemon dies with this process even if it is killed before dispose().
      'mount --bind "$1" /run/libvirt && exec setpriv --pdeathsig TERM libvirtd -f "$2" -p "$3" --listen',
      "sh",
      run,
      conf,
      pidfile,
    ],
    { env: { ...process.env, LIBVIRT_DRIVER_DIR: drivers, SASL_CONF_PATH: sasl }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const readLog = (): string => {
    const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-5).join("\n") : "";
    return `${stderr.trim()} ${tail}`.trim();
  };
  try {
    const sock = join(run, "libvirt-sock");
    const target = spec.waitPort ? { host: spec.address, port: spec.waitPort } : { path: sock };
    await waitReady(child, () => canConnect(target), `libvirtd ${spec.name}`, readLog);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { name: spec.name, dir, pid: child.pid ?? -1, socket: join(run, "libvirt-sock"), stop: () => stopChild(child) };
}

// --- sshd -----------------------------------------------------------------------

export interface Sshd {
  readonly port: number;
  /** Private key the server accepts for root. */
  readonly keyfile: string;
  /** A known_hosts file naming the server's host key. */
  readonly knownHosts: string;
  /** A known_hosts file that does not know the server. */
  readonly emptyKnownHosts: string;
  /** A key the server does not accept. */
  readonly wrongKeyfile: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** An sshd on 127.0.0.1 (port 2222 unless taken) that lets root in with one key only. */
export async function startSshd(root: string): Promise<Sshd> {
  const dir = join(root, "sshd");
  mkdirSync(dir);
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const keygen = (name: string): string => {
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `virtwire-${name}`, "-f", name], dir);
    return join(dir, name);
  };
  const hostKey = keygen("host_key");
  const keyfile = keygen("client_key");
  const wrongKeyfile = keygen("wrong_key");
  writeFileSync(join(dir, "authorized_keys"), readFileSync(`${keyfile}.pub`));
  const port = (await canConnect({ host: "127.0.0.1", port: 2222 })) ? await freePort() : 2222;
  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PermitRootLogin prohibit-password",
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );
  const knownHosts = join(dir, "known_hosts");
  const hostPub = readFileSync(`${hostKey}.pub`, "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPub}\n`);
  const emptyKnownHosts = join(dir, "known_hosts.empty");
  writeFileSync(emptyKnownHosts, "");
  // sshd re-executes itself, which needs its absolute path.
  const child = spawn("setpriv", ["--pdeathsig", "TERM", "/usr/sbin/sshd", "-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  try {
    await waitReady(child, () => canConnect({ host: "127.0.0.1", port }), "sshd", () => stderr.trim());
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { port, keyfile, knownHosts, emptyKnownHosts, wrongKeyfile, stop: () => stopChild(child) };
}

// --- the lab ------------------------------------------------------------------------

export interface TlsLab {
  readonly root: string;
  readonly pki: Pki;
  readonly addr: Readonly<Record<DaemonName, string>>;
  readonly daemons: readonly Daemon[];
  /** Milliseconds the daemons took to start (all at once). */
  readonly startMs: number;
  dispose(): Promise<void>;
}

export const TLS_LAB_BINS = ["libvirtd", "certtool", "saslpasswd2", "unshare", "mount", "setpriv"] as const;

/**
 * Certificates plus the TLS/SASL daemons asked for (all by default):
 *  main: TLS without auth (CRL, allowed DN list) and TCP with SASL (DIGEST-MD5 only);
 *  sasl: TLS with SASL (SCRAM-SHA-256, SCRAM-SHA-1, DIGEST-MD5, PLAIN);
 *  wrongName: TLS with a certificate for another name;
 *  expired: TLS with an expired certificate;
 *  noMech: TLS with SASL offering only CRAM-MD5.
 */
export async function startTlsLab(net: number, only?: readonly DaemonName[]): Promise<TlsLab> {
  const root = mkdtempSync(join(tmpdir(), "virtwire-remote-"));
  const addr = labAddresses(net);
  const started: Daemon[] = [];
  try {
    const pki = makePki(root, addr);
    const tls = (cert: string, extra: string[] = []): string[] => [
      "listen_tls = 1",
      `key_file = "${pki.leafKey}"`,
      `cert_file = "${cert}"`,
      `ca_file = "${pki.ca1}"`,
      ...extra,
    ];
    const specs: Record<DaemonName, DaemonSpec> = {
      main: {
        name: "main",
        address: addr.main,
        waitPort: 16514,
        mechs: "digest-md5",
        conf: [
          ...tls(pki.serverGood, [`crl_file = "${pki.crl}"`, `tls_allowed_dn_list = ["${pki.allowedDn}"]`]),
          'auth_tls = "none"',
          "listen_tcp = 1",
          'auth_tcp = "sasl"',
        ],
      },
      sasl: { name: "sasl", address: addr.sasl, waitPort: 16514, conf: [...tls(pki.serverGood), 'auth_tls = "sasl"', "listen_tcp = 0"] },
      wrongName: { name: "wrongname", address: addr.wrongName, waitPort: 16514, conf: [...tls(pki.serverWrongName), 'auth_tls = "none"', "listen_tcp = 0"] },
      expired: {
        name: "expired",
        address: addr.expired,
        waitPort: 16514,
        // Without this the daemon refuses to start with its own expired certificate.
        conf: [...tls(pki.serverExpired, ["tls_no_sanity_certificate = 1"]), 'auth_tls = "none"', "listen_tcp = 0"],
      },
      noMech: {
        name: "nomech",
        address: addr.noMech,
        waitPort: 16514,
        mechs: "cram-md5",
        conf: [...tls(pki.serverGood), 'auth_tls = "sasl"', "listen_tcp = 0"],
      },
    };
    const wanted = only ?? (Object.keys(specs) as DaemonName[]);
    const t0 = performance.now();
    const results = await Promise.allSettled(wanted.map((n) => startLibvirtd(root, specs[n])));
    const startMs = performance.now() - t0;
    for (const r of results) if (r.status === "fulfilled") started.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    return {
      root,
      pki,
      addr,
      daemons: started,
      startMs,
      dispose: async () => {
        await Promise.all(started.map((d) => d.stop()));
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(started.map((d) => d.stop()));
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

export interface SshLab {
  readonly root: string;
  readonly sshd: Sshd;
  /** A private libvirtd (unix socket only) to reach through nc. */
  readonly daemon: Daemon;
  dispose(): Promise<void>;
}

export const SSH_LAB_BINS = ["libvirtd", "sshd", "ssh", "ssh-keygen", "nc", "saslpasswd2", "unshare", "mount", "setpriv"] as const;

/** An sshd plus a private unix-socket-only libvirtd behind it. */
export async function startSshLab(): Promise<SshLab> {
  const root = mkdtempSync(join(tmpdir(), "virtwire-ssh-"));
  const [d, h] = await Promise.allSettled([
    startLibvirtd(root, { name: "behind-ssh", address: "127.0.0.7", conf: ["listen_tls = 0", "listen_tcp = 0"] }),
    startSshd(root),
  ]);
  if (d.status === "rejected" || h.status === "rejected") {
    await Promise.all([d.status === "fulfilled" ? d.value.stop() : null, h.status === "fulfilled" ? h.value.stop() : null]);
    rmSync(root, { recursive: true, force: true });
    throw d.status === "rejected" ? d.reason : (h as PromiseRejectedResult).reason;
  }
  const daemon = d.value;
  const sshd = h.value;
  return {
    root,
    sshd,
    daemon,
    dispose: async () => {
      await Promise.all([sshd.stop(), daemon.stop()]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
