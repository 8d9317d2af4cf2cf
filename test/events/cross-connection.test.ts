// Events across connections and the close callback, on a private libvirtd
// (test+unix:///default state is daemon-wide, so the shared daemon is avoided).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect, Domain, type Connection } from "../../src/index.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";

let daemon: OwnDaemon | undefined;
const conns: Connection[] = [];

after(async () => {
  for (const c of conns) await c.close().catch(() => undefined);
  await daemon?.dispose();
});

async function open(): Promise<Connection> {
  const c = await connect(daemon!.uri());
  conns.push(c);
  return c;
}

test("events caused through a second connection arrive on the first", { timeout: 20_000 }, async (t) => {
  daemon = await ownDaemon(t);
  if (!daemon) return;
  const watcher = await open();
  const actor = await open();
  const events = watcher.domainEvents(Domain.EVENT_ID_LIFECYCLE);
  await events.ready;
  const dom = await actor.getDomainByName("test");
  await actor.call("domain_suspend", { dom: dom.ref });
  await actor.call("domain_resume", { dom: dom.ref });
  const got: [string, number, number][] = [];
  for await (const ev of events) {
    got.push([ev.dom.getName(), ev.event, ev.detail]);
    // The Domain handed out belongs to the receiving connection.
    assert.equal(ev.dom.getConnection(), watcher);
    if (got.length === 2) break;
  }
  assert.deepEqual(got, [
    ["test", Domain.EVENT_SUSPENDED, Domain.EVENT_SUSPENDED_PAUSED],
    ["test", Domain.EVENT_RESUMED, Domain.EVENT_RESUMED_UNPAUSED],
  ]);
});

test("close callback: reason CLIENT on close(), EOF when the daemon goes away", { timeout: 20_000 }, async (t) => {
  if (!daemon) daemon = await ownDaemon(t);
  if (!daemon) return;
  const first = await open();
  const reasons: number[] = [];
  await first.registerCloseCallback((c, reason) => {
    assert.equal(c, first);
    reasons.push(reason);
  });
  await first.close();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(reasons, [3]); // VIR_CONNECT_CLOSE_REASON_CLIENT

  const second = await open();
  const reasons2: number[] = [];
  const fired = new Promise<void>((resolve) => {
    void second.registerCloseCallback((_c, reason) => {
      reasons2.push(reason);
      resolve();
    });
  });
  // Only one close callback per connection, as in libvirt.
  await assert.rejects(second.registerCloseCallback(() => {}), /already registered/);
  await second.getVersion();
  await daemon.stop();
  await fired;
  assert.deepEqual(reasons2, [1]); // VIR_CONNECT_CLOSE_REASON_EOF
  assert.equal(second.isAlive(), false);
  await daemon.start();
});
