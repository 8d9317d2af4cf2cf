// What a running command sees: the (lazily opened) connection, the output
// streams, the global flags and the Ctrl+C signal.
import type { Writable, Readable } from "node:stream";
import { connect } from "../api/connect.js";
import type { Connection } from "../api/connection.js";
import type { Domain } from "../api/domain/handle.js";
import type { CallOptions } from "../rpc/call-options.js";
import { VirtError } from "../rpc/errors.js";
import { CliError, Interrupted } from "./errors.js";

export interface GlobalOptions {
  uri?: string;
  readonly: boolean;
  quiet: boolean;
  json: boolean;
  /** Console escape, as given to -e ("^]" by default). */
  escape: string;
  keepalive?: { interval: number; count: number } | false;
}

export interface Io {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

/** Which lookups virsh tries for a <domain> argument. */
export interface LookupBy {
  id?: boolean;
  uuid?: boolean;
  name?: boolean;
}

export class Ctx {
  private connP: Promise<Connection> | null = null;
  /** Set while a command owns the terminal (console) so exits can restore it. */
  readonly cleanups = new Set<() => void>();
  /** Per-command --json (on top of the global one). */
  jsonOverride = false;
  /** Reading commands from the shell prompt (cd works only there). */
  interactive = false;
  /** Set by quit/exit: no further command runs. */
  quitRequested = false;

  constructor(
    readonly opts: GlobalOptions,
    readonly io: Io,
    /** Ctrl+C; the shell gives each input line a fresh one. */
    public signal: AbortSignal,
  ) {}

  get json(): boolean {
    return this.opts.json || this.jsonOverride;
  }

  get quiet(): boolean {
    return this.opts.quiet;
  }

  /** Options for API calls: they are abandoned on Ctrl+C. */
  get call(): CallOptions {
    return { signal: this.signal };
  }

  /** vshPrintExtra: text that quiet mode suppresses. */
  extra(s: string): string {
    return this.quiet ? "" : s;
  }

  print(s: string): void {
    if (s) this.io.stdout.write(s);
  }

  printErr(s: string): void {
    if (s) this.io.stderr.write(s);
  }

  /** The connection, opened on first use (commands like help never connect). */
  conn(): Promise<Connection> {
    this.connP ??= this.open(this.opts.uri, this.opts.readonly);
    return this.connP;
  }

  private open(uri: string | undefined, readonly: boolean): Promise<Connection> {
    const ka = this.opts.keepalive;
    return connect(uri ?? process.env["VIRSH_DEFAULT_CONNECT_URI"] ?? null, {
      readonly,
      signal: this.signal,
      ...(ka === undefined ? {} : { keepalive: ka }),
    }).catch((err: unknown) => {
      if (this.signal.aborted) throw new Interrupted();
      throw new CliError("failed to connect to the hypervisor", { cause: err });
    });
  }

  /**
   * The connect command: the new connection replaces the old one only once it
   * is open, so a failed attempt leaves the shell where it was (as virsh does).
   */
  async reconnect(uri: string | undefined, readonly: boolean): Promise<string> {
    const next = this.open(uri, readonly);
    const c = await next;
    await this.close();
    this.connP = next;
    this.opts.uri = uri;
    this.opts.readonly = readonly;
    return c.getUri(this.call);
  }

  async close(): Promise<void> {
    if (!this.connP) return;
    try {
      const c = await this.connP;
      await c.close({ timeout: 2000 });
    } catch {
      // Nothing to close, or closing failed: the process is ending anyway.
    }
  }

  /**
   * virshLookupDomainBy: by id when the text is a non-negative integer, by
   * UUID when it is 36 characters long, then by name.
   */
  async domain(text: string, by: LookupBy = { id: true, uuid: true, name: true }): Promise<Domain> {
    const c = await this.conn();
    let last: unknown;
    const attempt = async (f: () => Promise<Domain>): Promise<Domain | null> => {
      try {
        return await f();
      } catch (err) {
        if (this.signal.aborted) throw new Interrupted();
        if (!(err instanceof VirtError)) throw err;
        last = err;
        return null;
      }
    };
    let dom: Domain | null = null;
    if (by.id && /^\+?\d+$/.test(text) && Number(text) <= 0x7fffffff) dom = await attempt(() => c.getDomainById(Number(text), this.call));
    if (!dom && by.uuid && text.length === 36) dom = await attempt(() => c.getDomainByUuid(text, this.call));
    if (!dom && by.name) dom = await attempt(() => c.getDomainByName(text, this.call));
    if (!dom) throw new CliError(`failed to get domain '${text}'`, { cause: last });
    return dom;
  }
}
