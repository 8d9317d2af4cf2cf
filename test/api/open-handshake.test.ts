// The open handshake: one round trip where the server needs no
// authentication, a clean retry where it refuses calls made before it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeServer, procName, type FakeServer } from "../helpers/fake-server.js";
import { parseUri } from "../../src/transport/uri.js";
import { openHandshake } from "../../src/api/open-handshake.js";
import { VirtError } from "../../src/rpc/errors.js";

const FROM_RPC = 7;

/**
 * A server that refuses every call but AUTH_LIST until an AUTH_LIST of an
 * earlier write ran (a polkit socket exempting root, racing its workers).
 */
function serve(s: FakeServer, o: { authFirst: boolean; types?: number[]; log: string[] }): void {
  let listedIn = o.authFirst ? Infinity : 0;
  let batches = 0;
  s.socket.on("data", () => batches++);
  void (async () => {
    for (;;) {
      const f = await s.nextCall();
      const name = procName(f);
      o.log.push(`${batches}:${name}`);
      if (name === "auth_list") {
        listedIn = Math.min(listedIn, batches);
        s.reply(f, { types: o.types ?? [0] });
      } else if (listedIn >= batches) {
        s.replyError(f, VirtError.ERR_RPC, FROM_RPC, "authentication required");
      } else if (name === "connect_supports_feature") {
        s.reply(f, { supported: 1 });
      } else if (name === "connect_open") {
        s.reply(f);
      } else {
        s.replyError(f, VirtError.ERR_NO_SUPPORT, FROM_RPC, `unexpected ${name}`);
      }
    }
  })();
}

test("no authentication needed: AUTH_LIST, the keepalive probe and CONNECT_OPEN leave in one write", async () => {
  const s = fakeServer();
  const log: string[] = [];
  serve(s, { authFirst: false, log });
  const r = await openHandshake(s.client, parseUri("test+unix:///default?x=one"), {}, {});
  assert.deepEqual(r, { keepalive: true });
  assert.deepEqual(log, ["1:auth_list", "1:connect_supports_feature", "1:connect_open"]);
  s.client.destroy();
});

test("calls refused before authentication are sent again after it, and the endpoint asks AUTH_LIST first next time", async () => {
  const uri = parseUri("test+unix:///default?x=two");
  const s = fakeServer();
  const log: string[] = [];
  serve(s, { authFirst: true, log });
  const r = await openHandshake(s.client, uri, {}, {});
  assert.deepEqual(r, { keepalive: true });
  assert.deepEqual(log, [
    "1:auth_list",
    "1:connect_supports_feature",
    "1:connect_open",
    "2:connect_supports_feature",
    "2:connect_open",
  ]);
  s.client.destroy();

  const s2 = fakeServer();
  const log2: string[] = [];
  serve(s2, { authFirst: true, log: log2 });
  assert.deepEqual(await openHandshake(s2.client, uri, {}, {}), { keepalive: true });
  assert.deepEqual(log2, ["1:auth_list", "2:connect_supports_feature", "2:connect_open"]);
  s2.client.destroy();
});

test("keepalive: false sends no probe; other open errors are not retried", async () => {
  const s = fakeServer();
  const log: string[] = [];
  void (async () => {
    for (;;) {
      const f = await s.nextCall();
      log.push(procName(f));
      if (procName(f) === "auth_list") s.reply(f, { types: [0] });
      else s.replyError(f, VirtError.ERR_NO_CONNECT, 6, "no connection driver available for bogus:///");
    }
  })();
  await assert.rejects(
    openHandshake(s.client, parseUri("bogus+unix:///"), { keepalive: false }, {}),
    (e: unknown) => e instanceof VirtError && e.code === VirtError.ERR_NO_CONNECT,
  );
  assert.deepEqual(log, ["auth_list", "connect_open"]);
  s.client.destroy();
});

test("an authentication type the server does not offer is refused after the one round trip", async () => {
  const s = fakeServer();
  const log: string[] = [];
  serve(s, { authFirst: true, types: [1], log });
  await assert.rejects(
    openHandshake(s.client, parseUri("test+unix:///default?auth=polkit"), {}, {}),
    /requested authentication type polkit rejected/,
  );
  // ?auth= names a type, so nothing but AUTH_LIST went out.
  assert.deepEqual(log, ["1:auth_list"]);
  s.client.destroy();
});
