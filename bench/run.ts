// `npm run bench`: virtwire against libvirtd (and the embedded test driver), with
// libvirt-python and Sys::Virt doing the same work in the same run. Measures and prints;
// never a test. `--write` regenerates docs/benchmarks.md.
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { ConnectOptions } from "../src/index.js";
import { ALL_CASES, type BenchCase } from "./cases.js";
import { daemonPidFor } from "./daemon.js";
import { loadAverage, machineInfo } from "./machine.js";
import { parseOptions, type BenchOptions } from "./options.js";
import { peers, probePeer, runPeerCase, type Peer } from "./peers.js";
import { renderMarkdown, renderText, type Report } from "./report.js";
import { callsPerSecond, cpuUsPerCall, mergeResults, newRun, type CaseResult, type ClientId, type ClientRun } from "./results.js";
import { fmtFixed, fmtInt, mean } from "./stats.js";
import { VirtwireBench, formatLibvirtVersion } from "./virtwire-client.js";

const EMBEDDED_URI = "test:///default";
const CLIENT_IDS: readonly ClientId[] = ["virtwire", "busypoll", "python", "perl", "embedded"];
/** The opt-in busy polling window measured as its own client (microseconds). */
const BUSY_POLL_US = 250;
const DOCS = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** --only tokens select cases by id and clients by name; a token may do either. */
function select(o: BenchOptions): { cases: BenchCase[]; clients: Set<ClientId> } {
  const clientTokens = o.only.filter((t) => CLIENT_IDS.some((id) => id.includes(t)));
  const caseTokens = o.only.filter((t) => ALL_CASES.some((c) => c.id.includes(t)));
  const unknown = o.only.filter((t) => !clientTokens.includes(t) && !caseTokens.includes(t));
  if (unknown.length) throw new Error(`--only: "${unknown.join(",")}" names no case or client`);
  const cases = caseTokens.length ? ALL_CASES.filter((c) => caseTokens.some((t) => c.id.includes(t))) : [...ALL_CASES];
  const clients = new Set(clientTokens.length ? CLIENT_IDS.filter((id) => clientTokens.some((t) => id.includes(t))) : CLIENT_IDS);
  return { cases, clients };
}

function summary(r: CaseResult): string {
  if (r.kind === "latency") return `mean ${fmtFixed(mean(r.samplesMs), 3)} ms over ${r.samplesMs.length}`;
  return `${fmtInt(callsPerSecond(r))} calls/s, client CPU ${fmtFixed(cpuUsPerCall(r), 1)} us/call`;
}

async function openVirtwire(run: ClientRun, uri: string, options: ConnectOptions = {}): Promise<VirtwireBench | null> {
  try {
    return await VirtwireBench.open(uri, options);
  } catch (err) {
    run.unavailable = `cannot open ${uri}: ${(err as Error).message}`;
    return null;
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const { cases, clients } = select(o);
  const loadBefore = loadAverage();
  const notes: string[] = [];
  const load1 = Number(loadBefore.split(" ")[0]);
  if (load1 > availableParallelism() / 2) {
    notes.push(`the machine was busy (1-minute load ${load1.toFixed(2)} on ${availableParallelism()} CPUs): expect noisy numbers`);
  }

  // The daemon side: virtwire first, it also tells us whether libvirtd answers at all.
  const vwRun = newRun("virtwire", "virtwire");
  const vw = await openVirtwire(vwRun, o.uri);
  let libvirtd = "not reachable";
  let daemonPid: number | null = null;
  if (vw) {
    libvirtd = formatLibvirtVersion(await vw.connection.getLibraryVersion());
    vwRun.version = `virtwire (this tree), libvirtd ${libvirtd}`;
    daemonPid = daemonPidFor(o.uri);
    if (daemonPid === null) notes.push("libvirtd CPU not measured: no local process found listening at the URI's socket");
  } else {
    log(`libvirtd is not reachable at ${o.uri} (${vwRun.unavailable}).`);
    log("Daemon benchmarks skipped: start it with scripts/setup-libvirt.sh, or pass --uri=.");
  }

  const peerRuns = new Map<Peer, ClientRun>();
  for (const peer of peers(o.python, o.perl)) {
    if (!clients.has(peer.id)) continue;
    const run = newRun(peer.id, peer.label);
    if (!vw) run.unavailable = "libvirtd not reachable";
    else {
      const probe = await probePeer(peer);
      run.version = probe.version;
      if (probe.unavailable) run.unavailable = probe.unavailable;
    }
    peerRuns.set(peer, run);
  }

  const bpRun = newRun("busypoll", `virtwire, busyPoll ${BUSY_POLL_US} us`);
  const bp = vw && clients.has("busypoll") ? await openVirtwire(bpRun, o.uri, { busyPoll: BUSY_POLL_US }) : null;
  if (bp) bpRun.version = `virtwire (this tree) with connect(uri, { busyPoll: ${BUSY_POLL_US} }), opt-in`;
  else if (!vw) bpRun.unavailable = "libvirtd not reachable";

  const embRun = newRun("embedded", `virtwire embedded (${EMBEDDED_URI})`);
  const emb = clients.has("embedded") ? await openVirtwire(embRun, EMBEDDED_URI) : null;
  if (emb) embRun.version = "virtwire in-process test driver (client and server CPU in one process)";

  const inProcess = [vw, bp, emb].filter((b): b is VirtwireBench => b !== null);
  for (const b of inProcess) await b.prime(o.prime);

  // Clients take turns within each round of each case, so a load spike from
  // elsewhere hits them alike; the rounds of a case are summed.
  const roundOpts = {
    duration: o.duration / o.rounds,
    warmup: o.warmup,
    iterations: Math.max(1, Math.round(o.iterations / o.rounds)),
  };
  const record = (run: ClientRun, id: string, r: CaseResult): void => void run.results.set(id, mergeResults(run.results.get(id), r));
  type Turn = { run: ClientRun; go: () => Promise<void> };
  for (const c of cases) {
    const own = (run: ClientRun, bench: VirtwireBench, pid: number | null): Turn => ({
      run,
      go: async () => record(run, c.id, await bench.run(c, { ...roundOpts, daemonPid: pid })),
    });
    const turns: Turn[] = [];
    if (vw && clients.has("virtwire")) turns.push(own(vwRun, vw, daemonPid));
    if (bp) turns.push(own(bpRun, bp, daemonPid));
    for (const [peer, run] of peerRuns) {
      if (run.unavailable || !peer.supports(c)) continue;
      turns.push({
        run,
        go: async () => {
          const out = await runPeerCase(peer, c, { uri: o.uri, ...roundOpts, daemonPid });
          if (out.unavailable) throw new Error(out.unavailable);
          const r = out.results.get(c.id);
          if (!r) throw new Error(out.errors.get(c.id) ?? "no result");
          record(run, c.id, r);
        },
      });
    }
    if (emb) turns.push(own(embRun, emb, null));
    for (let round = 0; round < o.rounds; round++) {
      for (const t of turns) {
        if (t.run.errors.has(c.id)) continue;
        try {
          await t.go();
        } catch (err) {
          t.run.errors.set(c.id, (err as Error).message);
          t.run.results.delete(c.id);
          log(`${c.label} [${t.run.label}]: failed: ${(err as Error).message}`);
        }
      }
    }
    for (const t of turns) {
      const r = t.run.results.get(c.id);
      if (r) log(`${c.label} [${t.run.label}]: ${summary(r)}`);
    }
  }
  for (const b of inProcess) await b.close();

  const runs = [vwRun, bpRun, ...peerRuns.values(), embRun].filter((r) => clients.has(r.id));
  if (!vw && !emb) {
    log("Nothing to measure: neither libvirtd nor the embedded test driver is available.");
    return;
  }
  const report: Report = {
    date: new Date(),
    uri: o.uri,
    args: process.argv.slice(2),
    quick: o.quick,
    duration: o.duration,
    iterations: o.iterations,
    rounds: o.rounds,
    prime: o.prime,
    warmup: o.warmup,
    machine: machineInfo(libvirtd),
    loadBefore,
    loadAfter: loadAverage(),
    cases,
    runs,
    notes,
  };
  process.stdout.write(`\n${renderText(report)}`);
  if (o.write) {
    writeFileSync(DOCS, renderMarkdown(report));
    log(`wrote ${DOCS}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
