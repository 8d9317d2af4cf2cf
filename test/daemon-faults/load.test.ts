// A short version of scripts/load.ts on a private libvirtd: calls over 8
// connections with lifecycle events flowing, then many domains defined,
// listed and their stats fetched. Counts are asserted, times only reported.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";
import { runCalls, runDomains } from "../../scripts/load.js";

let daemon: OwnDaemon | undefined;
const dir = mkdtempSync(join(tmpdir(), "virtwire-load-test-"));
chmodSync(dir, 0o755);
after(async () => {
  await daemon?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test("20,000 calls over 8 connections with events flowing: no errors, every event reaches every connection", { timeout: 120_000 }, async (t) => {
  daemon = await ownDaemon(t, { tag: "virtwire-load" });
  if (!daemon) return;
  const r = await runCalls(daemon.uri(), { calls: 20_000, conns: 8, depth: 16 });
  assert.equal(r.errors, 0, r.firstError ?? "");
  assert.ok(r.eventCycles > 0);
  assert.deepEqual(r.eventsReceived, new Array(8).fill(r.eventsExpectedPerConn));
  t.diagnostic(`${r.callsPerSecond}/s; rss ${r.rssStartMB} -> ${r.rssEndMB} MB; ${r.eventsExpectedPerConn} events per connection`);
});

test("1,000 domains defined and listed; getAllDomainStats over 300 of them", { timeout: 120_000 }, async (t) => {
  if (!daemon) daemon = await ownDaemon(t, { tag: "virtwire-load" });
  if (!daemon) return;
  const node = join(dir, "node.xml");
  writeFileSync(node, "<node></node>\n");
  const r = await runDomains(daemon.uri(node), { domains: 1000, stats: 300 });
  assert.equal(r.defined, 1000);
  assert.equal(r.listAll, 1000);
  assert.equal(r.listNames, 1000);
  assert.equal(r.numDefined, 1000);
  assert.equal(r.statsRecords, 300);
  assert.equal(r.statsAllRecords, 1000);
  assert.ok(r.statsParams >= 300, `${r.statsParams} values`);
  t.diagnostic(`define ${r.defineSeconds} s, list ${r.listAllMs} ms, stats ${r.statsMs} ms`);
});
