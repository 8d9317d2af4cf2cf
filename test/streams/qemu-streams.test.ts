// Streams on a real QEMU guest (the busybox guest, one boot for the file):
// console in both directions, console takeover, a reader that stops reading,
// screenshot, channel, and the reboot event of a reset.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, Domain, VirtError, type Connection } from "../../src/index.js";
import { StreamOverflowError, type RpcStream } from "../../src/rpc/stream.js";
import { requireGuest, guestXml, uniqueGuestName, GUEST_READY } from "../helpers/live.js";

const CHANNEL = "org.virtwire.test.0";
let conn: Connection | undefined;
let dom: Domain | undefined;
let skipReason: string | null = null;

/** Collects a console's output as text. */
class Tty {
  text = "";
  constructor(readonly stream: RpcStream) {
    stream.on("data", (b: Buffer) => {
      this.text += b.toString("latin1");
    });
  }
  async waitFor(needle: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.text.includes(needle)) {
      if (Date.now() > deadline) throw new Error(`"${needle}" not seen; last output ${JSON.stringify(this.text.slice(-300))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /**
   * Type `cmd` until `expect` shows up: busybox's shell asks for the cursor
   * position after each prompt and swallows the line typed meanwhile.
   */
  async run(cmd: string, expect: string, tries = 30): Promise<void> {
    for (let i = 0; i < tries; i++) {
      this.stream.write(`${cmd}\n`);
      const deadline = Date.now() + 1000;
      while (Date.now() < deadline) {
        if (this.text.includes(expect)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`no "${expect}" after typing ${JSON.stringify(cmd)}; last output ${JSON.stringify(this.text.slice(-300))}`);
  }
}

let tty: Tty | undefined;

before(async () => {
  const g = requireGuest({ skip: (m?: string) => (skipReason = m ?? "skipped") });
  if (!g) return;
  conn = await connect(g.uri);
  const xml = guestXml({ name: uniqueGuestName("streams"), channel: CHANNEL });
  dom = new Domain(conn, (await conn.call("domain_create_xml", { xml_desc: xml, flags: 0 })).dom);
  // Open the console at once so the boot messages (and the ready line) are seen.
  tty = new Tty(await dom.openConsole());
  await tty.waitFor(GUEST_READY);
});

after(async () => {
  tty?.stream.destroy();
  if (conn && dom) await conn.call("domain_destroy", { dom: dom.ref }).catch(() => undefined);
  await conn?.close();
});

function ready(t: { skip(m?: string): void }): { c: Connection; d: Domain } | undefined {
  if (!conn || !dom) {
    t.skip(skipReason ?? "no guest");
    return undefined;
  }
  return { c: conn, d: dom };
}

test("console: a command written to the console runs and its output is read back", { timeout: 60_000 }, async (t) => {
  if (!ready(t)) return;
  // $((6*7)) makes the output differ from the echoed input.
  await tty!.run("echo VW$((6*7))X", "VW42X");
});

test("a second console without FORCE fails; with OPEN_CONSOLE_FORCE it succeeds and the first stream ends", { timeout: 60_000 }, async (t) => {
  const r = ready(t);
  if (!r) return;
  await assert.rejects(r.d.openConsole(), (e: unknown) => {
    assert.ok(e instanceof VirtError);
    assert.equal(e.code, VirtError.ERR_OPERATION_FAILED);
    assert.equal(e.domain, VirtError.FROM_QEMU);
    assert.equal(e.message, "operation failed: Active console session exists for this domain");
    return true;
  });
  const first = tty!.stream;
  const firstFailed = once(first, "error");
  tty = new Tty(await r.d.openConsole(null, Domain.OPEN_CONSOLE_FORCE));
  // The daemon aborts the old session: its stream ends with the server's error.
  const [err] = (await firstFailed) as [unknown];
  assert.ok(err instanceof VirtError);
  assert.equal(err.message, "stream had I/O failure");
  assert.equal(first.destroyed, true);
  await tty.run("echo VW$((7*7))Y", "VW49Y");
});

test("a console reader that stops reading does not stall other calls; past its cap the stream aborts", { timeout: 90_000 }, async (t) => {
  const r = ready(t);
  if (!r) return;
  const old = tty!.stream;
  old.on("error", () => {});
  const flood = new Tty(await r.d.openConsole(null, Domain.OPEN_CONSOLE_FORCE, { maxBufferedBytes: 16 * 1024 }));
  tty = undefined;
  // ~400 KB of output from the guest, started once the shell took the command.
  await flood.run("echo FL$((1+1))OOD; i=0; while [ $i -lt 10000 ]; do echo 0123456789012345678901234567890; i=$((i+1)); done", "FL2OOD");
  const aborted = once(flood.stream, "error");
  // Stop reading: no data listener, paused.
  flood.stream.removeAllListeners("data");
  flood.stream.pause();
  // Calls go on while the console's bytes pile up.
  for (let i = 0; i < 20; i++) {
    const st: [number, number] = await r.d.getState();
    assert.equal(st[0], Domain.STATE_RUNNING);
  }
  const [err] = (await aborted) as [unknown];
  assert.ok(err instanceof StreamOverflowError);
  assert.equal(err.limit, 16 * 1024);
  // The abort released the console on the server: a plain open works again.
  let reopened: RpcStream | undefined;
  for (let i = 0; i < 50 && !reopened; i++) {
    try {
      reopened = await r.d.openConsole();
    } catch (e) {
      if (!(e instanceof VirtError && e.code === VirtError.ERR_OPERATION_FAILED)) throw e;
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  assert.ok(reopened, "console still busy after the abort");
  tty = new Tty(reopened);
});

/** Width and height from a PNG (IHDR) or binary PPM (P6) header. */
function imageSize(mime: string | null, img: Buffer): { width: number; height: number } {
  if (mime === "image/png") {
    assert.ok(img.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "PNG signature");
    assert.equal(img.subarray(12, 16).toString("latin1"), "IHDR");
    return { width: img.readUInt32BE(16), height: img.readUInt32BE(20) };
  }
  assert.equal(mime, "image/x-portable-pixmap");
  const m = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(img.subarray(0, 64).toString("latin1"));
  assert.ok(m, "PPM header");
  const width = Number(m[1]);
  const height = Number(m[2]);
  assert.equal(img.length - m[0].length, width * height * 3, "PPM pixel data size");
  return { width, height };
}

test("screenshot: a readable stream holding an image of the guest's screen size", { timeout: 60_000 }, async (t) => {
  const r = ready(t);
  if (!r) return;
  const shot = await r.d.screenshot(0);
  const parts: Buffer[] = [];
  for await (const c of shot.stream) parts.push(c as Buffer);
  const size = imageSize(shot.mimeType, Buffer.concat(parts));
  // The guest's console is VGA text mode 80x25 with 9x16 cells.
  assert.deepEqual(size, { width: 720, height: 400 });
  // Screen 1 does not exist on a single-head guest.
  await assert.rejects(r.d.screenshot(1), VirtError);
});

test("channel: a virtio-serial channel opens and takes data; an unknown one fails with libvirt's error", { timeout: 60_000 }, async (t) => {
  const r = ready(t);
  if (!r) return;
  const ch = await r.d.openChannel(CHANNEL);
  await new Promise<void>((resolve, reject) => ch.write(Buffer.from("hello channel\n"), (e) => (e ? reject(e) : resolve())));
  ch.destroy();
  await assert.rejects(r.d.openChannel("org.virtwire.missing.0"), (e: unknown) => {
    assert.ok(e instanceof VirtError);
    assert.equal(e.code, VirtError.ERR_INTERNAL_ERROR);
    assert.equal(e.domain, VirtError.FROM_QEMU);
    assert.equal(e.message, "internal error: cannot find channel org.virtwire.missing.0");
    return true;
  });
});

test("a guest reset raises the reboot event", { timeout: 60_000 }, async (t) => {
  const r = ready(t);
  if (!r) return;
  const events = r.c.domainEvents(Domain.EVENT_ID_REBOOT, { domain: r.d });
  await events.ready;
  await r.c.call("domain_reset", { dom: r.d.ref, flags: 0 });
  const next = await events.next();
  assert.ok(!next.done);
  assert.equal(next.value.eventId, Domain.EVENT_ID_REBOOT);
  assert.equal(next.value.dom.getUuidString(), r.d.getUuidString());
  await events.close();
});
