// Keepalive against a real daemon that stops answering: SIGSTOP of a private
// libvirtd (never the machine's main one).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect, KeepaliveTimeoutError, ConnectionClosedError, CallTimeoutError } from "../../src/index.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";

let daemon: OwnDaemon | undefined;
after(async () => {
  await daemon?.dispose();
});

test("a frozen daemon is declared dead by keepalive; every pending call fails with KeepaliveTimeoutError", { timeout: 30_000 }, async (t) => {
  daemon = await ownDaemon(t);
  if (!daemon) return;
  const conn = await connect(daemon.uri(), { keepalive: { interval: 1, count: 2 } });
  assert.equal(conn.features.keepalive, true);
  assert.equal(await conn.getType(), "TEST");
  const reasons: number[] = [];
  await conn.registerCloseCallback((_c, reason) => {
    reasons.push(reason);
  });
  const closed = new Promise<Error>((resolve) => conn.once("close", resolve));

  daemon.freeze();
  try {
    // Calls in flight while the daemon is frozen: none can be answered.
    const pending = [conn.getType(), conn.getHostname(), conn.getVersion()];
    const results = await Promise.allSettled(pending);
    for (const r of results) {
      assert.equal(r.status, "rejected");
      assert.ok(r.reason instanceof KeepaliveTimeoutError, `expected KeepaliveTimeoutError, got ${String(r.reason)}`);
      assert.equal(r.reason.reason, "keepalive");
    }
    const err = await closed;
    assert.ok(err instanceof KeepaliveTimeoutError);
    // After the death, calls fail at once with the same typed error.
    await assert.rejects(conn.getType(), ConnectionClosedError);
    assert.equal(conn.isAlive(), false);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(reasons, [2]); // VIR_CONNECT_CLOSE_REASON_KEEPALIVE
  } finally {
    daemon.thaw();
  }
});

test("keepalive off: a frozen daemon is not detected, only a call timeout ends the wait", { timeout: 30_000 }, async (t) => {
  if (!daemon) daemon = await ownDaemon(t);
  if (!daemon) return;
  const conn = await connect(daemon.uri(), { keepalive: false });
  daemon.freeze();
  try {
    // With keepalive {interval: 1, count: 2} this would fail with KeepaliveTimeoutError
    // well before the call's own 4 s timeout; with keepalive off the timeout wins.
    await assert.rejects(conn.getType({ timeout: 4000 }), CallTimeoutError);
    assert.equal(conn.isAlive(), true);
  } finally {
    daemon.thaw();
    await conn.close();
  }
});
