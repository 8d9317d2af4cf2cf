import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { Duplex } from "node:stream";
import type { Transport } from "./transport.js";
import { TransportError } from "./errors.js";

// Diagnostics are short; keep the tail if a broken helper floods stderr.
const STDERR_KEEP = 8192;

/** How a program carrying the RPC stream is named in messages. */
export interface ChildLabels {
  /** Where the stream goes ("ssh to root@host"), prefixing every message. */
  where: string;
  /** The program's short name ("ssh"), for "<program> exited with status N". */
  program: string;
  /** libvirt's words when the stream ends in failure. */
  eofText: string;
}

/**
 * The child's stdout and stdin as one Duplex. When the child is gone, the
 * stream ends cleanly if it exited 0, and otherwise fails with the child's
 * own words (its stderr), as libvirt reports them.
 */
class ChildStream extends Duplex {
  private stderr = "";
  private stdoutEnded = false;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly labels: ChildLabels,
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
    // EPIPE when the child died before reading what we wrote: the exit path reports it.
    child.stdin.on("error", () => {});
    // Spawn errors are handled by spawnTransport; later ones show up as the exit.
    child.on("error", () => {});
    child.on("close", (code, signal) => {
      this.exit = { code, signal };
      this.settle();
    });
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.child.stdin.destroyed) {
      cb(this.failure() ?? new TransportError(`${this.labels.where}: ${this.labels.program} is not running`));
      return;
    }
    this.child.stdin.write(chunk, (err) => {
      if (!err) cb(null);
      // EPIPE: the child is dying. Its exit status and stderr say why, so
      // wait for them rather than report a bare EPIPE.
      else if (this.exit !== null) cb(this.failure() ?? err);
      else this.child.once("close", () => cb(this.failure() ?? err));
    });
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
    const text = this.stderr.trim();
    if (e === null && !text) return null;
    const p = this.labels.program;
    const how = e === null ? "" : e.signal ? ` (${p} killed by ${e.signal})` : e.code ? ` (${p} exited with status ${e.code})` : "";
    return new TransportError(`${this.labels.where}: ${this.labels.eofText}${text ? `: ${text}` : ""}${how}`, {
      code: "CHILD_EXIT",
    });
  }

  /** Both stdout drained and the child reaped: end or fail the stream. */
  private settle(): void {
    if (!this.stdoutEnded || this.exit === null || this.destroyed) return;
    const e = this.exit;
    // A clean exit is a normal close even if the child printed warnings.
    if (e.code === 0 && !e.signal) this.push(null);
    else this.destroy(this.failure() ?? undefined);
  }
}

export interface SpawnTransportOptions {
  labels: ChildLabels;
  kind: Transport["kind"];
  /** libvirt's is_secure: ssh is, an arbitrary external command is not. */
  secure: boolean;
  /** Bytes encrypted on the way (ssh). */
  encrypted: boolean;
  signal?: AbortSignal | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

/** Run `file args...` and carry the RPC stream over its stdin and stdout. */
export async function spawnTransport(file: string, args: readonly string[], o: SpawnTransportOptions): Promise<Transport> {
  if (o.signal?.aborted) throw o.signal.reason;
  const child = spawn(file, args, { stdio: ["pipe", "pipe", "pipe"], env: o.env ?? process.env });
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
      reject(new TransportError(`cannot run '${file}' for ${o.labels.where}: ${err.message}`, { cause: err, code: err.code }));
    });
  });
  const stream = new ChildStream(child, o.labels);
  return {
    stream,
    kind: o.kind,
    secure: o.secure,
    encrypted: o.encrypted,
    canPassFds: false,
    destroy: (err) => stream.destroy(err),
  };
}
