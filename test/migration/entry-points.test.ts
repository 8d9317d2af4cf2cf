// Every migration entry point, live, between two real libvirtd hosts
// (scripts/two-hosts.sh): one busybox guest ping-pongs between host a and
// host b; after each hop its console answers on the destination with a
// larger uptime (the same guest, still running) and the source has let go.
// Tests run in order and each starts where the previous one left the guest.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Domain } from "../../src/index.js";
import { requireTwoHosts } from "../helpers/two-hosts.js";
import { assertAbsent, descriptionOf, destXml, hopped, rejectsCode, setUp, tearDown, type Fixture } from "./fixture.js";

const LIVE = Domain.MIGRATE_LIVE;
const P2P = Domain.MIGRATE_PEER2PEER;
const TUNNELLED = Domain.MIGRATE_TUNNELLED;
const ERR_INVALID_ARG = 8;
const ERR_CONFIG_UNSUPPORTED = 67;
const FROM_DOMAIN = 20;

let f: Fixture | null = null;

before(async () => {
  f = await setUp(10, "mig-entry");
});

after(async () => {
  if (f) {
    // Persistent by the end: destroy and undefine wherever it is.
    await f.dom.destroy().catch(() => undefined);
    await f.dom.undefine().catch(() => undefined);
  }
  await tearDown(f);
});

function fixture(t: { skip(m?: string): void }): Fixture | undefined {
  const rig = requireTwoHosts(t, f?.rig);
  if (!rig || !f) return undefined;
  return f;
}

test("migrate(destConn, params, LIVE), client-driven: migration URI, new name, destination XML, bandwidth", async (t) => {
  const g = fixture(t);
  if (!g) return;
  assert.equal(g.here, g.a);
  const moved = `${g.name}-b`;
  // libvirt checks DEST_XML against the source in BEGIN: another name is refused there.
  const renamed = (await destXml(g.dom, "x")).replace(/<name>[^<]*<\/name>/, `<name>${moved}</name>`);
  const err = await rejectsCode(g.dom.migrate(g.there.conn, { [Domain.MIGRATE_PARAM_DEST_XML]: renamed }, LIVE), ERR_CONFIG_UNSUPPORTED, FROM_DOMAIN);
  assert.match(err.message, /Target domain name '.*' does not match source/);
  assert.equal((await g.dom.getJobInfo()).type, Domain.JOB_NONE);

  const ddom = await g.dom.migrate(
    g.there.conn,
    {
      [Domain.MIGRATE_PARAM_URI]: `tcp://${g.there.host.addr}`,
      [Domain.MIGRATE_PARAM_DEST_NAME]: moved,
      // The destination XML keeps the source's name: DEST_NAME renames.
      [Domain.MIGRATE_PARAM_DEST_XML]: await destXml(g.dom, "hop 1"),
      [Domain.MIGRATE_PARAM_BANDWIDTH]: 1000,
    },
    LIVE,
  );
  // The returned Domain belongs to the destination connection and works there.
  assert.equal(ddom.getConnection(), g.there.conn);
  await hopped(g, ddom, { name: moved });
  assert.equal(await descriptionOf(ddom), "hop 1");
  assert.equal(await ddom.isPersistent(), false);
});

test("migrate(destConn, flags, dname, uri, bandwidth): the deprecated positional form", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const ddom = await g.dom.migrate(g.there.conn, LIVE, g.name, `tcp://${g.there.host.addr}`, 1000);
  assert.equal(ddom.getConnection(), g.there.conn);
  await hopped(g, ddom, { name: g.name });
});

test("migrate2(destConn, dxml, flags, dname, uri, bandwidth)", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const ddom = await g.dom.migrate2(g.there.conn, await destXml(g.dom, "hop 3"), LIVE, null, null, 0);
  await hopped(g, ddom);
  assert.equal(await descriptionOf(ddom), "hop 3");
});

test("migrate(destConn, params, PEER2PEER): the source daemon connects to the URI destConn was opened with", async (t) => {
  const g = fixture(t);
  if (!g) return;
  // A unix-socket destConn names no host: libvirt's client refuses peer-to-peer to it.
  await rejectsCode(g.dom.migrate(g.there.conn, {}, P2P | LIVE), ERR_INVALID_ARG, FROM_DOMAIN);
  // Through qemu+tcp://ADDR/system, which host b's daemon can reach too.
  const ddom = await g.dom.migrate(g.there.tcp, {}, P2P | LIVE);
  assert.equal(ddom.getConnection(), g.there.tcp);
  await hopped(g, ddom);
});

test("migrate(destConn, params, PEER2PEER | TUNNELLED): the migration stream goes through the daemons", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const ddom = await g.dom.migrate(g.there.tcp, { [Domain.MIGRATE_PARAM_BANDWIDTH]: 1000 }, P2P | TUNNELLED | LIVE);
  await hopped(g, ddom);
});

test("migrateToUri(destUri, params, PEER2PEER): new name and migration URI", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const moved = `${g.name}-p2p`;
  const r = await g.dom.migrateToUri(
    g.there.host.tcpUri,
    { [Domain.MIGRATE_PARAM_DEST_NAME]: moved, [Domain.MIGRATE_PARAM_URI]: `tcp://${g.there.host.addr}` },
    P2P | LIVE,
  );
  assert.equal(r, undefined);
  await hopped(g, null, { name: moved });
});

test("migrateToUri(destUri, flags, dname, bandwidth): the deprecated positional form, tunnelled", async (t) => {
  const g = fixture(t);
  if (!g) return;
  await g.dom.migrateToUri(g.there.host.tcpUri, P2P | TUNNELLED | LIVE, g.name, 1000);
  await hopped(g, null, { name: g.name });
});

test("migrateToUri2(dconnuri, miguri, dxml, flags, dname, bandwidth)", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const dxml = await destXml(g.dom, "hop 8");
  await g.dom.migrateToUri2(g.there.host.tcpUri, `tcp://${g.there.host.addr}`, dxml, P2P | LIVE, null, 0);
  const ddom = await hopped(g, null);
  assert.equal(await descriptionOf(ddom), "hop 8");
});

test("PERSIST_DEST with a persistent XML: the destination defines the guest, the transient source forgets it", async (t) => {
  const g = fixture(t);
  if (!g) return;
  assert.equal(await g.dom.isPersistent(), false);
  const persist = await destXml(g.dom, "persisted");
  const ddom = await g.dom.migrate(g.there.conn, { [Domain.MIGRATE_PARAM_PERSIST_XML]: persist }, LIVE | Domain.MIGRATE_PERSIST_DEST);
  await hopped(g, ddom);
  assert.equal(await ddom.isPersistent(), true);
  assert.equal(await descriptionOf(ddom, Domain.XML_INACTIVE), "persisted");
});

test("PERSIST_DEST | UNDEFINE_SOURCE: the persistent guest moves with its definition", async (t) => {
  const g = fixture(t);
  if (!g) return;
  assert.equal(await g.dom.isPersistent(), true);
  const src = g.here.conn;
  const ddom = await g.dom.migrate(g.there.conn, {}, LIVE | Domain.MIGRATE_PERSIST_DEST | Domain.MIGRATE_UNDEFINE_SOURCE);
  await hopped(g, ddom);
  assert.equal(await ddom.isPersistent(), true);
  assert.equal(await descriptionOf(ddom, Domain.XML_INACTIVE), "persisted");
  await assertAbsent(src, g.name);
});

test("a persistent guest migrated without UNDEFINE_SOURCE stays defined (shut off) on the source", async (t) => {
  const g = fixture(t);
  if (!g) return;
  const src = g.here.conn;
  const ddom = await g.dom.migrate(g.there.conn, {}, LIVE);
  await hopped(g, ddom, { sourceKeepsDefinition: true });
  // Without PERSIST_DEST the destination runs it as a transient guest.
  assert.equal(await ddom.isPersistent(), false);
  const left = await src.getDomainByName(g.name);
  assert.equal(await left.isPersistent(), true);
  await left.undefine();
  await assertAbsent(src, g.name);
});
