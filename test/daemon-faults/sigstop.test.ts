// SIGSTOP of a private libvirtd with calls in flight and an event
// subscription: keepalive notices the silence and fails everything with
// KeepaliveTimeoutError; after SIGCONT a new connection works.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect, KeepaliveTimeoutError, Domain } from "../../src/index.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";
import { fire } from "./workload.js";

let daemon: OwnDaemon | undefined;
after(() => daemon?.dispose());

test("a frozen daemon: 200 pending calls and an event iterator fail with KeepaliveTimeoutError", { timeout: 60_000 }, async (t) => {
  daemon = await ownDaemon(t, { tag: "virtwire-sigstop" });
  if (!daemon) return;
  const conn = await connect(daemon.uri(), { keepalive: { interval: 1, count: 2 } });
  const dom = await conn.getDomainByName("test");
  const events = conn.domainEvents(Domain.EVENT_ID_LIFECYCLE);
  await events.ready;
  const reasons: number[] = [];
  await conn.registerCloseCallback((_c, reason) => void reasons.push(reason));
  daemon.freeze();
  try {
    const f = fire(conn, dom, 200);
    const res = await Promise.allSettled(f.calls);
    for (const r of res) assert.ok(r.status === "rejected" && r.reason instanceof KeepaliveTimeoutError, String(r.status === "rejected" && r.reason));
    await assert.rejects(events.next(), KeepaliveTimeoutError);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(reasons, [2]); // VIR_CONNECT_CLOSE_REASON_KEEPALIVE
    assert.equal(conn.isAlive(), false);
  } finally {
    daemon.thaw();
  }
  const again = await connect(daemon.uri());
  assert.equal(await again.getType(), "TEST");
  await again.close();
});
