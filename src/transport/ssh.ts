import type { Transport } from "./transport.js";
import { sshArgv, type SshCommandOptions } from "./ssh-command.js";
import { spawnTransport } from "./child-stream.js";

export interface SshOptions extends SshCommandOptions {
  signal?: AbortSignal | undefined;
  /** Environment for ssh (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Reach libvirtd through the system ssh, as libvirt's client does: ssh runs
 * virt-ssh-helper or nc on the remote host and its stdin/stdout carry the
 * RPC stream. Host keys, agents and ~/.ssh/config work as for any ssh.
 */
export function openSsh(o: SshOptions): Promise<Transport> {
  const [file, ...args] = sshArgv(o);
  const where = `ssh to ${o.user ? `${o.user}@` : ""}${o.host}${o.port ? `:${o.port}` : ""}`;
  return spawnTransport(file!, args, {
    labels: { where, program: "ssh", eofText: "End of file while reading data" },
    kind: "ssh",
    secure: true,
    encrypted: true,
    signal: o.signal,
    env: o.env,
  });
}
