// Failures the CLI reports the way virsh does: "error: <context>" lines first
// (virsh's vshError calls), then libvirt's own message (vshReportError).
import { VirtError } from "../rpc/errors.js";

export interface CliErrorOptions {
  /** The command line was wrong; the command never ran (virsh then prints no trailing newline). */
  usage?: boolean;
  /** The libvirt (or other) failure behind this message, printed after it. */
  cause?: unknown;
}

/** A message virsh itself would print with vshError. */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly usage: boolean;
  constructor(message: string, opts: CliErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.usage = opts.usage ?? false;
  }
}

/** Ctrl+C: the in-flight call was abandoned. */
export class Interrupted extends Error {
  override readonly name = "Interrupted";
  constructor() {
    super("interrupted");
  }
}

/** Run `p`; if it fails, report `context` before the failure (virsh's "Failed to ..." line). */
export async function withContext<T>(context: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof Interrupted) throw err;
    throw new CliError(context, { cause: err });
  }
}

export interface ErrorReport {
  /** The lines virsh prints after "error: ". */
  lines: string[];
  usage: boolean;
  /** libvirt's code and error domain, when libvirt said no. */
  code?: number;
  domain?: number;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Flatten a failure chain into virsh's error lines. */
export function describeError(err: unknown): ErrorReport {
  const lines: string[] = [];
  let usage = false;
  let cur: unknown = err;
  let virt: VirtError | undefined;
  while (cur !== undefined) {
    if (cur instanceof CliError) {
      lines.push(cur.message);
      usage ||= cur.usage;
      cur = cur.cause;
      continue;
    }
    if (cur instanceof VirtError) virt = cur;
    lines.push(messageOf(cur));
    break;
  }
  const report: ErrorReport = { lines, usage };
  if (virt) {
    report.code = virt.code;
    report.domain = virt.domain;
  }
  return report;
}
