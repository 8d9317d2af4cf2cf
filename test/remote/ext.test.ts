// +ext: libvirt's "external command" transport. The command (one program, no
// arguments) carries the protocol on its stdin and stdout; here a small Node
// bridge to libvirtd's unix socket, as `nc -U` would be.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, TransportError, VirtError } from "../../src/index.js";
import { RW_SOCKET, requireLive } from "../helpers/live.js";

let dir: string;
let bridge: string;
let failing: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "virtwire-ext-"));
  bridge = join(dir, "bridge");
  writeFileSync(
    bridge,
    `#!${process.execPath}\n` +
      `const s = require("node:net").connect(${JSON.stringify(RW_SOCKET)});\n` +
      "process.stdin.pipe(s); s.pipe(process.stdout);\n" +
      "s.on('close', () => process.exit(0)); process.stdin.on('end', () => s.end());\n",
  );
  chmodSync(bridge, 0o755);
  failing = join(dir, "failing");
  writeFileSync(failing, "#!/bin/sh\necho 'bridge: no route to the daemon' >&2\nexit 3\n");
  chmodSync(failing, 0o755);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("test+ext:///default?command=BRIDGE reaches the daemon; an external command is not secure", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const c = await connect(`test+ext:///default?command=${bridge}`);
  try {
    // command= is the client's: the daemon is asked for test:///default.
    assert.equal(await c.getUri(), "test:///default");
    assert.ok((await c.listAllDomains()).some((d) => d.getName() === "test"));
    assert.equal(await c.isSecure(), false);
    assert.equal(await c.isEncrypted(), false);
  } finally {
    await c.close();
  }
  assert.equal(c.isAlive(), false);
});

test("+ext without command=: libvirt's invalid-argument error", async () => {
  await assert.rejects(connect("test+ext:///default"), (e: unknown) => {
    assert.ok(e instanceof VirtError, String(e));
    assert.equal(e.code, VirtError.ERR_INVALID_ARG);
    assert.equal(e.domain, VirtError.FROM_REMOTE);
    assert.equal(e.message, "remote_open: for 'ext' transport, command is required");
    return true;
  });
});

test("+ext with a command that cannot run: TransportError naming it", async () => {
  const missing = join(dir, "no-such-program");
  await assert.rejects(connect(`test+ext:///default?command=${missing}`), (e: unknown) => {
    assert.ok(e instanceof TransportError, String(e));
    assert.equal(e.code, "ENOENT");
    assert.match(e.message, new RegExp(`cannot run '${missing}'`));
    return true;
  });
});

test("+ext with a command that exits: its stderr and status in a system error, no hang", async () => {
  await assert.rejects(connect(`test+ext:///default?command=${failing}`, { timeout: 20_000 }), (e: unknown) => {
    assert.ok(e instanceof VirtError, String(e));
    assert.equal(e.code, VirtError.ERR_SYSTEM_ERROR);
    assert.equal(e.domain, VirtError.FROM_RPC);
    assert.match(e.message, /Cannot recv data: bridge: no route to the daemon \(.*failing exited with status 3\)/);
    return true;
  });
});
