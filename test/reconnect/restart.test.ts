// Opt-in reconnect across a restart of a private libvirtd, with calls and
// event subscriptions live.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, Domain, ConnectionClosedError, KeepaliveTimeoutError, type Connection } from "../../src/index.js";
import type { ReconnectedInfo, DisconnectedInfo, ReconnectAttemptFailedInfo } from "../../src/api/reconnect.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";

let daemon: OwnDaemon | undefined;
const conns: Connection[] = [];

after(async () => {
  for (const c of conns) await c.close().catch(() => undefined);
  await daemon?.dispose();
});

test("reconnects after a daemon restart and keeps every event subscription", { timeout: 30_000 }, async (t) => {
  daemon = await ownDaemon(t);
  if (!daemon) return;
  const conn = await connect(daemon.uri(), { reconnect: { initialDelay: 50, maxDelay: 400 }, keepalive: { interval: 1, count: 3 } });
  conns.push(conn);
  const dom = await conn.getDomainByName("test");

  // Two subscription styles, both must survive.
  const viaCallback: number[] = [];
  await conn.domainEventRegisterAny(dom, Domain.EVENT_ID_LIFECYCLE, (_d, ev) => {
    viaCallback.push(ev.event);
  });
  const iter = conn.domainEvents(Domain.EVENT_ID_LIFECYCLE);
  await iter.ready;
  const closeReasons: number[] = [];
  await conn.registerCloseCallback((_c, reason) => {
    closeReasons.push(reason);
  });

  // A call in flight when the daemon goes away fails with the typed error.
  const disconnected = once(conn, "disconnected") as Promise<[DisconnectedInfo]>;
  const reconnected = once(conn, "reconnected") as Promise<[ReconnectedInfo]>;
  const inFlight = conn.getVersion().then(
    () => "answered",
    (e: unknown) => e,
  );
  await daemon.stop();
  const [down] = await disconnected;
  assert.ok(down.error instanceof ConnectionClosedError);
  const r = await inFlight;
  assert.ok(r === "answered" || r instanceof ConnectionClosedError);
  // While down, calls reject at once instead of waiting.
  assert.equal(conn.isAlive(), false);
  await assert.rejects(conn.getVersion(), ConnectionClosedError);
  // EOF, or ERROR when the daemon reset the socket with our call unread.
  assert.equal(closeReasons.length, 1);
  assert.ok(closeReasons[0] === 1 || closeReasons[0] === 0, `close reason ${closeReasons[0]}`);

  await daemon.start();
  const [info] = await reconnected;
  assert.equal(info.eventsMayHaveBeenMissed, true);
  assert.ok(info.attempt >= 1);
  assert.deepEqual(info.resubscribeFailures, []);
  assert.equal(conn.isAlive(), true);

  // The same Domain handle works on the new engine; events reach the old subscriptions.
  await conn.call("domain_suspend", { dom: dom.ref });
  const next = await iter.next();
  assert.ok(!next.done);
  assert.equal(next.value.dom.getName(), "test");
  assert.equal(next.value.event, Domain.EVENT_SUSPENDED);
  while (viaCallback.length < 1) await new Promise((res) => setTimeout(res, 5));
  assert.deepEqual(viaCallback, [Domain.EVENT_SUSPENDED]);
  await conn.call("domain_resume", { dom: dom.ref });
  const resumed = await iter.next();
  assert.ok(!resumed.done);
  assert.equal(resumed.value.event, Domain.EVENT_RESUMED);

  // close() ends it for good: "close" fires, no reconnect follows, the iterator ends.
  const closed = once(conn, "close");
  await conn.close();
  await closed;
  assert.deepEqual(await iter.next(), { value: undefined, done: true });
});

test("without reconnect, a lost daemon ends the iterator with ConnectionClosedError", { timeout: 30_000 }, async (t) => {
  if (!daemon) daemon = await ownDaemon(t);
  if (!daemon) return;
  const conn = await connect(daemon.uri());
  conns.push(conn);
  const iter = conn.domainEvents(Domain.EVENT_ID_LIFECYCLE);
  await iter.ready;
  await daemon.stop();
  await assert.rejects(iter.next(), ConnectionClosedError);
  await daemon.start();
});

test("a daemon that stops answering is dropped by keepalive and reconnected once it answers again", { timeout: 30_000 }, async (t) => {
  if (!daemon) daemon = await ownDaemon(t);
  if (!daemon) return;
  const conn = await connect(daemon.uri(), {
    keepalive: { interval: 1, count: 2 },
    reconnect: { initialDelay: 50, maxDelay: 500, attemptTimeout: 1000 },
  });
  conns.push(conn);
  const disconnected = once(conn, "disconnected") as Promise<[DisconnectedInfo]>;
  const reconnected = once(conn, "reconnected") as Promise<[ReconnectedInfo]>;
  daemon.freeze();
  let thawed = false;
  try {
    const [down] = await disconnected;
    assert.ok(down.error instanceof KeepaliveTimeoutError);
    // An attempt against the frozen daemon (the socket accepts, nothing answers) times out.
    const [failed] = (await once(conn, "reconnectAttemptFailed")) as [ReconnectAttemptFailedInfo];
    assert.equal(failed.attempt, 1);
    assert.match(failed.error.message, /timed out/);
    daemon.thaw();
    thawed = true;
    const [info] = await reconnected;
    assert.equal(info.eventsMayHaveBeenMissed, true);
    assert.equal(await conn.getType(), "TEST");
  } finally {
    if (!thawed) daemon.thaw();
  }
});
