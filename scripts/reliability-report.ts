// Regenerates docs/reliability.md from fresh runs: the long fuzz, the
// faulty-server scenarios, the real-daemon faults (private libvirtds only),
// the load run and the API validation sweep.
//   node --expose-gc build/scripts/reliability-report.js [--fuzz-inputs 10000000] [--calls 1000000]
//        [--domains 10000] [--stats 1000] [--workers 2] [--out docs/reliability.md]
//        [--fuzz-json F] [--load-json F]   (reuse a saved run of scripts/fuzz.ts / scripts/load.ts)
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fuzzLong, type FuzzReport } from "./fuzz.js";
import { runLoad, type LoadReport } from "./load.js";
import { runScenarios, type ScenarioRow } from "../test/faults/scenarios.js";
import { daemonFigures, type DaemonFigures } from "../test/daemon-faults/figures.js";
import { sweepApi, type SweepResult } from "../test/validation/sweep-lib.js";
import { allTargets } from "../test/fuzz/lib/targets.js";
import { BUCKET_LIMITS_NS } from "../test/fuzz/lib/stats.js";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

const n = (x: number): string => x.toLocaleString("en");
const ms = (ns: number): string => (ns / 1e6).toFixed(ns < 1e6 ? 3 : 1);
const log = (s: string): void => void process.stderr.write(`${s}\n`);

function libvirtdVersion(): string {
  try {
    return execFileSync("libvirtd", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "libvirtd not found";
  }
}

function fuzzSection(f: FuzzReport): string {
  const t = allTargets();
  const count = (cls: string) => t.filter((x) => x.cls === cls).length;
  const rows = (["decode", "frame", "framePayload", "engine"] as const).map((k) => {
    const s = f.result[k];
    const rej = Object.entries(s.rejected)
      .filter(([c]) => !c.startsWith("FAILURE"))
      .sort((a, b) => b[1] - a[1])
      .map(([c, v]) => `${c} ${n(v)}`)
      .join(", ");
    return `| ${k} | ${n(s.inputs)} | ${n(s.accepted)} | ${n(s.roundTrips)} | ${rej} | ${ms(s.maxNs)} | ${n(s.largestAlloc)} |`;
  });
  const time = (ns: number): string => (ns < 1_000_000 ? `${ns / 1000} µs` : `${ns / 1_000_000} ms`);
  const buckets = [...BUCKET_LIMITS_NS.map((ns) => `<${time(ns)}`), `>=${time(BUCKET_LIMITS_NS.at(-1)!)}`];
  const all = (["decode", "frame", "framePayload", "engine"] as const).map((k) => f.result[k].timeBuckets);
  const bucketRow = buckets.map((b, i) => `${b}: ${n(all.reduce((a, x) => a + x[i]!, 0))}`).join(", ");
  const worstReplay = Math.max(...(f.slowReplays ?? []).map((r) => r.replayNs), 0);
  return `## 1. Fuzzing

\`scripts/fuzz.ts\` (short runs: \`test/fuzz/*.test.ts\`). Targets: every named type of the
REMOTE table as \`connect()\` binds it (with the newer event messages) and of QEMU: ${t.length}
decoders (${count("ret")} \`_ret\`, ${count("msg")} \`_msg\`, ${count("args")} \`_args\`, ${count("other")} shared
structs and typedefs; KEEPALIVE has no payload types, its frames go through the frame fuzzer).
Inputs are random values of the type encoded by the real codec, then (92 % of them) damaged
by 1 to 4 stacked mutations: bit flips, byte sets, truncation, insertion, deletion, length
words set to hostile values (0xffffffff, limits + 1, remaining + 1, ...), splices with another
encoding, duplication, appended bytes, random bytes. Reply/event types get 60 % of the decoder
inputs. The frame fuzzer builds streams of 1 to 6 frames (every packet type, *_WITH_FDS with
descriptor counts and carrier bytes), damages them and feeds them in random chunks; the
payload of every frame it returns is then decoded as the engine would. The engine fuzzer sends
damaged replies, errors, events, pings and stream packets to an \`RpcClient\` with calls in flight.

Checks on every input: the decoder returns a value or throws \`ProtocolError\` (anything else
is a failure); an intact input round-trips; the decoder's allocations (Buffers and strings,
counted by wrapping the allocators) never exceed the input's size; the frame decoder stays
failed after an error, buffers at most one frame, and reserves at most 1 MiB before a frame's
bytes arrive; every engine call settles with a result, \`VirtError\`, \`ProtocolError\` or
\`ConnectionClosedError\`. A watchdog thread fails the run if a worker stops progressing.

**${n(f.inputs)} inputs, ${f.failures} failures, hang: ${f.hang ?? "none"}.** ${f.workers} worker threads,
seed ${f.seed}, ${f.seconds.toFixed(0)} s (${n(f.inputsPerSecond)} inputs/s, niced, on a machine shared with other jobs).

| fuzzer | inputs | decoded (engine: a call succeeded) | intact round trips | rejected: ProtocolError codes (engine: what the calls got) | slowest ms | largest allocation B |
|---|---|---|---|---|---|---|
${rows.join("\n")}

- Time per input: ${bucketRow}. The slowest inputs replayed alone take at most
  ${ms(worstReplay)} ms (fastest of 20 runs): the long ones in the run were a descheduled thread
  or a GC pause, not slow decoding.
- Allocation: decoders allocated at most ${f.result.decode.maxAllocRatio.toFixed(3)} bytes per input byte (bound: 1);
  at most ${f.result.decode.maxNodesPerWord.toFixed(1)} JS values per 4-byte word of input. Largest single
  decoder allocation: ${n(f.result.decode.largestAlloc)} bytes. The frame decoder's largest is its 1 MiB eager reserve.
- Process memory (all workers): RSS ${f.rssStartMB} MB at start, ${f.rssMaxMB} MB at most, ${f.rssEndMB} MB at the end.
`;
}

function scenarioSection(rows: ScenarioRow[]): string {
  const body = rows
    .map((r) => `| ${r.fault} | ${r.failed.length ? r.failed.map((x) => `${x.call}: ${x.error}`).join("; ") : "none"} | ${r.completed} of 10 |`)
    .join("\n");
  return `## 2. A faulty server

The embedded test driver's server with its fault hooks (\`src/embedded/faults.ts\`), behind a real
\`Connection\`; tests in \`test/faults/\`. Each row: ten different calls started at once (one
write), the fault applied, and what each call got. "Completed" means it returned exactly the
answer of a fault-free server. Rows with CallTimeoutError used a 300 ms call timeout: a reply
that never comes can only end by timeout (or keepalive).

| fault | calls that failed, with their error | completed |
|---|---|---|
${body}

Also tested (\`test/faults/\`): a typed parameter of type 99 in a reply fails that call with
\`ProtocolError XDR_UNION\` ("params[1].value.type: no arm for discriminant 99") while the others
complete; in a tunable event it drops the event with a warning and the next event is delivered.
A server that stops reading: 2,000 calls end by timeout and 500 by abort, none stays pending,
the bytes piled up on the client are exactly the 2,500 28-byte CALLs (nothing else grows), and
when the server reads again the stale replies are dropped and new calls complete. Once more than
\`maxQueuedBytes\` (64 MiB by default) wait unsent, further calls are refused at once with
\`WriteQueueFullError\` and the queued ones finish when the server reads again
(\`test/rpc/write-queue.test.ts\`); with
keepalive on, a server that stops answering fails pending calls with \`KeepaliveTimeoutError\`.
A close mid-stream fails an open screenshot stream with \`ConnectionClosedError\` (eof) after its
first data (or the screenshot call itself if the close beats the caller to the stream); a close
mid-event delivers nothing, rejects pending calls and event iterators with eof, and the close
callback reports reason 1 (EOF).
`;
}

function daemonSection(d: DaemonFigures): string {
  const lim = d.requestLimit
    .map((r) => `| ${r.limit} | ${n(r.calls)} | ${n(r.completed)} | ${r.wrong} | ${n(r.ms)} |`)
    .join("\n");
  return `## 3. Real daemon faults

Private libvirtd instances only (\`test/helpers/own-daemon.ts\`: own mount namespace with a
private /run/libvirt, own config and pidfile, sockets in a temp folder, only the test driver
loaded); tests in \`test/daemon-faults/\`.

- **kill -9 with ${n(d.kill9.inFlight)} calls in flight:** ${d.kill9.answered} answered before the kill (all correct),
  ${d.kill9.rejected} rejected${d.kill9.allClosedErrors ? " with ConnectionClosedError" : " (NOT all ConnectionClosedError)"}, the last one
  ${d.kill9.msToLastRejection} ms after the kill. None hangs.
- **SIGSTOP** (keepalive ${d.sigstop.keepalive}): ${d.sigstop.inFlight} pending calls ${d.sigstop.allKeepaliveErrors ? "all" : "NOT all"} failed with
  KeepaliveTimeoutError after ${n(d.sigstop.msToDetection)} ms; event iterators end with it and the close callback
  reports reason 2 (keepalive).
- **Restart** (kill -9, start again; connection opened with \`reconnect\`): back after ${d.restart.downtimeMs} ms
  (${d.restart.attempts} attempts), ${d.restart.resubscribeFailures} resubscription failures; both subscriptions (all domains and one
  filtered on a domain) received ${d.restart.eventsAfter} of ${d.restart.eventsExpected} events caused after the restart.
- **Per-client request limit:** 1,000 calls fired at once wait in the socket while the daemon
  works through \`max_client_requests\` at a time; none is lost.

| max_client_requests | calls | completed | wrong answers | ms |
|---|---|---|---|---|
${lim}
`;
}

function loadSection(l: LoadReport): string {
  const c = l.calls;
  const d = l.domains;
  const allEvents = c.eventsReceived.every((x) => x === c.eventsExpectedPerConn);
  return `## 4. Load

\`scripts/load.ts\` against a private libvirtd's test driver (short version:
\`test/daemon-faults/load.test.ts\`).

- **${n(c.calls)} calls over ${c.conns} connections** (16 in flight per connection; getType, getState,
  lookup by name, getMaxMemory, getVersion in turn, every answer checked) in ${c.seconds.toFixed(0)} s
  (${n(c.callsPerSecond)} calls/s): **${c.errors} errors**.
- **Events flowing:** a ninth connection suspended and resumed a domain ${n(c.eventCycles)} times
  meanwhile; each of the ${c.conns} connections, subscribed to lifecycle events, received
  ${allEvents ? `all ${n(c.eventsExpectedPerConn)}` : `${c.eventsReceived.join(", ")} of ${n(c.eventsExpectedPerConn)}`} events.
- **Memory:** RSS ${c.rssStartMB} MB at start, ${c.rssWarmMB ?? "n/a"} MB after the first 10 % of the calls (warm-up:
  JIT, heap growth), ${c.rssEndMB} MB at the end (min ${c.rssMinMB}, max ${c.rssMaxMB} MB); JS heap after a full GC
  ${c.heapStartMB ?? "n/a"} MB at start, ${c.heapEndMB ?? "n/a"} MB at the end.
- **${n(d.defined)} domains** defined on a private instance (test+unix:///ABS.xml) in ${d.defineSeconds.toFixed(1)} s
  (64 in flight); listAllDomains returned ${n(d.listAll)} in ${d.listAllMs} ms; listDefinedDomainNames ${n(d.listNames)};
  numOfDefinedDomains ${n(d.numDefined)}.
- **getAllDomainStats over ${n(d.statsDomains)} running domains:** ${n(d.statsRecords)} records (${n(d.statsParams)} values: the
  test driver reports the state group) in ${d.statsMs} ms; over all ${n(d.statsAllRecords)} domains in ${d.statsAllMs} ms.
`;
}

function validationSection(s: SweepResult): string {
  return `## 5. Public API input validation

\`test/validation/\`: a sweep over every public method of Connection, Domain, DomainSnapshot and
DomainCheckpoint (${s.methods} methods, found by reflection), every argument position, with values
no parameter accepts (a Symbol, a function, NaN, 10n**30n, a 4 MiB + 1 string, a 70,000-element
array), values some parameters accept ({}, -1, 1.5, 2**53, "1", null), and bad call options
("x", a Symbol, timeout "soon" / -5 / 2**40, signal {}, maxBufferedBytes -1 on streams):
${n(s.calls)} calls, ${n(s.refusedLocally)} refused before anything was sent, ${n(s.sentLegit)} sent (a value the parameter
accepts, or a read-only feature probe first), **${s.problems.length} problems** (a TypeError, a synchronous throw, a
value that cannot be right reaching the wire, or a local refusal other than VirtError 8 /
ProtocolError XDR_*). Examples with their exact errors are in \`test/validation/examples.test.ts\`:
wrong types give \`ProtocolError XDR_TYPE\` with the argument's path
(\`remote_domain_define_xml_args.xml: expected string, got 42\`) or \`VirtError\` code 8
(\`invalid argument: autostart must be a boolean, got "yes"\`); out-of-range numbers
\`XDR_RANGE\` or code 8; oversize strings \`XDR_LIMIT\` (\`string of 4194305 bytes exceeds the maximum
of 4194304\`); oversize arrays code 8 or \`XDR_LIMIT\`; bad call options code 8.${s.problems.length ? `\n\nProblems:\n${s.problems.map((p) => `- ${p}`).join("\n")}` : ""}
`;
}

const FIXES = `## Bugs found and fixed on the way

- Engine: a reply under the serial of another pending call was decoded as that call's result
  (two string-returning calls could swap answers silently). Replies now must name the
  procedure of the call they answer, else the call fails with \`ProtocolError REPLY_MISMATCH\`.
- Engine: bad call options (\`{ signal: "x" }\`) left a half-registered call that later crashed
  \`destroy()\` with a TypeError; \`{ timeout: 2**40 }\` would fire at once (Node clamps it) and
  \`{ timeout: "soon" }\` was ignored. Options are now checked before the call takes a serial.
- Frame decoder: a bare length word reserved the whole announced frame (32 MiB for 4 bytes of
  input); buffers now grow with the bytes received beyond a 1 MiB eager part.
- API: \`setAutostart\` sent any value as true; \`getDomainByUuid(null)\`,
  \`getNodeCellsFreeMemory\` with a Symbol or bigint, \`domainEventDeregisterAny(Symbol)\` threw
  TypeErrors; \`openConsole\`/\`openChannel\` and the event/close callbacks threw TypeError; a bad
  stream buffer size threw RangeError. All are VirtError code 8 now (\`src/api/validate.ts\`).
`;

async function main(): Promise<void> {
  const out = arg("out", "docs/reliability.md");
  const started = new Date();
  const load0 = loadavg().map((x) => x.toFixed(1)).join(" ");
  let fuzz: FuzzReport;
  const fuzzJson = arg("fuzz-json", "");
  if (fuzzJson) fuzz = JSON.parse(readFileSync(fuzzJson, "utf8")) as FuzzReport;
  else {
    log("fuzzing...");
    fuzz = await fuzzLong({
      inputs: Number(arg("fuzz-inputs", "1000000")),
      seed: Number(arg("seed", "1")),
      workers: Number(arg("workers", "2")),
      stallMs: 60_000,
      log: (s) => process.stderr.write(`\r${s}   `),
    });
    process.stderr.write("\n");
  }
  log("faulty server scenarios...");
  const scenarios = await runScenarios();
  log("daemon faults...");
  const daemon = await daemonFigures();
  let load: LoadReport;
  const loadJson = arg("load-json", "");
  if (loadJson) load = JSON.parse(readFileSync(loadJson, "utf8")) as LoadReport;
  else {
    log("load...");
    load = await runLoad({
      calls: Number(arg("calls", "1000000")),
      conns: 8,
      depth: 16,
      domains: Number(arg("domains", "10000")),
      stats: Number(arg("stats", "1000")),
      target: "daemon",
      log: (s) => process.stderr.write(`\r${s}        `),
    });
    process.stderr.write("\n");
  }
  log("validation sweep...");
  const sweep = await sweepApi();
  const header = `# Reliability

Generated by \`scripts/reliability-report.ts\` on ${started.toISOString().slice(0, 10)} (Node ${process.version},
${libvirtdVersion()}, ${cpus().length} CPUs shared with other jobs, load average ${load0} at start).
Regenerate (10 to 30 minutes at these sizes, depending on the machine's load):

    npm run build:all
    nice node --expose-gc build/scripts/reliability-report.js --fuzz-inputs 10000000 --calls 1000000

| requirement | result |
|---|---|
| frame decoder and every generated decoder take 10 million+ generated and mutated inputs | ${n(fuzz.inputs)} inputs, ${fuzz.failures} failures, no hang |
| bad bytes only ever produce a protocol error, no allocation beyond the limits | only ProtocolError; decoders allocate <= input size; RSS <= ${fuzz.rssMaxMB} MB |
| faulty server: the faulted calls fail with a stated error, every other call completes | ${scenarios.length} scenarios below; no wrong answers |
| kill -9 with 1,000 calls in flight: all reject within a second | last rejection ${daemon.kill9.msToLastRejection} ms after the kill |
| SIGSTOP: keepalive notices | ${daemon.sigstop.allKeepaliveErrors ? "all" : "NOT all"} pending calls failed with KeepaliveTimeoutError after ${n(daemon.sigstop.msToDetection)} ms |
| restart: reconnect restores subscriptions | back in ${daemon.restart.downtimeMs} ms, ${daemon.restart.eventsAfter}/${daemon.restart.eventsExpected} events delivered |
| per-client request limit: calls wait, none lost | ${daemon.requestLimit.map((r) => `${n(r.completed)}/${n(r.calls)} at limit ${r.limit}`).join(", ")} |
| 1,000,000 calls over 8 connections with events, memory flat, zero errors | ${n(load.calls.calls)} calls, ${load.calls.errors} errors; RSS ${load.calls.rssStartMB} MB at start, ${load.calls.rssWarmMB ?? "n/a"} MB after warm-up, ${load.calls.rssEndMB} MB at the end; heap after GC ${load.calls.heapStartMB ?? "n/a"} -> ${load.calls.heapEndMB ?? "n/a"} MB |
| 10,000 domains defined and listed; getAllDomainStats over 1,000 | ${n(load.domains.listAll)} listed; ${n(load.domains.statsRecords)} stats records |
| public API refuses bad input before sending, with a clear error | ${n(sweep.calls)} bad calls swept, ${sweep.problems.length} problems |
`;
  const doc = [header, fuzzSection(fuzz), scenarioSection(scenarios), daemonSection(daemon), loadSection(load), validationSection(sweep), FIXES].join("\n");
  writeFileSync(out, doc);
  log(`wrote ${out}`);
}

await main();
