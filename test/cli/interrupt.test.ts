// Ctrl+C while a call is in flight: a server that accepts the connection
// and reads the first call but never answers. SIGINT must abandon the call
// through its AbortSignal, print one line, and exit 130 without a trace.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { startVirtwire, virtwire, waitUntil } from "./cli-helpers.js";

test("SIGINT during a call that never returns: exit 130, no stack trace", async () => {
  const sockets: Socket[] = [];
  let received = 0;
  const server = createServer((s) => {
    sockets.push(s);
    s.on("data", (d) => (received += d.length));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  try {
    const cli = startVirtwire(["-c", `test+tcp://127.0.0.1:${port}/default`, "list"]);
    // The first call (auth list) has been sent and is waiting for a reply.
    await waitUntil(() => received > 0, 15_000, "the CLI's first call");
    cli.child.kill("SIGINT");
    const r = await cli.done;
    assert.equal(r.code, 130);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "\nerror: interrupted by user\n");
  } finally {
    sockets.forEach((s) => s.destroy());
    server.close();
  }
});

test("a connection failure is reported as virsh reports it, exit 1", async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  const r = await virtwire(["-c", `test+tcp://127.0.0.1:${port}/default`, "list"]);
  assert.equal(r.code, 1);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines[0], "error: failed to connect to the hypervisor");
  assert.match(lines[1] ?? "", /^error: .*ECONNREFUSED|refused/i);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test("event --loop on the embedded test:///default waits for Ctrl+C (no socket holds the process open)", async () => {
  const cli = startVirtwire(["-c", "test:///default", "echo waiting; event --loop --all"]);
  let exited = false;
  void cli.done.then(() => (exited = true), () => (exited = true));
  // Started (SIGINT is handled from here on), and still waiting a while
  // later: before the fix Node exited at once (code 13).
  await waitUntil(() => cli.output().includes("waiting\n"), 15_000, "the CLI to start");
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(exited, false);
  cli.child.kill("SIGINT");
  const r = await cli.done;
  assert.equal(r.stdout, "waiting\nevent loop interrupted\nevents received: 0\n\n");
  assert.equal(r.code, 130);
});
