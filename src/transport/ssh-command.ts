// The ssh command line libvirt 9.0's client runs for qemu+ssh:// URIs, built
// as data so it can be checked without a network.
import { RemoteOptionError } from "./errors.js";

export type SshProxy = "auto" | "netcat" | "native";

export interface SshCommandOptions {
  host: string;
  port?: number | null;
  user?: string | null;
  /** command=: the ssh binary (default "ssh"). */
  binary?: string;
  /** keyfile=: identity file passed with -i. */
  keyfile?: string;
  /** known_hosts=: host key file (ssh -o UserKnownHostsFile). */
  knownHosts?: string;
  /** known_hosts_verify=normal|auto|ignore (libvirt's libssh option, mapped to StrictHostKeyChecking). */
  knownHostsVerify?: string;
  /** no_verify=1: accept unknown host keys (StrictHostKeyChecking=no). */
  noVerify?: boolean;
  /** no_tty=1: never prompt (BatchMode=yes). */
  noTty?: boolean;
  /** netcat=: nc binary on the remote host. */
  netcat?: string;
  proxy?: SshProxy;
  /** Socket path on the remote host for nc. */
  socketPath: string;
  /** URI handed to virt-ssh-helper (the name the server opens). */
  driverUri: string;
  readonly: boolean;
}


/** Quote one word for a POSIX shell (bare when it needs no quoting). */
export function shellQuote(s: string): string {
  if (s !== "" && /^[A-Za-z0-9_./:+@%=,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The script the remote shell runs: virt-ssh-helper (proxy=native), nc -U
 * on the daemon socket (proxy=netcat, with -q0 where nc takes it, so it
 * exits when we close), or virt-ssh-helper when installed, else nc (auto).
 * A netcat= path means netcat in auto mode, as in libvirt.
 */
export function remoteScript(o: SshCommandOptions): string {
  let proxy = o.proxy ?? "auto";
  if (proxy === "native" && o.netcat !== undefined) throw new RemoteOptionError("netcat path not valid with native proxy mode");
  if (proxy === "auto" && o.netcat !== undefined) proxy = "netcat";
  const nc = shellQuote(o.netcat ?? "nc");
  const ncCmd =
    `if ${nc} -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;` +
    `${nc} $ARG -U ${shellQuote(o.socketPath)}`;
  const helper = `virt-ssh-helper${o.readonly ? " -r" : ""} ${shellQuote(o.driverUri)}`;
  switch (proxy) {
    case "netcat":
      return ncCmd;
    case "native":
      return helper;
    default:
      return `which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then ${helper}; else ${ncCmd}; fi`;
  }
}

function hostKeyOptions(o: SshCommandOptions): string[] {
  const out: string[] = [];
  const verify = o.knownHostsVerify?.toLowerCase();
  if (verify !== undefined && verify !== "normal" && verify !== "auto" && verify !== "ignore") {
    throw new RemoteOptionError(`Invalid host key verification method: '${o.knownHostsVerify}'`);
  }
  if (o.noVerify || verify === "ignore") out.push("-o", "StrictHostKeyChecking=no");
  else if (verify === "auto") out.push("-o", "StrictHostKeyChecking=accept-new");
  if (o.knownHosts !== undefined) out.push("-o", `UserKnownHostsFile=${o.knownHosts}`);
  return out;
}

/** argv for spawning ssh: [binary, ...args]. */
export function sshArgv(o: SshCommandOptions): string[] {
  const argv = [o.binary ?? "ssh"];
  if (o.port) argv.push("-p", String(o.port));
  if (o.user) argv.push("-l", o.user);
  if (o.keyfile) argv.push("-i", o.keyfile);
  argv.push("-T", "-e", "none");
  if (o.noTty) argv.push("-o", "BatchMode=yes");
  argv.push(...hostKeyOptions(o));
  // ssh joins the words after the host into one string for the remote shell.
  argv.push("--", o.host, `sh -c ${shellQuote(remoteScript(o))}`);
  return argv;
}
