// A private libvirtd with max_client_requests = 5 (and one with 1): 1,000
// calls fired at once wait their turn in the socket and all complete with
// the right answers; none is lost.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "../../src/index.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";
import { fire } from "./workload.js";

const daemons: OwnDaemon[] = [];
after(async () => {
  for (const d of daemons) await d.dispose();
});

for (const limit of [5, 1]) {
  test(`max_client_requests ${limit}: 1,000 calls at once all complete`, { timeout: 120_000 }, async (t) => {
    const daemon = await ownDaemon(t, { tag: `virtwire-limit${limit}`, config: { max_client_requests: limit } });
    if (!daemon) return;
    daemons.push(daemon);
    const conn = await connect(daemon.uri());
    const dom = await conn.getDomainByName("test");
    const t0 = Date.now();
    const res = await Promise.allSettled(fire(conn, dom, 1000).calls);
    const failed = res.filter((r) => r.status === "rejected");
    assert.deepEqual(failed, []);
    assert.ok(res.every((r) => r.status === "fulfilled" && r.value === true), "a call returned a wrong answer");
    assert.equal(conn.rpc.inFlight, 0);
    t.diagnostic(`1,000 calls in ${Date.now() - t0} ms with max_client_requests ${limit}`);
    await conn.close();
  });
}
