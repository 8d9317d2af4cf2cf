// The calls newer than libvirt 9.0, for real, on each reachable QEMU driver:
// one diskless VNC guest (with a virtio channel) per daemon. Where a daemon
// lacks a call, its exact "unknown procedure" refusal.
// The newer daemons (scripts/libvirt-versions.sh) have VNC with TLS, so
// graphics reload has certificates to reload.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { connect, Domain, VirtError, type Connection } from "../../src/index.js";
import type { remote_typed_param } from "../../src/protocol/index.js";
import { guestXml, uniqueGuestName } from "../helpers/live.js";
import type { LibvirtDaemon } from "../helpers/versions.js";
import { daemonsOrSkip, EVENT_SINCE, hasSince, isUnknownProcedure, knowsProc } from "./daemons.js";

const CHANNEL = "org.virtwire.versions.0";
const AFFECT_CONFIG = 2;
const CHANNEL_LIFECYCLE = Domain.EVENT_ID_CHANNEL_LIFECYCLE;

interface Guest {
  d: LibvirtDaemon;
  conn: Connection;
  dom: Domain;
  /** Channel lifecycle events (12.4+) seen for this guest since registration. */
  channelEvents: Record<string, unknown>[];
}

const guests: Guest[] = [];
let started: Promise<Guest[]> | null = null;

/** One persistent, running guest per daemon, made once for the whole file. */
function guestsFor(t: Parameters<typeof daemonsOrSkip>[0]): Promise<Guest[]> {
  started ??= (async () => {
    for (const d of daemonsOrSkip(t)) {
      const conn = await connect(d.qemuUri);
      const g: Guest = { d, conn, dom: null as unknown as Domain, channelEvents: [] };
      if (hasSince(d, EVENT_SINCE.get(CHANNEL_LIFECYCLE)!)) {
        // Through the typed API: the payload arrives as { channelName, state, reason } with a Domain.
        await conn.domainEventRegisterAny(null, Domain.EVENT_ID_CHANNEL_LIFECYCLE, (_d, ev) => {
          g.channelEvents.push({ channelName: ev.channelName, state: ev.state, reason: ev.reason, dom: { name: ev.dom.getName() } });
        });
      }
      const xml = guestXml({ name: uniqueGuestName(`v${d.label.replace(".", "")}`), boot: false, vnc: true, channel: CHANNEL });
      g.dom = await conn.defineDomain(xml);
      guests.push(g);
      await g.dom.create();
    }
    return guests;
  })();
  return started;
}

after(async () => {
  for (const g of guests) {
    await g.dom.destroy().catch(() => {});
    await g.dom.undefine().catch(() => {});
    await g.conn.close().catch(() => {});
  }
});

async function outcome(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => ({ ok: v }),
    (e: unknown) => e,
  );
}

function refused(e: unknown, proc: number, label: string): void {
  assert.ok(isUnknownProcedure(e, proc), `${label}: expected "unknown procedure: ${proc}", got ${e instanceof Error ? e.message : JSON.stringify(e)}`);
}

test("graphicsReload on a VNC guest: reloads on 10.2+, 'unknown procedure: 448' before", async (t) => {
  for (const g of await guestsFor(t)) {
    const r = await outcome(g.dom.graphicsReload(0));
    if (knowsProc(g.d, 448)) assert.deepEqual(r, { ok: undefined }, g.d.label);
    else refused(r, 448, g.d.label);
    // Type 1 (VNC) names the one display this guest has.
    if (knowsProc(g.d, 448)) await g.dom.graphicsReload(1);
  }
});

test("autostart once (449/450): set and read back on 11.2+, refused before", async (t) => {
  for (const g of await guestsFor(t)) {
    const set = await outcome(g.conn.call("domain_set_autostart_once", { dom: g.dom.ref, autostart: 1 }));
    if (!knowsProc(g.d, 450)) {
      refused(set, 450, g.d.label);
      refused(await outcome(g.conn.call("domain_get_autostart_once", { dom: g.dom.ref })), 449, g.d.label);
      continue;
    }
    assert.deepEqual(set, { ok: undefined });
    assert.deepEqual(await g.conn.call("domain_get_autostart_once", { dom: g.dom.ref }), { autostart: 1 });
    await g.conn.call("domain_set_autostart_once", { dom: g.dom.ref, autostart: 0 });
    assert.deepEqual(await g.conn.call("domain_get_autostart_once", { dom: g.dom.ref }), { autostart: 0 });
  }
});

test("throttle groups (451/452): defined into the persistent XML and removed on 11.2+, refused before", async (t) => {
  for (const g of await guestsFor(t)) {
    // group_name repeats the group: 11.3 leaves it out of the XML otherwise
    // (12.8 fills it in), and then cannot delete the group by name.
    const params: remote_typed_param[] = [
      { field: "total_bytes_sec", value: { type: 4, ul: 123456n } },
      { field: "group_name", value: { type: 7, s: "vwgroup" } },
    ];
    const set = await outcome(g.conn.call("domain_set_throttle_group", { dom: g.dom.ref, group: "vwgroup", params, flags: AFFECT_CONFIG }));
    if (!knowsProc(g.d, 451)) {
      refused(set, 451, g.d.label);
      continue;
    }
    assert.deepEqual(set, { ok: undefined });
    const inactive = await g.dom.getXmlDescription(2); // VIR_DOMAIN_XML_INACTIVE
    assert.match(inactive, /<throttlegroup>\s*<total_bytes_sec>123456<\/total_bytes_sec>\s*<group_name>vwgroup<\/group_name>/);
    await g.conn.call("domain_del_throttle_group", { dom: g.dom.ref, group: "vwgroup", flags: AFFECT_CONFIG });
    assert.doesNotMatch(await g.dom.getXmlDescription(2), /vwgroup/);
  }
});

test("announce interface (456): checks the device name on 12.5+, refused before", async (t) => {
  for (const g of await guestsFor(t)) {
    const r = await outcome(g.conn.call("domain_announce_interface", { dom: g.dom.ref, device: "net-vw-none", params: [], flags: 0 }));
    if (!knowsProc(g.d, 456)) {
      refused(r, 456, g.d.label);
      continue;
    }
    assert.ok(r instanceof VirtError, g.d.label);
    assert.deepEqual([r.code, r.domain, r.message], [VirtError.ERR_INVALID_ARG, VirtError.FROM_DOMAIN, "invalid argument: 'net-vw-none' is not a known interface"]);
    // No device: every interface (this guest has none), with a typed parameter.
    await g.conn.call("domain_announce_interface", { dom: g.dom.ref, device: null, params: [{ field: "rounds", value: { type: 2, ui: 1 } }], flags: 0 });
  }
});

test("channel lifecycle (event 29, 12.4+): the guest's start is reported for its channel", async (t) => {
  for (const g of await guestsFor(t)) {
    if (!hasSince(g.d, EVENT_SINCE.get(CHANNEL_LIFECYCLE)!)) continue; // refusal: procedures.test.ts
    for (let i = 0; i < 50 && g.channelEvents.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const ev = g.channelEvents.find((e) => e["channelName"] === CHANNEL);
    assert.ok(ev, `${g.d.label}: no channel lifecycle event (${JSON.stringify(g.channelEvents)})`);
    // DISCONNECTED (2) for reason DOMAIN_STARTED (1): SeaBIOS never opens the port.
    assert.deepEqual([ev["state"], ev["reason"], (ev["dom"] as { name: string }).name], [
      Domain.EVENT_CHANNEL_LIFECYCLE_STATE_DISCONNECTED,
      Domain.EVENT_CHANNEL_LIFECYCLE_REASON_DOMAIN_STARTED,
      g.dom.getName(),
    ]);
  }
});
