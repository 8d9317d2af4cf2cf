import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { Duplex } from "node:stream";
import type { Transport } from "./transport.js";
import { TransportError } from "./errors.js";
import { sshArgv, type SshCommandOptions } from "./ssh-command.js";

// ssh's diagnostics are short; keep the tail if a broken helper floods stderr.
const STDERR_KEEP = 8192;

/**
 * The child's stdout and stdin as one Duplex. When the child is gone, the
 * stream ends cleanly if ssh exited 0, and otherwise fails with ssh's own
 * words (its stderr), as libvirt reports them.
 */
class ChildStream extends Duplex {
  private stderr = "";
  private stdoutEnded = false;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly what: string,
  ) {
    super();
    child.stdout.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stdout.on("end", () => {
      this.stdoutEnded = true;
      this.settle();
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => {
      this.stderr = (this.stderr + s).slice(-STDERR_KEEP);
    });
    // EPIPE when ssh died before reading what we wrote: the exit path reports it.
    child.stdin.on("error", () => {});
    // Spawn errors are handled by openSsh; later ones show up as the exit.
    child.on("error", () => {});
    child.on("close", (code, signal) => {
      this.exit = { code, signal };
      this.settle();
    });
  }

  /** Text ssh printed, trimmed (empty if none). */
  get diagnostics(): string {
    return this.stderr.trim();
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.child.stdin.destroyed) {
      cb(this.failure() ?? new TransportError(`${this.what}: ssh is not running`));
      return;
    }
    this.child.stdin.write(chunk, (err) => cb(err ? this.failure() ?? err : null));
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.child.stdin.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.child.stdin.destroy();
    this.child.stdout.destroy();
    if (this.exit === null && this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    cb(err);
  }

  private failure(): Error | null {
    const e = this.exit;
    const text = this.diagnostics;
    if (e === null && !text) return null;
    const how = e === null ? "" : e.signal ? ` (ssh killed by ${e.signal})` : e.code ? ` (ssh exited with status ${e.code})` : "";
    return new TransportError(`${this.what}: End of file while reading data${text ? `: ${text}` : ""}${how}`, {
      code: "SSH_EXIT",
    });
  }

  /** Both stdout drained and the child reaped: end or fail the stream. */
  private settle(): void {
    if (!this.stdoutEnded || this.exit === null || this.destroyed) return;
    const e = this.exit;
    // A clean exit is a normal close even if ssh printed warnings.
    if (e.code === 0 && !e.signal) this.push(null);
    else this.destroy(this.failure() ?? undefined);
  }
}

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
export async function openSsh(o: SshOptions): Promise<Transport> {
  const [file, ...args] = sshArgv(o);
  if (o.signal?.aborted) throw o.signal.reason;
  const child = spawn(file!, args, { stdio: ["pipe", "pipe", "pipe"], env: o.env ?? process.env });
  const where = `ssh to ${o.user ? `${o.user}@` : ""}${o.host}${o.port ? `:${o.port}` : ""}`;
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      child.kill("SIGTERM");
      reject(o.signal!.reason);
    };
    o.signal?.addEventListener("abort", onAbort, { once: true });
    child.once("spawn", () => {
      o.signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    child.once("error", (err: NodeJS.ErrnoException) => {
      o.signal?.removeEventListener("abort", onAbort);
      reject(new TransportError(`cannot run '${file}' for ${where}: ${err.message}`, { cause: err, code: err.code }));
    });
  });
  const stream = new ChildStream(child, where);
  return {
    stream,
    kind: "ssh",
    secure: true,
    encrypted: true,
    canPassFds: false,
    destroy: (err) => stream.destroy(err),
  };
}
