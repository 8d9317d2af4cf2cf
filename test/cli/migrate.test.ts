// migrate between two libvirtd hosts on this machine (scripts/two-hosts.sh):
// a normal live migration with --verbose progress, then back peer-to-peer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, tearDown, type Fixture } from "../migration/fixture.js";
import { requireTwoHosts } from "../helpers/two-hosts.js";
import { virtwire } from "./cli-helpers.js";

let f: Fixture | null = null;

before(async () => {
  f = await setUp(60, "cli-mig");
});

after(async () => {
  await tearDown(f);
});

test("migrate --live --verbose: virsh's progress, the guest runs on the destination; back with --p2p", async (t) => {
  if (!requireTwoHosts(t, f?.rig) || !f) return;
  const { a, b, name } = f;
  const there = await virtwire(["-c", a.host.uri, "migrate", name, b.host.uri, "--live", "--verbose"], { timeoutMs: 180_000 });
  assert.equal(there.code, 0, there.stderr);
  assert.equal(there.stdout, "\n");
  assert.match(there.stderr, /\rMigration: \[100\.00 %\]$/);
  const onB = await virtwire(["-c", b.host.uri, "domstate", name, "--reason"]);
  assert.equal(onB.stdout, "running (migrated)\n\n");
  const goneFromA = await virtwire(["-c", a.host.uri, "domstate", name]);
  assert.equal(goneFromA.code, 1);

  // Peer to peer: the source daemon connects to the destination itself (its TCP URI).
  const back = await virtwire(["-c", b.host.uri, "--json", "migrate", name, a.host.tcpUri, "--live", "--p2p"], { timeoutMs: 180_000 });
  assert.equal(back.code, 0, back.stderr);
  assert.deepEqual(JSON.parse(back.stdout), { name, desturi: a.host.tcpUri, migrated: true });
  const onA = await virtwire(["-c", a.host.uri, "domstate", name, "--reason"]);
  assert.equal(onA.stdout, "running (migrated)\n\n");
});

test("migrate refusals print libvirt's reason", async (t) => {
  if (!requireTwoHosts(t, f?.rig) || !f) return;
  const r = await virtwire(["-c", f.a.host.uri, "migrate", "no-such-guest", f.b.host.uri]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: failed to get domain 'no-such-guest'\n/);
  const offline = await virtwire(["-c", f.a.host.uri, "migrate", f.name, f.b.host.uri, "--timeout", "5"]);
  assert.equal(offline.stderr, "error: migrate: Unexpected timeout for offline migration\n");
});
