// Fault hooks (for reliability tests of clients) and the screenshot stream.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import { faultFrames, serveEmbedded, defaultHypervisor } from "../../src/embedded/index.js";
import { memoryPair } from "../../src/transport/memory.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { WireClient } from "./wire-client.js";
import type { FaultHooks } from "../../src/embedded/faults.js";

const GET_INFO = 16;

async function faulty(faults: FaultHooks): Promise<WireClient> {
  const [client, server] = memoryPair();
  serveEmbedded(server, defaultHypervisor(), { faults });
  const c = new WireClient(client);
  await c.open("test:///default");
  return c;
}

test("a dropped reply leaves its call pending while later calls complete", async () => {
  const c = await faulty({ onSend: (_f, i) => (i.procedure === "domain_get_info" ? { frames: [] } : undefined) });
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  let settled = false;
  void c.call("domain_get_info", { dom }).then(() => (settled = true));
  await c.ok("connect_get_type");
  assert.equal(settled, false);
  c.stream.destroy();
});

test("duplicated and altered replies reach the client as sent", async () => {
  const c = await faulty({
    onSend: (f, i) => {
      if (i.procedure === "connect_get_type") return { frames: [f, f] };
      if (i.procedure === "connect_get_version") {
        const b = Buffer.from(f);
        b.writeUInt32BE(0xdead, 20); // serial the client never used
        return { frames: [b] };
      }
      return undefined;
    },
  });
  await c.ok("connect_get_type");
  await c.ok("connect_get_hostname");
  const dup = c.other.splice(0);
  assert.equal(dup.length, 1);
  assert.equal(dup[0]!.header.proc, 3);
  let answered = false;
  void c.call("connect_get_version").then(() => (answered = true));
  await c.ok("connect_get_hostname");
  assert.equal(answered, false);
  assert.equal(c.other[0]!.header.serial, 0xdead);
  c.stream.destroy();
});

test("a reply cut short then a close: the client sees EOF mid-frame", async () => {
  const c = await faulty({
    onSend: (f, i) => (i.header.proc === GET_INFO ? { frames: [faultFrames.truncate(f, 10)], close: true } : undefined),
  });
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  void c.call("domain_get_info", { dom });
  await c.waitClosed();
  assert.equal(c.closed, true);
});

test("a stalled server stops answering; receive faults can drop calls", async () => {
  let seen = 0;
  const c = await faulty({
    onReceive: (h) => {
      if (h.proc === 4) return "drop"; // connect_get_version
      if (h.proc === 3 && ++seen === 2) return "stall"; // second connect_get_type
      return undefined;
    },
  });
  let version = false;
  void c.call("connect_get_version").then(() => (version = true));
  await c.ok("connect_get_type");
  assert.equal(version, false);
  let later = false;
  void c.call("connect_get_type").then(() => (later = true));
  void c.call("connect_get_hostname").then(() => (later = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(later, false);
  c.stream.destroy();
});

test("screenshot: a 1120x832 PNG on the call's stream, then finish", async () => {
  const c = await faulty({});
  // The handle need not exist: the test driver never looks it up.
  const dom = { name: "ghost", uuid: Buffer.alloc(16, 3), id: 9 };
  const s = c.streamCall("domain_screenshot", { dom, screen: 0, flags: 0 });
  const reply = await s.reply;
  assert.deepEqual(reply, { ok: true, ret: { mime: "image/png" } });
  const png = await s.data;
  assert.equal(png.subarray(0, 8).toString("hex"), "89504e470d0a1a0a");
  assert.equal(png.subarray(12, 16).toString("latin1"), "IHDR");
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1120, 832]);
  const idatLen = png.readUInt32BE(33);
  const pixels = inflateSync(png.subarray(41, 41 + idatLen));
  assert.equal(pixels.length, (1120 * 3 + 1) * 832);
  c.sendRaw(encodeFrame({ prog: 0x20008086, vers: 1, proc: 211, type: 3, serial: s.serial, status: 0 }));
  await c.ok("connect_get_type");
  const [ack] = c.other.splice(0);
  assert.deepEqual(ack!.header, { prog: 0x20008086, vers: 1, proc: 211, type: 3, serial: s.serial, status: 0 });
  const bad = await c.fail("domain_screenshot", { dom, screen: 0, flags: 1 });
  assert.equal(bad.message, "unsupported flags (0x1) in function testDomainScreenshot");
  c.stream.destroy();
});
