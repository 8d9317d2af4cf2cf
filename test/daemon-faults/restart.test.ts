// kill -9 and restart of a private libvirtd under a Connection opened with
// { reconnect }: calls during the outage fail at once, the connection comes
// back by itself, Domain handles stay valid and both event subscriptions
// (all domains, and one filtered on a domain) deliver again.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect, ConnectionClosedError, Domain, type Connection } from "../../src/index.js";
import type { ReconnectedInfo } from "../../src/api/reconnect.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";

let daemon: OwnDaemon | undefined;
const opened: Connection[] = [];
after(async () => {
  for (const c of opened) await c.close().catch(() => undefined);
  await daemon?.dispose();
});

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

test("restart: reconnect restores the subscriptions; events flow again", { timeout: 60_000 }, async (t) => {
  daemon = await ownDaemon(t, { tag: "virtwire-restart" });
  if (!daemon) return;
  const conn = await connect(daemon.uri(), { reconnect: { initialDelay: 50, maxDelay: 400 } });
  opened.push(conn);
  const dom = await conn.getDomainByName("test");
  const all: number[] = [];
  const filtered: number[] = [];
  await conn.domainEventRegisterAny(null, Domain.EVENT_ID_LIFECYCLE, (_d, ev) => void all.push(ev.event));
  await conn.domainEventRegisterAny(dom, Domain.EVENT_ID_LIFECYCLE, (_d, ev) => void filtered.push(ev.event));
  const other = await connect(daemon.uri());
  opened.push(other);
  const od = await other.getDomainByName("test");
  await od.suspend();
  await until(() => all.length === 1 && filtered.length === 1);
  await other.close();

  const disconnected = new Promise((r) => conn.once("disconnected", r));
  const reconnected = new Promise<ReconnectedInfo>((r) => conn.once("reconnected", r));
  await daemon.kill();
  await disconnected;
  // While down, calls fail at once instead of waiting.
  await assert.rejects(conn.getType(), ConnectionClosedError);
  await daemon.start();
  const info = await reconnected;
  assert.deepEqual(info.resubscribeFailures, []);
  assert.equal(info.eventsMayHaveBeenMissed, true);
  // The restarted daemon's default instance starts over: "test" is running again.
  assert.equal((await dom.getState())[0], Domain.STATE_RUNNING);

  const other2 = await connect(daemon.uri());
  opened.push(other2);
  const od2 = await other2.getDomainByName("test");
  await od2.suspend();
  await od2.resume();
  await until(() => all.length === 3 && filtered.length === 3);
  assert.deepEqual(all, [Domain.EVENT_SUSPENDED, Domain.EVENT_SUSPENDED, Domain.EVENT_RESUMED]);
  assert.deepEqual(filtered, all);
  await other2.close();
  await conn.close();
});
