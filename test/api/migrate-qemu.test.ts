// Migration on a real QEMU guest with one host: the tuning calls work on a
// running guest; a migration to the same host gets as far as the destination
// daemon (client-driven) or the source daemon (peer-to-peer), which refuse it,
// and the source guest is left running with no job.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect, Domain, type Connection } from "../../src/index.js";
import { guestXml, liveTarget, requireLive, uniqueGuestName } from "../helpers/live.js";
import { rejectsVirt } from "./jobs-node.js";

const SAME_HOST = /^internal error: Attempt to migrate guest to the same host [0-9a-f-]{36}$/;
let conn: Connection | undefined;
let dest: Connection | undefined;
let dom: Domain;

before(async () => {
  if (!liveTarget("qemu")) return;
  conn = await connect("qemu:///system");
  dest = await connect("qemu:///system");
  // Diskless SeaBIOS guest: no storage to make the migration "unsafe".
  dom = await conn.createDomain(guestXml({ name: uniqueGuestName("migrate"), boot: false, vnc: false, memoryMiB: 32 }));
});

after(async () => {
  await dom?.destroy().catch(() => undefined);
  await conn?.close();
  await dest?.close();
});

async function idle(): Promise<void> {
  assert.equal((await dom.getState())[0], Domain.STATE_RUNNING);
  assert.equal((await dom.getJobInfo()).type, Domain.JOB_NONE);
}

test("max speed, max downtime, compression cache: set and read back", async (t) => {
  if (!requireLive(t, "qemu") || !conn) return;
  assert.equal(typeof (await dom.migrateGetMaxSpeed()), "bigint");
  await dom.migrateSetMaxSpeed(100);
  assert.equal(await dom.migrateGetMaxSpeed(), 100n);
  await dom.migrateSetMaxSpeed(50n, Domain.MIGRATE_MAX_SPEED_POSTCOPY);
  assert.equal(await dom.migrateGetMaxSpeed(Domain.MIGRATE_MAX_SPEED_POSTCOPY), 50n);
  assert.equal(await dom.migrateGetMaxSpeed(), 100n);

  await dom.migrateSetMaxDowntime(500);
  assert.equal(await dom.migrateGetMaxDowntime(), 500n);

  await dom.migrateSetCompressionCache(32n * 1024n * 1024n);
  assert.equal(await dom.migrateGetCompressionCache(), 32n * 1024n * 1024n);
});

test("migrateStartPostCopy without an outgoing migration fails", async (t) => {
  if (!requireLive(t, "qemu") || !conn) return;
  await rejectsVirt(dom.migrateStartPostCopy(), 55, 10, /post-copy can only be started while outgoing migration is in progress/);
});

test("migrate to a connection on the same host: the destination refuses in PREPARE, the source recovers", async (t) => {
  if (!requireLive(t, "qemu") || !conn || !dest) return;
  await rejectsVirt(dom.migrate(dest, {}, Domain.MIGRATE_LIVE), 1, 10, SAME_HOST);
  await idle();
  // CONFIRM(cancelled) ended the source's job: a second attempt gets the same answer, not "job busy".
  await rejectsVirt(dom.migrate(dest, Domain.MIGRATE_LIVE, null, null, 10), 1, 10, SAME_HOST);
  await idle();
});

test("migrateToUri with PEER2PEER over TCP to this host: the source daemon refuses", async (t) => {
  if (!requireLive(t, "qemu") || !conn) return;
  if (!liveTarget("test-tcp")) {
    t.skip("no libvirtd TCP listener on 127.0.0.1:16509");
    return;
  }
  await rejectsVirt(dom.migrateToUri("qemu+tcp://127.0.0.1/system", {}, Domain.MIGRATE_PEER2PEER | Domain.MIGRATE_LIVE), 1, 10, SAME_HOST);
  await idle();
});

test("client-side refusals: a host-less peer-to-peer URI, direct migration on QEMU", async (t) => {
  if (!requireLive(t, "qemu") || !conn) return;
  await rejectsVirt(dom.migrateToUri("qemu:///system", {}, Domain.MIGRATE_PEER2PEER), 8, 20, "Attempt to migrate guest to the same host");
  await rejectsVirt(
    dom.migrateToUri(null, { [Domain.MIGRATE_PARAM_URI]: "tcp://127.0.0.1:49152" }, 0),
    74,
    20,
    "argument unsupported: direct migration is not supported by the source host",
  );
  await idle();
});
