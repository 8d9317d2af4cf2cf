// Short fuzz run of the whole receive path: damaged replies, errors, events,
// pings and stream packets against an RpcClient with calls in flight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fuzzEngineOne } from "./lib/engine-fuzz.js";
import { newStats, failureCount } from "./lib/stats.js";

test("every call settles with a result, VirtError, ProtocolError or ConnectionClosedError", async () => {
  const s = newStats();
  for (let i = 0; i < 300; i++) await fuzzEngineOne(5, i, s);
  assert.equal(failureCount(s), 0, s.failures.map((f) => `${f.kind} #${f.index}: ${f.message}`).join("\n"));
  assert.equal(s.inputs, 300);
  // All three ways a call can fail came up, and some calls succeeded.
  for (const k of ["VirtError", "ProtocolError", "ConnectionClosedError"]) assert.ok((s.rejected[k] ?? 0) > 0, JSON.stringify(s.rejected));
  assert.ok(s.accepted > 0);
});
