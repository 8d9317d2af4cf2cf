// The sweep behind test/validation/sweep.test.ts and the reliability report:
// every public method, every argument position, bad values. Each call must
// end with a VirtError or an XDR ProtocolError (never a TypeError, a crash
// or a hang); values that no parameter can accept must be refused before
// anything is sent; bad call options likewise.
import type { Readable } from "node:stream";
import { VirtError, ProtocolError } from "../../src/index.js";
import { faulty } from "../faults/harness.js";
import { publicMethods, type Method } from "./api-surface.js";

const BIG_STRING = "x".repeat(4194305);
const BIG_ARRAY: number[] = new Array<number>(70000).fill(0);

/** Values no parameter accepts (callbacks aside for the function). */
const NEVER: Record<string, unknown> = {
  symbol: Symbol("x"),
  function: () => 1,
  NaN: Number.NaN,
  "10n**30n": 10n ** 30n,
  "4 MiB + 1 string": BIG_STRING,
  "70,000 array": BIG_ARRAY,
};
/** Values some parameters accept: they may be sent, but must never crash. */
const SOMETIMES: Record<string, unknown> = { "{}": {}, "-1": -1, "1.5": 1.5, "2**53": 2 ** 53, '"1"': "1", null: null };
const BAD_OPTIONS: Record<string, unknown> = {
  '"x"': "x",
  symbol: Symbol("o"),
  'timeout "soon"': { timeout: "soon" },
  "timeout -5": { timeout: -5 },
  "timeout 2**40": { timeout: 2 ** 40 },
  "signal {}": { signal: {} },
};
const STREAM_OPTIONS: Record<string, unknown> = { "maxBufferedBytes -1": { maxBufferedBytes: -1 } };

// Arrays of valid event ids and callbacks are acceptable where they are the parameter's type.
const ACCEPTS: Record<string, string[]> = {
  "Connection.domainEvents eventIds": ["70,000 array"],
  "Connection.registerCloseCallback cb": ["function"],
  "Connection.domainEventRegisterAny cb": ["function"],
};
// A well-formed descriptor list is refused as unsendable (VIR_ERR_NO_SUPPORT).
const REFUSED_WITH: Record<string, number> = {
  "Connection.createDomainWithFiles fds 70,000 array": 3,
  "Domain.createWithFiles fds 70,000 array": 3,
};
const FEATURE_PROBE = 60; // connect_supports_feature: a read-only probe some calls make first

interface Outcome {
  error: unknown;
  sync: boolean;
  sent: number[];
}

async function invoke(log: number[], target: object, m: Method, args: unknown[]): Promise<Outcome> {
  const start = log.length;
  let sync = false;
  let error: unknown = null;
  try {
    let r: unknown;
    try {
      r = (target as Record<string, (...a: unknown[]) => unknown>)[m.name]!(...args);
    } catch (e) {
      sync = true;
      throw e;
    }
    const v = await r;
    // Streams and iterators that did open are closed again.
    const s = (v as { stream?: Readable } | null)?.stream ?? v;
    if (s && typeof (s as Readable).destroy === "function" && typeof (s as Readable).pipe === "function") (s as Readable).destroy();
    if (s && typeof (s as { close?: unknown }).close === "function" && m.name === "domainEvents") await (s as { close(): Promise<void> }).close();
  } catch (e) {
    error = e;
  }
  await new Promise((r) => setImmediate(r));
  return { error, sync, sent: log.slice(start) };
}

function acceptable(e: unknown): boolean {
  return e instanceof VirtError || (e instanceof ProtocolError && e.code.startsWith("XDR_"));
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}${"code" in e ? ` ${String((e as { code: unknown }).code)}` : ""}: ${e.message.slice(0, 120)}` : String(e);
}

export interface SweepResult {
  methods: number;
  /** Invocations made. */
  calls: number;
  /** Ended with an error before anything was sent. */
  refusedLocally: number;
  /** Sent something (a value the parameter accepts, or a read-only probe first). */
  sentLegit: number;
  problems: string[];
}

/** Run the sweep on a fresh embedded connection. */
export async function sweepApi(): Promise<SweepResult> {
  const f = await faulty();
  const log: number[] = [];
  f.hooks.onReceive = (h) => void log.push(h.proc);
  // Instances of each class: a snapshot of "test", a checkpoint of a second domain.
  const snap = await f.dom.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>");
  const other = await f.conn.defineDomain(
        "<domain type='test'><name>sweep2</name><memory>65536</memory><os><type>hvm</type></os>" +
      "<devices><disk type='file' device='disk'><source file='/nonexistent/sweep2.img'/><target dev='vda'/></disk></devices></domain>",
  );
  await other.create();
  const ckpt = await other.createCheckpoint("<domaincheckpoint><name>c1</name></domaincheckpoint>");
  const targets: Record<string, object> = { Connection: f.conn, Domain: f.dom, DomainSnapshot: snap, DomainCheckpoint: ckpt };
  const problems: string[] = [];
  let calls = 0;
  let refusedLocally = 0;
  let sentLegit = 0;
  // close() is best effort by design (any options, never fails); it would end the sweep.
  for (const m of publicMethods().filter((x) => !(x.cls === "Connection" && x.name === "close"))) {
    for (let i = 0; i < m.params.length; i++) {
      const p = m.params[i]!;
      if (p.startsWith("...")) continue;
      const isOpts = /opts$/.test(p);
      const isStream = ["openConsole", "openChannel", "screenshot"].includes(m.name);
      const values = isOpts ? { ...BAD_OPTIONS, ...(isStream ? STREAM_OPTIONS : {}) } : { ...NEVER, ...SOMETIMES };
      for (const [label, v] of Object.entries(values)) {
        const args: unknown[] = [];
        args[i] = v;
        const o = await invoke(log, targets[m.cls]!, m, args);
        calls++;
        if (o.error !== null && o.sent.length === 0) refusedLocally++;
        else if (o.sent.length > 0) sentLegit++;
        const where = `${m.cls}.${m.name}(${p} = ${label})`;
        const accepted = ACCEPTS[`${m.cls}.${m.name} ${p}`]?.includes(label) ?? false;
        if (o.error !== null && !acceptable(o.error)) problems.push(`${where}: ${describe(o.error)}`);
        if (o.sync && !m.sync) problems.push(`${where}: threw synchronously`);
        const mustRefuse = !accepted && (isOpts ? !(m.name === "unregisterCloseCallback") : label in NEVER);
        if (!mustRefuse) continue;
        const real = o.sent.filter((proc) => proc !== FEATURE_PROBE);
        if (o.error === null) problems.push(`${where}: accepted`);
        else if (real.length > 0) problems.push(`${where}: sent procedure(s) ${real.join(",")} before failing`);
        else if (
          o.sent.length === 0 &&
          !(o.error instanceof ProtocolError || (o.error instanceof VirtError && o.error.code === (REFUSED_WITH[`${m.cls}.${m.name} ${p} ${label}`] ?? 8)))
        ) {
          problems.push(`${where}: refused with ${describe(o.error)}, expected VirtError 8 or an XDR error`);
        }
      }
    }
  }
  f.rpc.destroy();
  return { methods: publicMethods().length, calls, refusedLocally, sentLegit, problems };
}
