// Streams against libvirtd's test driver (private node-file instance): the
// screenshot stream and the exact errors for console/channel, which it lacks.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, VirtError, type Connection } from "../../src/index.js";
import { requireLive } from "../helpers/live.js";

let dir = "";
let conn: Connection | undefined;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "virtwire-streams-"));
  chmodSync(dir, 0o755);
  writeFileSync(
    join(dir, "node.xml"),
    "<node><domain type='test'><name>st-a</name><memory>65536</memory><os><type>hvm</type></os></domain></node>",
  );
});

after(async () => {
  await conn?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(t: { skip(m?: string): void }): Promise<Connection | undefined> {
  if (!requireLive(t, "test-unix")) return undefined;
  conn ??= await connect(`test+unix://${join(dir, "node.xml")}`);
  return conn;
}

test("screenshot streams the test driver's PNG to its end, twice in parallel with other calls", { timeout: 20_000 }, async (t) => {
  const c = await open(t);
  if (!c) return;
  const dom = await c.getDomainByName("st-a");
  const read = async () => {
    const shot = await dom.screenshot(0);
    const parts: Buffer[] = [];
    for await (const p of shot.stream) parts.push(p as Buffer);
    return { mime: shot.mimeType, img: Buffer.concat(parts) };
  };
  const [a, b, version] = await Promise.all([read(), read(), c.getVersion()]);
  assert.equal(typeof version, "bigint");
  for (const { mime, img } of [a, b]) {
    assert.equal(mime, "image/png");
    assert.equal(img.length, 33443);
    assert.equal(img.subarray(1, 4).toString("latin1"), "PNG");
    assert.equal(img.readUInt32BE(16), 1120);
    assert.equal(img.readUInt32BE(20), 832);
  }
  assert.ok(a.img.equals(b.img));
});

test("console and channel: the test driver has neither (exact errors)", { timeout: 20_000 }, async (t) => {
  const c = await open(t);
  if (!c) return;
  const dom = await c.getDomainByName("st-a");
  for (const [call, fn] of [
    [() => dom.openConsole(), "virDomainOpenConsole"],
    [() => dom.openChannel("org.example.0"), "virDomainOpenChannel"],
  ] as const) {
    await assert.rejects(call(), (e: unknown) => {
      assert.ok(e instanceof VirtError);
      assert.equal(e.code, VirtError.ERR_NO_SUPPORT);
      assert.equal(e.domain, VirtError.FROM_DOMAIN);
      assert.equal(e.message, `this function is not supported by the connection driver: ${fn}`);
      return true;
    });
  }
  // Arguments are checked before anything is sent.
  await assert.rejects(dom.screenshot(-1), (e: unknown) => e instanceof VirtError && e.code === VirtError.ERR_INVALID_ARG);
});
