// Shared by the migration tests: the two-host rig, connections to both hosts
// (unix sockets, plus TCP for peer-to-peer through migrate(destConn)), one
// booted busybox guest, and the checks made after every hop.
import assert from "node:assert/strict";
import { join } from "node:path";
import { connect, Domain, VirtError, type Connection } from "../../src/index.js";
import { GUEST_READY, guestXml, uniqueGuestName, waitForText } from "../helpers/live.js";
import { tryStartTwoHosts, type RigHost, type TwoHosts } from "../helpers/two-hosts.js";
import { guestUptime } from "./guest-console.js";

export interface Side {
  host: RigHost;
  /** Through the host's unix socket. */
  conn: Connection;
  /** Through qemu+tcp://ADDR/system: a URI the other host's daemon can use too. */
  tcp: Connection;
}

export interface Fixture {
  rig: TwoHosts;
  a: Side;
  b: Side;
  /** The guest where it runs now (updated by hop()). */
  dom: Domain;
  /** The side the guest runs on. */
  here: Side;
  /** The other side. */
  there: Side;
  /** Uptime (s) read on the console after the last hop. */
  uptime: number;
  /** The domain name the guest was created with. */
  name: string;
}

const ERR_NO_DOMAIN = 42;

/** Starts the rig (first free instance from `base`: one base per test file) and boots the guest on host a; null when skipped. */
export async function setUp(base: number, tag: string): Promise<Fixture | null> {
  const rig = await tryStartTwoHosts(base);
  if (rig === null) return null;
  const side = async (host: RigHost): Promise<Side> => ({ host, conn: await connect(host.uri), tcp: await connect(host.tcpUri) });
  const a = await side(rig.a);
  const b = await side(rig.b);
  const name = uniqueGuestName(tag);
  // The serial log is written by host a's virtlogd, under its private /var/log/libvirt.
  const log = `/var/log/libvirt/qemu/${name}-serial.log`;
  const dom = await a.conn.createDomain(guestXml({ name, vnc: false, serialLog: log }));
  await waitForText(join(rig.a.dir, "log/qemu", `${name}-serial.log`), GUEST_READY, 90_000);
  const f: Fixture = { rig, a, b, dom, here: a, there: b, uptime: 0, name };
  f.uptime = await guestUptime(dom);
  return f;
}

export async function tearDown(f: Fixture | null): Promise<void> {
  if (!f) return;
  for (const s of [f.a, f.b]) {
    for (const c of [s.conn, s.tcp]) await c.close().catch(() => undefined);
  }
  await f.rig.down();
}

/** Awaits a VirtError with this code (and error domain). */
export async function rejectsCode(p: Promise<unknown>, code: number, domain?: number): Promise<VirtError> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof VirtError, `expected a VirtError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (domain !== undefined) assert.equal(caught.domain, domain, caught.message);
  return caught;
}

/** The domain named `name` is not on `conn`'s host. */
export async function assertAbsent(conn: Connection, name: string): Promise<void> {
  await rejectsCode(conn.getDomainByName(name), ERR_NO_DOMAIN);
}

/** The guest is running on the source and its console answers with a larger uptime. */
export async function assertAliveHere(f: Fixture): Promise<void> {
  assert.equal((await f.dom.getState())[0], Domain.STATE_RUNNING);
  const up = await guestUptime(f.dom);
  assert.ok(up > f.uptime, `uptime went from ${f.uptime} to ${up}: not the same guest?`);
  f.uptime = up;
}

export interface HopCheck {
  /** Name on the destination (default: unchanged). */
  name?: string;
  /** The source keeps an inactive definition (persistent guest, no UNDEFINE_SOURCE). */
  sourceKeepsDefinition?: boolean;
}

/**
 * After a migration from f.here to f.there: `ddom` (the returned Domain, or
 * looked up on the destination when the entry point returns nothing) runs
 * on the destination under the expected name, its console answers with a
 * larger uptime than before the hop, and the source no longer runs it.
 */
export async function hopped(f: Fixture, ddom: Domain | null, check: HopCheck = {}): Promise<Domain> {
  const src = f.here;
  const dst = f.there;
  const oldName = f.dom.getName();
  const name = check.name ?? oldName;
  const dom = ddom ?? (await dst.conn.getDomainByName(name));
  assert.equal(dom.getName(), name);
  assert.equal(dom.getUuidString(), f.dom.getUuidString(), "same guest UUID on the destination");
  assert.equal((await dom.getState())[0], Domain.STATE_RUNNING);
  assert.ok((await dom.getInfo()).cpuTime > 0n);
  const up = await guestUptime(dom);
  assert.ok(up > f.uptime, `uptime went from ${f.uptime} to ${up}: not the same guest?`);

  if (check.sourceKeepsDefinition) {
    const left = await src.conn.getDomainByName(oldName);
    assert.equal((await left.getState())[0], Domain.STATE_SHUTOFF);
  } else {
    await assertAbsent(src.conn, oldName);
  }
  f.uptime = up;
  f.dom = dom;
  f.here = dst;
  f.there = src;
  return dom;
}

/**
 * The guest's migratable XML with a <description> (ABI unchanged). The name
 * stays: libvirt refuses a destination XML whose name differs from the
 * source's ("Target domain name ... does not match source"); DEST_NAME renames.
 */
export async function destXml(dom: Domain, description: string): Promise<string> {
  const xml = (await dom.getXmlDescription(Domain.XML_MIGRATABLE)).replace(/\s*<description>[^<]*<\/description>/, "");
  assert.match(xml, /<\/name>/);
  return xml.replace(/<\/name>/, `</name>\n  <description>${description}</description>`);
}

/** The <description> of the domain's live (or, with XML_INACTIVE, persistent) XML. */
export async function descriptionOf(dom: Domain, flags = 0): Promise<string | null> {
  return /<description>([^<]*)<\/description>/.exec(await dom.getXmlDescription(flags))?.[1] ?? null;
}
