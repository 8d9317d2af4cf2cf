// kill -9 of a private libvirtd with 1,000 calls in flight: every call
// settles (the answered ones with the right answer, the rest with
// ConnectionClosedError); none hangs. Time from the kill to the last
// rejection is reported (scripts/reliability-report.ts puts it in the docs).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect, ConnectionClosedError } from "../../src/index.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";
import { fire } from "./workload.js";

let daemon: OwnDaemon | undefined;
after(() => daemon?.dispose());

test("kill -9 with 1,000 calls in flight: all settle, the unanswered reject with ConnectionClosedError", { timeout: 60_000 }, async (t) => {
  daemon = await ownDaemon(t, { tag: "virtwire-kill9" });
  if (!daemon) return;
  const conn = await connect(daemon.uri());
  const dom = await conn.getDomainByName("test");
  const closed = new Promise<Error>((r) => conn.once("close", r));
  const f = fire(conn, dom, 1000);
  // Let some answers arrive first, so the kill lands mid-flight.
  while (f.settled() < 50) await new Promise((r) => setImmediate(r));
  const killedAt = process.hrtime.bigint();
  await daemon.kill();
  const res = await Promise.allSettled(f.calls);
  const ms = Number(process.hrtime.bigint() - killedAt) / 1e6;
  const ok = res.filter((r) => r.status === "fulfilled");
  const failed = res.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  assert.ok(ok.every((r) => r.value === true), "a completed call returned a wrong answer");
  assert.ok(failed.length > 0 && ok.length >= 50, `${ok.length} completed, ${failed.length} failed`);
  for (const r of failed) assert.ok(r.reason instanceof ConnectionClosedError, String(r.reason));
  assert.equal(ok.length + failed.length, 1000);
  assert.ok((await closed) instanceof ConnectionClosedError);
  assert.equal(conn.rpc.inFlight, 0);
  t.diagnostic(`${ok.length} answered before the kill, ${failed.length} rejected within ${ms.toFixed(1)} ms of it`);
});
