// Load against a private libvirtd's test driver (never the machine's main
// daemon), or the embedded driver with --target embedded:
//   node --expose-gc build/scripts/load.js [--calls 1000000] [--conns 8] [--domains 10000] [--stats 1000] [--json out.json]
// 1. `calls` calls over `conns` connections, each subscribed to lifecycle
//    events while another connection suspends and resumes a domain in a
//    loop; errors counted (must be 0), every event must reach every
//    subscriber, RSS sampled (start, end, min, max).
// 2. `domains` domains defined on a private instance (test+unix:///ABS.xml),
//    then listed three ways.
// 3. getAllDomainStats over `stats` running domains.
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connect, Domain, type Connection } from "../src/index.js";
import { startOwnDaemon, type OwnDaemon } from "../test/helpers/own-daemon.js";

export interface LoadOptions {
  calls: number;
  conns: number;
  /** Calls in flight per connection. */
  depth: number;
  domains: number;
  stats: number;
  target: "daemon" | "embedded";
  log?: (s: string) => void;
}

export interface CallsResult {
  calls: number;
  conns: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  callsPerSecond: number;
  /** Suspend/resume cycles of the event generator; each makes two lifecycle events. */
  eventCycles: number;
  eventsExpectedPerConn: number;
  eventsReceived: number[];
  rssStartMB: number;
  /** RSS once 10 % of the calls were done (after warm-up: JIT, heap growth). */
  rssWarmMB: number;
  rssEndMB: number;
  rssMinMB: number;
  rssMaxMB: number;
  /** heapUsed after a full GC at start and end (needs --expose-gc), MB. */
  heapStartMB: number | null;
  heapEndMB: number | null;
}

export interface DomainsResult {
  defined: number;
  defineSeconds: number;
  listAll: number;
  listAllMs: number;
  listNames: number;
  numDefined: number;
  started: number;
  statsDomains: number;
  statsRecords: number;
  statsParams: number;
  statsMs: number;
  /** getAllDomainStats over every domain (running and not). */
  statsAllRecords: number;
  statsAllMs: number;
}

const mb = (n: number): number => Math.round((n / 1048576) * 10) / 10;

function gc(): number | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return null;
  g();
  g();
  return mb(process.memoryUsage().heapUsed);
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

const domXml = (name: string): string =>
  `<domain type='test'><name>${name}</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`;

/** The calls of one worker slot: a mix of five procedures with checked answers. */
function oneCall(conn: Connection, dom: Domain, i: number): Promise<boolean> {
  switch (i % 5) {
    case 0:
      return conn.getType().then((t) => t === "TEST");
    case 1:
      return dom.getState().then((s) => s[0] >= 1);
    case 2:
      return conn.getDomainByName("test").then((d) => d.getName() === "test");
    case 3:
      return dom.getMaxMemory().then((m) => m > 0n);
    default:
      return conn.getVersion().then((v) => v > 0n);
  }
}

export async function runCalls(uri: string, o: Pick<LoadOptions, "calls" | "conns" | "depth" | "log">): Promise<CallsResult> {
  const log = o.log ?? (() => {});
  const conns: Connection[] = [];
  const received: number[] = [];
  for (let c = 0; c < o.conns; c++) {
    const conn = await connect(uri);
    conns.push(conn);
    received.push(0);
    await conn.domainEventRegisterAny(null, Domain.EVENT_ID_LIFECYCLE, () => void received[c]!++);
  }
  const doms = await Promise.all(conns.map((c) => c.getDomainByName("test")));
  // The event source: its own connection, suspend/resume of "test" in a loop.
  const gen = await connect(uri);
  const gdom = await gen.getDomainByName("test");
  let cycles = 0;
  let stopGen = false;
  const generator = (async () => {
    while (!stopGen) {
      await gdom.suspend();
      await gdom.resume();
      cycles++;
    }
  })();
  const heapStart = gc();
  const rssStart = process.memoryUsage().rss;
  let rssMin = rssStart;
  let rssMax = rssStart;
  let done = 0;
  let rssWarm = 0;
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const t0 = Date.now();
  const sampler = setInterval(() => {
    const r = process.memoryUsage().rss;
    rssMin = Math.min(rssMin, r);
    rssMax = Math.max(rssMax, r);
    log(`calls ${done.toLocaleString("en")} / ${o.calls.toLocaleString("en")}, rss ${mb(r)} MB, events ${cycles * 2}`);
  }, 2000);
  const worker = async (c: number): Promise<void> => {
    while (next < o.calls) {
      const i = next++;
      try {
        if (!(await oneCall(conns[c]!, doms[c]!, i))) throw new Error(`call ${i}: wrong answer`);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
      done++;
      if (done === Math.ceil(o.calls / 10)) rssWarm = process.memoryUsage().rss;
    }
  };
  const workers: Promise<void>[] = [];
  for (let c = 0; c < o.conns; c++) for (let k = 0; k < o.depth; k++) workers.push(worker(c));
  await Promise.all(workers);
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  stopGen = true;
  await generator;
  const expected = cycles * 2;
  // Events are delivered after their call's reply: wait for the last ones.
  const deadline = Date.now() + 30_000;
  await until(() => received.every((n) => n >= expected) || Date.now() > deadline);
  const rssEnd = process.memoryUsage().rss;
  const heapEnd = gc();
  for (const c of [...conns, gen]) await c.close();
  return {
    calls: o.calls,
    conns: o.conns,
    errors,
    firstError,
    seconds,
    callsPerSecond: Math.round(o.calls / seconds),
    eventCycles: cycles,
    eventsExpectedPerConn: expected,
    eventsReceived: received,
    rssStartMB: mb(rssStart),
    rssWarmMB: mb(rssWarm),
    rssEndMB: mb(rssEnd),
    rssMinMB: mb(Math.min(rssMin, rssEnd)),
    rssMaxMB: mb(Math.max(rssMax, rssEnd)),
    heapStartMB: heapStart,
    heapEndMB: heapEnd,
  };
}

async function pool<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/** Define `domains` domains on the private instance at `uri`, list them, start `stats` and fetch their stats. */
export async function runDomains(uri: string, o: Pick<LoadOptions, "domains" | "stats" | "log">): Promise<DomainsResult> {
  const log = o.log ?? (() => {});
  const conn = await connect(uri);
  const base = (await conn.listAllDomains()).length;
  let t = Date.now();
  const doms = await pool(o.domains, 64, async (i) => {
    const d = await conn.defineDomain(domXml(`load-${String(i).padStart(5, "0")}`));
    if (i % 1000 === 999) log(`defined ${i + 1}`);
    return d;
  });
  const defineSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  const all = await conn.listAllDomains();
  const listAllMs = Date.now() - t;
  const names = await conn.listDefinedDomainNames(Math.min(16384, o.domains + base));
  const numDefined = await conn.numOfDefinedDomains();
  const chosen = doms.slice(0, o.stats);
  await pool(chosen.length, 64, (i) => chosen[i]!.create());
  t = Date.now();
  const recs = await conn.getAllDomainStats(0, chosen);
  const statsMs = Date.now() - t;
  t = Date.now();
  const recsAll = await conn.getAllDomainStats(0);
  const statsAllMs = Date.now() - t;
  await conn.close();
  return {
    defined: doms.length,
    defineSeconds,
    listAll: all.length - base,
    listAllMs,
    listNames: names.filter((n) => n.startsWith("load-")).length,
    numDefined,
    started: chosen.length,
    statsDomains: chosen.length,
    statsRecords: recs.length,
    statsParams: recs.reduce((a, r) => a + Object.keys(r.data).length, 0),
    statsMs,
    statsAllRecords: recsAll.length,
    statsAllMs,
  };
}

export interface LoadReport {
  target: string;
  calls: CallsResult;
  domains: DomainsResult;
}

/** Start a private daemon (or use the embedded driver), run both parts, clean up. */
export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  let daemon: OwnDaemon | null = null;
  const dir = mkdtempSync(join(tmpdir(), "virtwire-load-"));
  chmodSync(dir, 0o755);
  const node = join(dir, "node.xml");
  writeFileSync(node, "<node></node>\n");
  try {
    let base: (path: string) => string;
    if (o.target === "daemon") {
      // Room for the calls in flight; events ride on the same connections.
      daemon = await startOwnDaemon({ tag: "virtwire-load", config: { max_client_requests: 5 } });
      const d = daemon;
      base = (p) => d.uri(p);
    } else {
      base = (p) => `test://${p}`;
    }
    const calls = await runCalls(base("/default"), o);
    const domains = await runDomains(base(node), o);
    return { target: o.target, calls, domains };
  } finally {
    await daemon?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function summarizeLoad(r: LoadReport): string {
  const c = r.calls;
  const d = r.domains;
  return [
    `load (${r.target}): ${c.calls.toLocaleString("en")} calls over ${c.conns} connections in ${c.seconds.toFixed(1)} s (${c.callsPerSecond.toLocaleString("en")}/s), errors ${c.errors}${c.firstError ? ` (first: ${c.firstError})` : ""}`,
    `  events: ${c.eventCycles} suspend/resume cycles = ${c.eventsExpectedPerConn} lifecycle events per connection; received ${c.eventsReceived.join(", ")}`,
    `  rss start ${c.rssStartMB} MB, after 10 % ${c.rssWarmMB} MB, end ${c.rssEndMB} MB (min ${c.rssMinMB}, max ${c.rssMaxMB}); heap after GC start ${c.heapStartMB ?? "n/a"} MB, end ${c.heapEndMB ?? "n/a"} MB`,
    `domains: ${d.defined.toLocaleString("en")} defined in ${d.defineSeconds.toFixed(1)} s; listAllDomains ${d.listAll.toLocaleString("en")} in ${d.listAllMs} ms; listDefinedDomainNames ${d.listNames.toLocaleString("en")}; numOfDefinedDomains ${d.numDefined.toLocaleString("en")}`,
    `stats: getAllDomainStats over ${d.statsDomains.toLocaleString("en")} running domains: ${d.statsRecords.toLocaleString("en")} records, ${d.statsParams.toLocaleString("en")} values in ${d.statsMs} ms; over all: ${d.statsAllRecords.toLocaleString("en")} records in ${d.statsAllMs} ms`,
  ].join("\n");
}

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

async function main(): Promise<void> {
  const report = await runLoad({
    calls: Number(arg("calls", "1000000")),
    conns: Number(arg("conns", "8")),
    depth: Number(arg("depth", "16")),
    domains: Number(arg("domains", "10000")),
    stats: Number(arg("stats", "1000")),
    target: arg("target", "daemon") === "embedded" ? "embedded" : "daemon",
    log: process.argv.includes("--quiet") ? undefined : (s) => process.stderr.write(`\r${s}        `),
  });
  process.stderr.write("\n");
  console.log(summarizeLoad(report));
  const json = arg("json", "");
  if (json) writeFileSync(json, JSON.stringify(report, null, 1));
  const c = report.calls;
  if (c.errors > 0 || c.eventsReceived.some((n) => n !== c.eventsExpectedPerConn)) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
