// Why libvirtd spends more CPU per call on some clients: the same getVersion
// load, 16 calls in flight on one connection, from virtwire sleeping in epoll
// between replies (its default), virtwire napping in a futex instead (replies
// then find no waiter, so the daemon never wakes this process), virtwire
// busy-polling (its CPU never idles) and libvirt-python's 16 threads. The
// clients take turns in rounds; the daemon's CPU, context switches and CPU
// migrations come from /proc over each measured window.
//   node build/bench/idle-cpu.js [rounds] [seconds per turn] [uri]
import { performance } from "node:perf_hooks";
import { connect, type Connection, type ConnectOptions } from "../src/index.js";
import { findCase } from "./cases.js";
import { daemonPidFor } from "./daemon.js";
import { loopUntil, measureThroughput } from "./measure.js";
import { peers, runPeerCase } from "./peers.js";
import { callsPerSecond, cpuUsPerCall, daemonPerCall, daemonUsPerCall, mergeResults, type CaseResult } from "./results.js";
import { fmtFixed, fmtInt } from "./stats.js";
import { renderTable } from "./table.js";

const [rounds = "3", seconds = "2", uri = "test+unix:///default"] = process.argv.slice(2);
const INFLIGHT = 16;
const NAP_MS = 0.4;
const CASE = findCase(`version.inflight-${INFLIGHT}`)!;

const daemonPid = daemonPidFor(uri);
if (daemonPid === null) throw new Error(`no local libvirtd process serves ${uri}`);

/** While `busy()` holds, the event loop sleeps NAP_MS in a futex between turns instead of in epoll. */
function napWhile(busy: () => boolean): void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const turn = (): void => {
    if (!busy()) return;
    Atomics.wait(cell, 0, 0, NAP_MS);
    setImmediate(turn);
  };
  setImmediate(turn);
}

type Mode = { label: string; run: (secs: number) => Promise<CaseResult> };

async function virtwireMode(label: string, options: ConnectOptions, nap: boolean): Promise<Mode & { conn: Connection }> {
  const conn = await connect(uri, options);
  const op = () => conn.getVersion();
  await loopUntil(op, INFLIGHT, 2); // JIT warm-up
  return {
    label,
    conn,
    run: async (secs) => {
      let running = true;
      if (nap) napWhile(() => running);
      try {
        return await measureThroughput(op, INFLIGHT, { duration: secs, warmup: 0.3, daemonPid });
      } finally {
        running = false;
      }
    },
  };
}

const own = [
  await virtwireMode("virtwire (sleeps in epoll)", {}, false),
  await virtwireMode(`virtwire, napping ${NAP_MS * 1000} us in a futex`, {}, true),
  await virtwireMode("virtwire, busyPoll 250 us", { busyPoll: 250 }, false),
];
const python = peers("/usr/bin/python3", "perl")[0]!;
const modes: Mode[] = [
  ...own,
  {
    label: "libvirt-python, 16 threads",
    run: async (secs) => {
      const out = await runPeerCase(python, CASE, { uri, duration: secs, warmup: 0.3, iterations: 1, daemonPid });
      const r = out.results.get(CASE.id);
      if (!r) throw new Error(out.unavailable ?? out.errors.get(CASE.id) ?? "libvirt-python gave no result");
      return r;
    },
  },
];

const results = new Map<string, CaseResult>();
for (let i = 0; i < Number(rounds); i++) {
  for (const m of modes) {
    const t0 = performance.now();
    results.set(m.label, mergeResults(results.get(m.label), await m.run(Number(seconds))));
    process.stderr.write(`round ${i + 1} ${m.label}: ${fmtFixed((performance.now() - t0) / 1000, 1)} s\n`);
  }
}
for (const m of own) await m.conn.close();

const rows = modes.map((m) => {
  const r = results.get(m.label);
  const cps = callsPerSecond(r);
  return [
    m.label,
    fmtInt(cps),
    fmtFixed(cpuUsPerCall(r), 1),
    fmtFixed(daemonUsPerCall(r), 1),
    fmtFixed(daemonPerCall(r, "daemonSwitches"), 2),
    fmtFixed(daemonPerCall(r, "daemonMigrations"), 3),
  ];
});
process.stdout.write(
  renderTable(
    ["getVersion, 16 in flight", "calls/s", "client CPU us/call", "libvirtd CPU us/call", "libvirtd switches/call", "libvirtd migrations/call"],
    rows,
  ) + "\n",
);
