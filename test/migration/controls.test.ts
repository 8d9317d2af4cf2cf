// Migration controls and events on real migrations between two libvirtd
// hosts (scripts/two-hosts.sh), with one busybox guest that ping-pongs:
// events of a hop on both hosts; tuning calls on a running migration slowed
// to 1 MiB/s (96 MiB of guest memory) so job progress can be watched and the
// job aborted; post-copy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Domain, VirtError, type DomainEvent } from "../../src/index.js";
import { requireTwoHosts } from "../helpers/two-hosts.js";
import { assertAbsent, assertAliveHere, hopped, setUp, tearDown, type Fixture } from "./fixture.js";
import { record, type Recorder } from "./events.js";

const LIVE = Domain.MIGRATE_LIVE;
const FROM_QEMU = 10;
const ERR_OPERATION_ABORTED = 78;
const MiB = 1024n * 1024n;

let f: Fixture | null = null;

before(async () => {
  f = await setUp(20, "mig-ctl");
});

after(async () => {
  await f?.dom.destroy().catch(() => undefined);
  await tearDown(f);
});

function fixture(t: { skip(m?: string): void }): Fixture | undefined {
  const rig = requireTwoHosts(t, f?.rig);
  if (!rig || !f) return undefined;
  return f;
}

const has = (events: DomainEvent[], id: number): boolean => events.some((e) => e.eventId === id);

function lifecycleIncludes(r: Recorder, expected: [number, number][]): boolean {
  // In this order, other events allowed in between.
  let i = 0;
  for (const ev of r.lifecycle()) if (i < expected.length && ev[0] === expected[i]![0] && ev[1] === expected[i]![1]) i++;
  return i === expected.length;
}

/** Polls the source's job until memory_processed has grown `samples` times; returns the samples. */
async function watchProgress(dom: Domain, samples: number): Promise<Record<string, unknown>[]> {
  const seen: Record<string, unknown>[] = [];
  const deadline = Date.now() + 60_000;
  while (seen.length < samples) {
    assert.ok(Date.now() < deadline, `migration showed no progress: ${JSON.stringify(seen, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
    const s = await dom.getJobStats();
    const processed = s[Domain.JOB_MEMORY_PROCESSED];
    const last = seen.at(-1)?.[Domain.JOB_MEMORY_PROCESSED];
    if (s.type === Domain.JOB_UNBOUNDED && typeof processed === "bigint" && processed > 0n && (last === undefined || processed > (last as bigint))) {
      seen.push(s);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return seen;
}

test("events of one hop: lifecycle on both hosts, migration iterations and job completed on the source", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const src = await record(g.here.conn, [Domain.EVENT_ID_LIFECYCLE, Domain.EVENT_ID_MIGRATION_ITERATION, Domain.EVENT_ID_JOB_COMPLETED]);
  const dst = await record(g.there.conn, [Domain.EVENT_ID_LIFECYCLE, Domain.EVENT_ID_JOB_COMPLETED]);
  // And the async-iterator form on the source's TCP connection.
  const iter = g.here.tcp.domainEvents(Domain.EVENT_ID_MIGRATION_ITERATION);
  await iter.ready;
  try {
    const ddom = await g.dom.migrate(g.there.conn, {}, LIVE);
    const srcDone: [number, number][] = [
      [Domain.EVENT_SUSPENDED, Domain.EVENT_SUSPENDED_MIGRATED],
      [Domain.EVENT_STOPPED, Domain.EVENT_STOPPED_MIGRATED],
    ];
    const dstDone: [number, number][] = [
      [Domain.EVENT_STARTED, Domain.EVENT_STARTED_MIGRATED],
      [Domain.EVENT_RESUMED, Domain.EVENT_RESUMED_MIGRATED],
    ];
    await src.until(() => lifecycleIncludes(src, srcDone) && has(src.events, Domain.EVENT_ID_JOB_COMPLETED), "source events");
    await dst.until(() => lifecycleIncludes(dst, dstDone), "destination events");

    const iterations = src.events.flatMap((e) => (e.eventId === Domain.EVENT_ID_MIGRATION_ITERATION ? [e.iteration] : []));
    assert.ok(iterations.length >= 1, "at least one migration-iteration event");
    assert.ok(iterations.every((n, i) => n >= 1 && (i === 0 || n > iterations[i - 1]!)), `iterations count up: ${iterations.join(",")}`);
    for await (const ev of iter) {
      assert.equal(ev.dom.getUuidString(), g.dom.getUuidString());
      assert.equal(ev.iteration, iterations[0]);
      break;
    }

    const done = src.events.find((e) => e.eventId === Domain.EVENT_ID_JOB_COMPLETED);
    assert.ok(done?.eventId === Domain.EVENT_ID_JOB_COMPLETED);
    assert.equal(done.dom.getUuidString(), g.dom.getUuidString());
    assert.equal(done.params[Domain.JOB_OPERATION], Domain.JOB_OPERATION_MIGRATION_OUT);
    const total = done.params[Domain.JOB_MEMORY_TOTAL];
    assert.ok(typeof total === "bigint" && total >= 96n * MiB, `memory_total ${String(total)}`);
    assert.ok(typeof done.params[Domain.JOB_TIME_ELAPSED] === "bigint");
    assert.ok(typeof done.params[Domain.JOB_DOWNTIME] === "bigint");
    // Every lifecycle event names the migrating guest.
    for (const e of [...src.events, ...dst.events]) assert.equal(e.dom.getUuidString(), g.dom.getUuidString());
    await hopped(g, ddom);
  } finally {
    await iter.close();
    await src.stop();
    await dst.stop();
  }
});

test("max downtime, max speed (pre- and post-copy) and compression cache: set and read back on the guest", async (t) => {
  const g = fixture(t);
  if (!g) return;
  await g.dom.migrateSetMaxDowntime(250);
  assert.equal(await g.dom.migrateGetMaxDowntime(), 250n);
  await g.dom.migrateSetMaxSpeed(64);
  assert.equal(await g.dom.migrateGetMaxSpeed(), 64n);
  await g.dom.migrateSetMaxSpeed(32n, Domain.MIGRATE_MAX_SPEED_POSTCOPY);
  assert.equal(await g.dom.migrateGetMaxSpeed(Domain.MIGRATE_MAX_SPEED_POSTCOPY), 32n);
  assert.equal(await g.dom.migrateGetMaxSpeed(), 64n);
  await g.dom.migrateSetCompressionCache(16n * MiB);
  assert.equal(await g.dom.migrateGetCompressionCache(), 16n * MiB);
});

test("a migration at 1 MiB/s: job stats and job info show progress, tuning applies mid-flight, abortJob leaves the guest on the source", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const dest = g.there;
  const running = g.dom.migrate(dest.conn, { [Domain.MIGRATE_PARAM_BANDWIDTH]: 1 }, LIVE);
  // Observe the failure whenever it comes; inspected after abortJob.
  const outcome = running.then(
    () => null,
    (err: unknown) => err,
  );

  const samples = await watchProgress(g.dom, 3);
  for (const s of samples) {
    assert.equal(s["type"], Domain.JOB_UNBOUNDED);
    assert.equal(s[Domain.JOB_OPERATION], Domain.JOB_OPERATION_MIGRATION_OUT);
    const total = s[Domain.JOB_MEMORY_TOTAL] as bigint;
    assert.ok(total >= 96n * MiB, `memory_total ${total}`);
    const processed = s[Domain.JOB_MEMORY_PROCESSED] as bigint;
    const remaining = s[Domain.JOB_MEMORY_REMAINING] as bigint;
    assert.ok(processed > 0n && remaining > 0n && remaining < total, `processed ${processed}, remaining ${remaining} of ${total}`);
  }
  const first = samples[0]!;
  const last = samples.at(-1)!;
  assert.ok((last[Domain.JOB_MEMORY_REMAINING] as bigint) < (first[Domain.JOB_MEMORY_REMAINING] as bigint), "remaining memory shrinks");
  assert.ok((last[Domain.JOB_TIME_ELAPSED] as bigint) > (first[Domain.JOB_TIME_ELAPSED] as bigint));
  // The bandwidth actually measured by QEMU, in bytes/s.
  assert.ok(samples.some((s) => typeof s[Domain.JOB_MEMORY_BPS] === "bigint" && (s[Domain.JOB_MEMORY_BPS] as bigint) > 0n), "memory_bps reported");

  const info = await g.dom.getJobInfo();
  assert.equal(info.type, Domain.JOB_UNBOUNDED);
  assert.ok(info.memTotal >= 96n * MiB);
  assert.ok(info.memProcessed >= (first[Domain.JOB_MEMORY_PROCESSED] as bigint));
  assert.ok(info.memRemaining > 0n && info.memRemaining < info.memTotal);
  assert.ok(info.dataTotal >= info.memTotal);
  assert.ok(info.timeElapsed > 0n);

  // Tuning the running job: the bandwidth parameter shows as the max speed.
  assert.equal(await g.dom.migrateGetMaxSpeed(), 1n);
  await g.dom.migrateSetMaxSpeed(2);
  assert.equal(await g.dom.migrateGetMaxSpeed(), 2n);
  await g.dom.migrateSetMaxDowntime(400);
  assert.equal(await g.dom.migrateGetMaxDowntime(), 400n);
  await g.dom.migrateSetCompressionCache(8n * MiB);
  assert.equal(await g.dom.migrateGetCompressionCache(), 8n * MiB);
  const later = await watchProgress(g.dom, 1);
  assert.ok((later[0]![Domain.JOB_MEMORY_PROCESSED] as bigint) > (last[Domain.JOB_MEMORY_PROCESSED] as bigint));

  await g.dom.abortJob();
  const err = await outcome;
  assert.ok(err instanceof VirtError, `migrate() should fail after abortJob, got ${String(err)}`);
  assert.equal(err.code, ERR_OPERATION_ABORTED, err.message);
  assert.equal(err.domain, FROM_QEMU, err.message);
  assert.match(err.message, /canceled by client/);

  // Still here, running, no job; nothing left on the destination.
  assert.equal((await g.dom.getJobInfo()).type, Domain.JOB_NONE);
  // libvirt 9.0 keeps statistics of successful jobs only: the last completed
  // job is still the incoming migration that brought the guest here.
  const lastJob = await g.dom.getJobStats(Domain.JOB_STATS_COMPLETED);
  assert.equal(lastJob.type, Domain.JOB_COMPLETED);
  assert.equal(lastJob[Domain.JOB_OPERATION], Domain.JOB_OPERATION_MIGRATION_IN);
  await assertAbsent(dest.conn, g.dom.getName());
  await assertAliveHere(g);
});

test("the caller's AbortSignal cancels a peer-to-peer migration: the source's job is aborted, the promise settles after it", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const dest = g.there;
  const ac = new AbortController();
  const reason = new Error("caller gave up");
  const running = g.dom.migrateToUri(dest.host.tcpUri, { [Domain.MIGRATE_PARAM_BANDWIDTH]: 1 }, Domain.MIGRATE_PEER2PEER | LIVE, {
    signal: ac.signal,
  });
  const outcome = running.then(
    () => null,
    (err: unknown) => err,
  );
  await watchProgress(g.dom, 2);
  ac.abort(reason);
  assert.equal(await outcome, reason);
  // Settled means settled: no job left, the guest runs here only.
  assert.equal((await g.dom.getJobInfo()).type, Domain.JOB_NONE);
  await assertAbsent(dest.conn, g.dom.getName());
  await assertAliveHere(g);
});

test("post-copy: MIGRATE_POSTCOPY at 1 MiB/s, then migrateStartPostCopy finishes the hop", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const src = await record(g.here.conn, [Domain.EVENT_ID_LIFECYCLE]);
  const dst = await record(g.there.conn, [Domain.EVENT_ID_LIFECYCLE]);
  try {
    const running = g.dom.migrate(
      g.there.conn,
      { [Domain.MIGRATE_PARAM_BANDWIDTH]: 1, [Domain.MIGRATE_PARAM_BANDWIDTH_POSTCOPY]: 200 },
      LIVE | Domain.MIGRATE_POSTCOPY,
    );
    const outcome = running.then(
      (d) => d,
      (err: unknown) => err,
    );
    await watchProgress(g.dom, 2);
    assert.equal(await g.dom.migrateGetMaxSpeed(Domain.MIGRATE_MAX_SPEED_POSTCOPY), 200n);
    await g.dom.migrateSetMaxSpeed(300, Domain.MIGRATE_MAX_SPEED_POSTCOPY);
    assert.equal(await g.dom.migrateGetMaxSpeed(Domain.MIGRATE_MAX_SPEED_POSTCOPY), 300n);
    assert.equal(await g.dom.migrateGetMaxSpeed(), 1n);
    try {
      await g.dom.migrateStartPostCopy();
    } catch (err) {
      // Software emulation may lack what post-copy needs (userfaultfd on the
      // destination): QEMU's own words must come through, and abort must work.
      assert.ok(err instanceof VirtError && err.domain === FROM_QEMU, String(err));
      t.diagnostic(`post-copy refused: ${err.message}`);
      await g.dom.abortJob();
      assert.ok((await outcome) instanceof VirtError);
      await assertAliveHere(g);
      return;
    }
    const ddom = await outcome;
    assert.ok(ddom instanceof Domain, `post-copy migration failed: ${String(ddom)}`);
    await src.until(() => lifecycleIncludes(src, [[Domain.EVENT_SUSPENDED, Domain.EVENT_SUSPENDED_POSTCOPY]]), "source post-copy events");
    await dst.until(() => lifecycleIncludes(dst, [[Domain.EVENT_RESUMED, Domain.EVENT_RESUMED_POSTCOPY]]), "destination post-copy events");
    await hopped(g, ddom);
  } finally {
    await src.stop();
    await dst.stop();
  }
});
