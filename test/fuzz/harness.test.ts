// The fuzz harness itself: it must notice a decoder that misbehaves, or the
// clean runs above would prove nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeChecked } from "./lib/decode-fuzz.js";
import { allTargets, type Target } from "./lib/targets.js";
import { MUTATIONS, mutateOnce } from "./lib/mutate.js";
import { Rng } from "./lib/rng.js";
import { newStats, failureCount } from "./lib/stats.js";
import type { Codec } from "../../src/xdr/codec.js";

function fake(decode: (b: Uint8Array) => unknown): Target {
  const codec: Codec = { enc: () => {}, dec: () => null, encode: () => Buffer.alloc(0), decode };
  return { program: "fake", name: "fake_ret", cls: "ret", types: {}, codec };
}

test("a decoder throwing TypeError is reported as a failure", () => {
  const s = newStats();
  decodeChecked(fake(() => (null as unknown as { x: number }).x), Buffer.alloc(8), s, { seed: 0, index: 0 });
  assert.equal(failureCount(s), 1);
  assert.equal(s.failures[0]!.kind, "exception");
  assert.match(s.failures[0]!.message, /TypeError/);
});

test("a decoder allocating more than its input is reported", () => {
  const s = newStats();
  decodeChecked(fake((b) => Buffer.allocUnsafe(b.length * 2 + 100)), Buffer.alloc(64), s, { seed: 0, index: 0 });
  assert.equal(s.failures[0]?.kind, "alloc");
});

test("a valid input that does not round-trip is reported", () => {
  const s = newStats();
  decodeChecked(fake(() => ({ a: 2 })), Buffer.alloc(4), s, { seed: 0, index: 0, expect: { a: 1 } });
  assert.equal(s.failures[0]?.kind, "roundtrip");
});

test("the real decoder of a reply type passes the same checks", () => {
  const t = allTargets().find((x) => x.name === "remote_domain_get_info_ret")!;
  const s = newStats();
  const good = t.codec.encode({ state: 1, maxMem: 2n, memory: 3n, nrVirtCpu: 4, cpuTime: 5n });
  decodeChecked(t, good, s, { seed: 0, index: 0, expect: { state: 1, maxMem: 2n, memory: 3n, nrVirtCpu: 4, cpuTime: 5n } });
  decodeChecked(t, good.subarray(0, 20), s, { seed: 0, index: 1 });
  assert.equal(failureCount(s), 0);
  assert.equal(s.roundTrips, 1);
  assert.equal(s.rejected["XDR_SHORT"], 1);
});

test("every mutation changes its input, and inputs are reproducible from (seed, index)", () => {
  const base = Buffer.from("0000000500000003616263000000000700000001", "hex");
  for (const k of MUTATIONS) {
    let changed = 0;
    for (let i = 0; i < 20; i++) {
      const out = mutateOnce(Rng.forInput(1, i), k, base, () => Buffer.from("deadbeef", "hex"));
      if (!out.equals(base)) changed++;
    }
    assert.ok(changed >= 10, `${k} changed only ${changed} of 20`);
  }
  const a = Rng.forInput(9, 12345);
  const b = Rng.forInput(9, 12345);
  assert.deepEqual([a.u32(), a.u32()], [b.u32(), b.u32()]);
  assert.notEqual(Rng.forInput(9, 1).u32(), Rng.forInput(9, 2).u32());
});
