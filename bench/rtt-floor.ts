// The round-trip floor of each runtime on this machine, without libvirt: a
// blocking echo server (bench/peers/echo.py) answers 28-byte messages, and a
// Node client (net.Socket and the event loop, as virtwire uses them) takes
// turns with a blocking Python client. What separates them is the cost of
// sleeping in epoll and being woken, which no client code can remove.
//   node build/bench/rtt-floor.js [rounds] [round-trips per round] [python]
import { execFile, spawn } from "node:child_process";
import { connect } from "node:net";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const ECHO = fileURLToPath(new URL("../../bench/peers/echo.py", import.meta.url));
const SIZE = 28;

async function nodeRound(path: string, n: number): Promise<{ rttUs: number; cpuUs: number }> {
  const s = connect(path);
  await once(s, "connect");
  const buf = Buffer.alloc(SIZE);
  let got = 0;
  let wake: () => void = () => {};
  s.on("data", (d: Buffer) => {
    got += d.length;
    if (got >= SIZE) {
      got -= SIZE;
      wake();
    }
  });
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      s.write(buf);
    });
  for (let i = 0; i < Math.min(n, 2000); i++) await one();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await one();
  const c = process.cpuUsage(c0);
  const rttUs = ((performance.now() - t0) * 1000) / n;
  s.destroy();
  return { rttUs, cpuUs: (c.user + c.system) / n };
}

function pythonRound(python: string, path: string, n: number): Promise<{ rttUs: number; cpuUs: number }> {
  return new Promise((resolve, reject) => {
    execFile(python, [ECHO, "ping", path, String(n), String(SIZE)], (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout) as { rttUs: number; cpuUs: number });
    });
  });
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const n = Number(process.argv[3] ?? 20000);
  const python = process.argv[4] ?? "/usr/bin/python3";
  const dir = mkdtempSync(join(tmpdir(), "virtwire-rtt-"));
  const path = join(dir, "echo.sock");
  const server = spawn(python, [ECHO, "serve", path], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    await once(server.stdout, "data");
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const nodeR: { rttUs: number; cpuUs: number }[] = [];
    const pyR: { rttUs: number; cpuUs: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      nodeR.push(await nodeRound(path, n));
      pyR.push(await pythonRound(python, path, n));
    }
    const line = (name: string, xs: { rttUs: number; cpuUs: number }[]) =>
      `${name.padEnd(26)} round trip ${med(xs.map((x) => x.rttUs)).toFixed(1).padStart(6)} us, client CPU ${med(xs.map((x) => x.cpuUs)).toFixed(1).padStart(6)} us (median of ${rounds})`;
    console.log(line("node net.Socket (epoll)", nodeR));
    console.log(line("python blocking socket", pyR));
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
