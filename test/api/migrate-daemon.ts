// A scripted libvirt daemon for the migration tests: answers every CALL from
// a handler table (real codec on both ends) and records what it received, so
// a test can check the exact sequence, arguments and bytes of a migration
// that spans two "hosts".
import { codecFor } from "../../src/xdr/codec.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import { Connection } from "../../src/api/connection.js";
import { parseUri } from "../../src/transport/uri.js";
import { fakeServer, procName } from "../helpers/fake-server.js";
import type { Frame } from "../../src/wire/frame-decoder.js";
import "../../src/api/features.js";

/** What a handler returns to make the call fail. */
export class Fail {
  constructor(
    readonly code: number,
    readonly domain: number,
    readonly message: string,
  ) {}
}

/** Returns the reply value, a Fail, or a promise of either. */
export type Handler = (args: Record<string, unknown>) => unknown;

export interface Received {
  /** Procedure name, e.g. "domain_migrate_begin3_params". */
  name: string;
  args: Record<string, unknown>;
  /** The CALL's payload bytes (after the header). */
  payload: Buffer;
}

export interface Daemon {
  conn: Connection;
  calls: Received[];
  /** Names of the calls received, CONNECT_SUPPORTS_FEATURE shown as "feature:N". */
  names(): string[];
  close(): void;
}

/** Features a QEMU daemon of libvirt 9.0 reports (V3, P2P, CHANGE_PROTECTION, OFFLINE, PARAMS). */
export const QEMU_FEATURES = new Set([1, 3, 4, 6, 7, 12, 13]);

export interface DaemonOptions {
  handlers?: Record<string, Handler>;
  features?: ReadonlySet<number>;
  /** Shared across daemons: every call is appended as "label:name". */
  log?: string[];
  label?: string;
  /** The URI the client "opened" the connection with (default qemu:///system). */
  uri?: string;
}

export function daemon(o: DaemonOptions = {}): Daemon {
  const features = o.features ?? QEMU_FEATURES;
  const srv = fakeServer();
  const calls: Received[] = [];
  let open = true;
  const all: Record<string, Handler> = {
    connect_supports_feature: (a) => ({ supported: features.has(a["feature"] as number) ? 1 : 0 }),
    ...o.handlers,
  };
  // Each call is answered on its own, so a slow handler does not hold up the next call.
  const handle = async (f: Frame): Promise<void> => {
    const name = procName(f);
    const def = REMOTE.procedures.find((p) => p.num === f.header.proc);
    const args = (def?.args ? codecFor(REMOTE.types, def.args).decode(f.payload) : {}) as Record<string, unknown>;
    calls.push({ name, args, payload: f.payload });
    o.log?.push(`${o.label ?? "?"}:${name === "connect_supports_feature" ? `feature:${String(args["feature"])}` : name}`);
    const h = all[name];
    if (!h) {
      srv.replyError(f, 39, 7, `unknown procedure: ${f.header.proc}`);
      return;
    }
    const r: unknown = await h(args);
    if (!open) return;
    if (r instanceof Fail) srv.replyError(f, r.code, r.domain, r.message);
    else srv.reply(f, r);
  };
  void (async () => {
    while (open) void handle(await srv.nextCall());
  })();
  const conn = new Connection(srv.client, parseUri(o.uri ?? "qemu:///system"), {
    readonly: false,
    callTimeout: 0,
    features: { keepalive: false, eventCallback: true, closeCallback: true },
  });
  return {
    conn,
    calls,
    names: () =>
      calls.map((c) => (c.name === "connect_supports_feature" ? `feature:${String(c.args["feature"])}` : c.name)),
    close: () => {
      open = false;
      srv.client.destroy();
    },
  };
}
