// A server that stops reading. Its socket buffer fills and the client's
// writes pile up; calls end by their own timeout or abort, leaving nothing
// pending, and the piled-up bytes are exactly what the caller asked to send
// (nothing grows on its own). When the server reads again, the stale
// replies are dropped and new calls complete; a server that never answers
// again is declared dead by keepalive.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallTimeoutError, KeepaliveTimeoutError } from "../../src/rpc/errors.js";
import { faulty, until } from "./harness.js";

test("a paused server: 2,000 calls time out, 500 more abort, nothing stays pending; reading again, new calls complete", async () => {
  const f = await faulty();
  f.serverEnd.pause();
  const out = f.rpc.transportInfo.stream;
  const timed = Array.from({ length: 2000 }, () => f.conn.getType({ timeout: 200 }));
  const res = await Promise.allSettled(timed);
  assert.ok(res.every((r) => r.status === "rejected" && r.reason instanceof CallTimeoutError));
  assert.equal(f.rpc.inFlight, 0);
  // The writes piled up on the client, bounded by what was sent: 2,000 CALLs of 28 bytes (less what the peer buffered).
  const piled = out.writableLength;
  assert.ok(piled > 0 && piled <= 2000 * 28, `piled ${piled}`);
  const ac = new AbortController();
  const aborted = Array.from({ length: 500 }, () => f.conn.getHostname({ signal: ac.signal }));
  await new Promise((r) => setImmediate(r));
  ac.abort(new Error("caller gave up"));
  const res2 = await Promise.allSettled(aborted);
  assert.ok(res2.every((r) => r.status === "rejected" && (r.reason as Error).message === "caller gave up"));
  assert.equal(f.rpc.inFlight, 0);
  assert.equal(out.writableLength, piled + 500 * 28);
  // Reading again: the server answers all 2,500 stale calls; their replies are dropped.
  f.serverEnd.resume();
  assert.equal(await f.conn.getType({ timeout: 10_000 }), "TEST");
  await until(() => f.warnings.length >= 2500);
  assert.equal(f.warnings.length, 2500);
  assert.equal(out.writableLength, 0);
  f.rpc.destroy();
});

test("a server that ignores everything after one call: keepalive fails the pending calls with KeepaliveTimeoutError", async () => {
  const f = await faulty({ keepalive: { interval: 0.1, count: 2 } });
  f.hooks.onReceive = () => "stall";
  const closed = new Promise<Error>((r) => f.rpc.once("close", r));
  const hold = setInterval(() => {}, 1000);
  const res = await Promise.allSettled([f.conn.getType(), f.conn.getHostname(), f.dom.getXmlDescription()]);
  clearInterval(hold);
  for (const r of res) assert.ok(r.status === "rejected" && r.reason instanceof KeepaliveTimeoutError, String(r.status === "rejected" && r.reason));
  assert.ok((await closed) instanceof KeepaliveTimeoutError);
  assert.equal(f.conn.isAlive(), false);
});
