// A Connection on the embedded test hypervisor whose server misbehaves on
// demand: fault hooks are switched on after the handshake, raw frames can be
// pushed at the client, and a standard set of calls with known answers shows
// which calls a fault breaks and that the others complete.
import type { Duplex } from "node:stream";
import { Connection } from "../../src/api/connection.js";
import "../../src/api/features.js";
import { Domain } from "../../src/api/domain/index.js";
import { RpcClient } from "../../src/rpc/client.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import { QEMU } from "../../src/protocol/generated/qemu.js";
import { KEEPALIVE } from "../../src/protocol/generated/keepalive.js";
import { withNewerEvents } from "../../src/rpc/events-protocol.js";
import type { KeepaliveOptions } from "../../src/rpc/keepalive.js";
import type { CallOptions } from "../../src/rpc/call-options.js";
import { memoryPair, memoryTransport } from "../../src/transport/memory.js";
import { parseUri } from "../../src/transport/uri.js";
import { serveEmbedded, defaultHypervisor, type EmbeddedServer, type Hypervisor, type ServeOptions } from "../../src/embedded/index.js";
import type { FaultHooks } from "../../src/embedded/faults.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { MessageType, Program, Status } from "../../src/wire/constants.js";
import type { Header } from "../../src/wire/header.js";
import { codecFor } from "../../src/xdr/codec.js";

export const PROGRAM = withNewerEvents(REMOTE);

export interface Faulty {
  conn: Connection;
  rpc: RpcClient;
  dom: Domain;
  hv: Hypervisor;
  server: EmbeddedServer;
  /** The server's end of the byte stream (pause it to stop reading for real). */
  serverEnd: Duplex;
  /** Fault hooks, consulted only after the handshake. */
  hooks: FaultHooks;
  /** Warnings the engine emitted (dropped replies, undecodable pushes). */
  warnings: Error[];
  /** Write raw bytes to the client, as if the server sent them. */
  inject(bytes: Buffer): void;
}

export interface FaultyOptions {
  /** Client keepalive (off by default). */
  keepalive?: KeepaliveOptions | false;
  serve?: ServeOptions;
  /** Serve this instance (two connections on one instance see each other's events). */
  hv?: Hypervisor;
  /** The connection's default call timeout in ms (0, none, by default). */
  callTimeout?: number;
  /** Leave the callback features unknown, so their first need probes the server. */
  probeFeatures?: boolean;
}

/** A connected, opened Connection to a fresh test:///default instance. */
export async function faulty(o: FaultyOptions = {}): Promise<Faulty> {
  const [clientEnd, serverEnd] = memoryPair();
  const hooks: FaultHooks = {};
  let armed = false;
  const hv = o.hv ?? defaultHypervisor();
  const server = serveEmbedded(serverEnd, hv, {
    ...o.serve,
    faults: {
      onSend: (frame, info) => (armed ? hooks.onSend?.(frame, info) : undefined),
      onReceive: (h) => (armed ? hooks.onReceive?.(h) : undefined),
    },
  });
  const rpc = new RpcClient(memoryTransport(clientEnd), { programs: [PROGRAM, QEMU, KEEPALIVE], keepalive: o.keepalive ?? false });
  const warnings: Error[] = [];
  rpc.on("warning", (w: Error) => warnings.push(w));
  const ka = await rpc.call<{ supported: number }>("connect_supports_feature", { feature: 10 });
  await rpc.call("connect_open", { name: "test:///default", flags: 0 });
  if (ka.supported && o.keepalive) rpc.startKeepalive();
  const conn = new Connection(rpc, parseUri("test:///default"), {
    readonly: false,
    callTimeout: o.callTimeout ?? 0,
    features: { keepalive: ka.supported !== 0, ...(o.probeFeatures ? {} : { eventCallback: true, closeCallback: true }) },
  });
  const dom = await conn.getDomainByName("test");
  armed = true;
  return { conn, rpc, dom, hv, server, serverEnd, hooks, warnings, inject: (b) => void serverEnd.write(b) };
}

/** One call per entry, each a different procedure, with answers known on the default instance. */
export const CALLS = {
  type: { proc: "connect_get_type", run: (f: Faulty, o?: CallOptions) => f.conn.getType(o) },
  hostname: { proc: "connect_get_hostname", run: (f: Faulty, o?: CallOptions) => f.conn.getHostname(o) },
  version: { proc: "connect_get_version", run: (f: Faulty, o?: CallOptions) => f.conn.getVersion(o) },
  libVersion: { proc: "connect_get_lib_version", run: (f: Faulty, o?: CallOptions) => f.conn.getLibraryVersion(o) },
  uri: { proc: "connect_get_uri", run: (f: Faulty, o?: CallOptions) => f.conn.getUri(o) },
  nodeInfo: { proc: "node_get_info", run: (f: Faulty, o?: CallOptions) => f.conn.getNodeInfo(o) },
  list: {
    proc: "connect_list_all_domains",
    run: async (f: Faulty, o?: CallOptions) => (await f.conn.listAllDomains(0, o)).map((d) => d.getName()),
  },
  // (getInfo's cpuTime follows the clock; getState is stable.)
  state: { proc: "domain_get_state", run: (f: Faulty, o?: CallOptions) => f.dom.getState(0, o) },
  xml: { proc: "domain_get_xml_desc", run: (f: Faulty, o?: CallOptions) => f.dom.getXmlDescription(0, o) },
  maxMem: { proc: "domain_get_max_memory", run: (f: Faulty, o?: CallOptions) => f.dom.getMaxMemory(o) },
} as const;

export type CallName = keyof typeof CALLS;
export const CALL_NAMES = Object.keys(CALLS) as CallName[];

export type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

/** Start every call of CALLS at once (same tick, one write) and wait for all. */
export async function runAll(f: Faulty, opts?: CallOptions): Promise<Record<CallName, Outcome>> {
  const settled = await Promise.allSettled(CALL_NAMES.map((n) => CALLS[n].run(f, opts)));
  const out = {} as Record<CallName, Outcome>;
  settled.forEach((s, i) => {
    out[CALL_NAMES[i]!] = s.status === "fulfilled" ? { ok: true, value: s.value } : { ok: false, error: s.reason as Error };
  });
  return out;
}

let expected: Record<CallName, unknown> | null = null;

/** The answers of a fault-free server. */
export async function expectedAnswers(): Promise<Record<CallName, unknown>> {
  if (expected) return expected;
  const f = await faulty();
  const out = await runAll(f);
  const e = {} as Record<CallName, unknown>;
  for (const n of CALL_NAMES) {
    const o = out[n];
    if (!o.ok) throw o.error;
    e[n] = o.value;
  }
  f.rpc.destroy();
  expected = e;
  return e;
}

/** Names of the calls that failed, and a check that the others returned the fault-free answers. */
export function failedCalls(out: Record<CallName, Outcome>, answers: Record<CallName, unknown>, equal: (a: unknown, b: unknown) => boolean): CallName[] {
  const failed: CallName[] = [];
  for (const n of CALL_NAMES) {
    const o = out[n];
    if (!o.ok) failed.push(n);
    else if (!equal(o.value, answers[n])) throw new Error(`${n} completed with a wrong answer: ${String(o.value)}`);
  }
  return failed;
}

/** The procedure name of a CALLS entry (fault hooks match on it). */
export function procOf(n: CallName): string {
  return CALLS[n].proc;
}

const EVENT_HEADER: Header = { prog: Program.REMOTE, vers: 1, proc: 0, type: MessageType.MESSAGE, serial: 0, status: Status.OK };

/** An event message frame as libvirtd sends it. */
export function eventFrame(procName: string, body: unknown): Buffer {
  const d = PROGRAM.procedures.find((p) => p.name === procName);
  if (!d?.args) throw new Error(`no event ${procName}`);
  return encodeFrame({ ...EVENT_HEADER, proc: d.num }, codecFor(PROGRAM.types, d.args).encode(body));
}

/** The frame's payload decoded with its REPLY type (for rewriting replies in fault hooks). */
export function replyBody(frame: Buffer): unknown {
  const proc = frame.readInt32BE(12);
  const d = PROGRAM.procedures.find((p) => p.num === proc)!;
  return codecFor(PROGRAM.types, d.ret!).decode(frame.subarray(28));
}

/** Wait until `cond` holds; the test's timeout bounds the wait. */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
}
