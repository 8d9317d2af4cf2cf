// The console session: a terminal in raw mode relayed to the domain's
// console stream until the escape character (Ctrl+] by default) is typed or
// the console closes. With stdin not a terminal it relays pipes instead:
// stdin goes to the console, console output to stdout, and after stdin ends
// the output is still relayed until the console has been quiet a moment.
import type { Domain } from "../api/domain/handle.js";
import type { RpcStream } from "../rpc/stream.js";
import { Domain as C } from "../protocol/generated/constants.js";
import type { Ctx } from "./context.js";
import { CliError, Interrupted } from "./errors.js";
import { enterRawMode, restoreTerminal } from "./terminal.js";

export interface ConsoleOptions {
  /** Resume the domain once connected (start/create --console started it paused). */
  resumeAfterConnect?: boolean;
  /** Pipe mode: milliseconds of console silence after stdin ended before leaving. */
  lingerMs?: number;
}

/** The byte an escape spec stands for: "^]" is Ctrl+], anything else its first character. */
export function escapeByte(spec: string): number {
  if (spec.length === 2 && spec[0] === "^") return (spec.charCodeAt(1) & 0x1f) >>> 0;
  if (spec.length === 1) return spec.charCodeAt(0);
  throw new CliError(`Invalid escape character '${spec}'`, { usage: true });
}

export function banner(name: string, escape: string): string {
  let s = `Connected to domain '${name}'\nEscape character is ${escape}`;
  if (escape[0] === "^") s += ` (Ctrl + ${escape[1]})`;
  return `${s}\n`;
}

export async function runConsole(ctx: Ctx, d: Domain, devname: string | null, flags: number, o: ConsoleOptions = {}): Promise<void> {
  const esc = escapeByte(ctx.opts.escape);
  let state: number;
  try {
    [state] = await d.getState(0, ctx.call);
  } catch (err) {
    throw new CliError("Unable to get domain status", { cause: err });
  }
  if (state === C.STATE_SHUTOFF) throw new CliError("The domain is not running");
  const interactive = ctx.io.stdin.isTTY === true;
  if (interactive) ctx.print(ctx.extra(banner(d.getName(), ctx.opts.escape)));
  const stream = await d.openConsole(devname, flags, ctx.call);
  if (o.resumeAfterConnect) await d.resume(ctx.call);
  await relay(ctx, stream, { interactive, esc, lingerMs: o.lingerMs ?? 1000 });
}

interface RelayOptions {
  interactive: boolean;
  esc: number;
  lingerMs: number;
}

function relay(ctx: Ctx, stream: RpcStream, o: RelayOptions): Promise<void> {
  const { stdin, stdout } = ctx.io;
  return new Promise<void>((resolve, reject) => {
    let finished = false;
    let idle: NodeJS.Timeout | null = null;
    let stdinEnded = false;

    const cleanup = (): void => {
      restoreTerminal();
      ctx.cleanups.delete(restoreTerminal);
      stdin.off("data", onInput);
      stdin.off("end", onInputEnd);
      stdin.pause();
      stream.off("data", onOutput);
      stream.off("end", onClosed);
      stream.off("close", onClosed);
      stream.off("error", onError);
      ctx.signal.removeEventListener("abort", onAbort);
      if (idle) clearTimeout(idle);
      // Leaving first: abort our end of the console (libvirt's stream abort).
      if (!stream.destroyed) stream.destroy();
    };
    const finish = (err?: unknown): void => {
      if (finished) return;
      finished = true;
      cleanup();
      if (err === undefined) resolve();
      else reject(err);
    };
    const armLinger = (): void => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => finish(), o.lingerMs);
    };

    function onOutput(chunk: Buffer): void {
      stdout.write(chunk);
      if (stdinEnded) armLinger();
    }
    function onInput(chunk: Buffer | string): void {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (o.interactive) {
        const at = buf.indexOf(o.esc);
        if (at >= 0) {
          if (at > 0) stream.write(buf.subarray(0, at));
          finish();
          return;
        }
      }
      stream.write(buf);
    }
    function onInputEnd(): void {
      stdinEnded = true;
      armLinger();
    }
    function onClosed(): void {
      finish();
    }
    function onError(err: Error): void {
      finish(err);
    }
    function onAbort(): void {
      finish(new Interrupted());
    }

    if (o.interactive && enterRawMode(stdin)) ctx.cleanups.add(restoreTerminal);
    stream.on("data", onOutput);
    stream.on("end", onClosed);
    stream.on("close", onClosed);
    stream.on("error", onError);
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    stdin.on("data", onInput);
    stdin.on("end", onInputEnd);
    stdin.resume();
  });
}
