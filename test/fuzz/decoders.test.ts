// Short fuzz run over every generated decoder (the long run is scripts/fuzz.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { allTargets } from "./lib/targets.js";
import { fuzzDecodeOne } from "./lib/decode-fuzz.js";
import { newStats, failureCount, type FuzzStats } from "./lib/stats.js";

const PER_TYPE = 16;

function report(s: FuzzStats): string {
  return s.failures.map((f) => `${f.kind} ${f.target} #${f.index}: ${f.message}\n  ${f.input.slice(0, 200)}`).join("\n");
}

test("every type of REMOTE, QEMU (and the newer events) takes damaged inputs: values or ProtocolErrors only", () => {
  const targets = allTargets();
  // 742 generated types plus the newer event messages.
  assert.ok(targets.length > 740, `only ${targets.length} targets`);
  const s = newStats();
  let index = 0;
  for (const t of targets) {
    for (let k = 0; k < PER_TYPE; k++) fuzzDecodeOne(7, index++, s, t);
  }
  assert.equal(failureCount(s), 0, report(s));
  assert.equal(s.inputs, targets.length * PER_TYPE);
  // The run exercised both outcomes and the main rejection kinds.
  assert.ok(s.accepted > 0 && s.roundTrips > 0);
  for (const code of ["XDR_SHORT", "XDR_LIMIT", "XDR_TRAILING", "XDR_PADDING", "XDR_VALUE", "XDR_UNION"]) {
    assert.ok((s.rejected[code] ?? 0) > 0, `no ${code} seen: ${JSON.stringify(s.rejected)}`);
  }
  // Decoding never allocated more bytes than the input held.
  assert.ok(s.maxAllocRatio <= 1, `allocation ratio ${s.maxAllocRatio}`);
});

test("reply and event types get a weighted share in the mixed run", () => {
  const s = newStats();
  for (let i = 0; i < 3000; i++) fuzzDecodeOne(11, i, s);
  assert.equal(failureCount(s), 0, report(s));
  const by = s.byClass;
  assert.ok((by["ret"] ?? 0) > (by["args"] ?? 0), JSON.stringify(by));
  assert.ok((by["msg"] ?? 0) > 0.15 * s.inputs, JSON.stringify(by));
});
