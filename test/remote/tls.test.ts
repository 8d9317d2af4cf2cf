// qemu+tls as libvirt's client does it, against libvirtd instances of our own
// (test/helpers/remote-daemons.ts) with certificates made by certtool.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect, VirtError } from "../../src/index.js";
import { TLS_LAB_BINS, remoteSkipReason, skipOrFail, startTlsLab, type ClientSet, type TlsLab } from "../helpers/remote-daemons.js";

let lab: TlsLab | null = null;
const why: string | null = remoteSkipReason(TLS_LAB_BINS);

before(async () => {
  if (why === null) lab = await startTlsLab(0, ["main", "wrongName", "expired"]);
});

after(async () => {
  await lab?.dispose();
});

function uri(addr: string, set: ClientSet, extra = ""): string {
  return `test+tls://${addr}/default?pkipath=${lab!.pki.client[set]}${extra}`;
}

/** Asserts a VirtError with this code, domain 7 and a message matching `re`. */
async function refused(p: Promise<unknown>, code: number, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof VirtError, `expected VirtError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.domain, VirtError.FROM_RPC);
    assert.match(e.message, re);
    return true;
  });
}

const CONFIRMATION = /^Unable to read TLS confirmation/;
const VERIFY = /^authentication failed: Failed to verify peer's certificate/;

describe("TLS transport", () => {
  test("a valid chain connects; the connection is secure and encrypted", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    const c = await connect(uri(lab.addr.main, "good"));
    try {
      assert.equal(await c.getType(), "TEST");
      assert.equal(await c.getUri(), "test:///default");
      assert.equal(await c.isSecure(), true);
      assert.equal(await c.isEncrypted(), true);
    } finally {
      await c.close();
    }
  });

  test("calls sent together in one write are all answered (one frame per TLS record)", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    // libvirtd stalls on a second frame buffered in the same TLS record; with
    // keepalive off nothing would wake it, so the call timeout is the witness.
    const c = await connect(uri(lab.addr.main, "good"), { keepalive: false, callTimeout: 10_000 });
    try {
      for (let round = 0; round < 3; round++) {
        const [type, host, ver] = await Promise.all([c.getType(), c.getHostname(), c.getLibraryVersion()]);
        assert.equal(type, "TEST");
        assert.equal(typeof host, "string");
        assert.ok(ver > 0n);
      }
    } finally {
      await c.close();
    }
  });

  test("no transport and a host means TLS", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    const c = await connect(`test://${lab.addr.main}/default?pkipath=${lab.pki.client.good}`);
    try {
      assert.equal(await c.getType(), "TEST");
      assert.equal(await c.isEncrypted(), true);
    } finally {
      await c.close();
    }
  });

  test("a server certificate from another CA is refused by the client (45)", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(uri(lab.addr.main, "wrongca")), VirtError.ERR_AUTH_FAILED, VERIFY);
  });

  test("a name not in the server certificate is refused (45); no_verify=1 lets it through", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(uri(lab.addr.wrongName, "good")), VirtError.ERR_AUTH_FAILED, /Failed to verify peer's certificate.*(IP|altnames|127\.0\.0\.4)/);
    const c = await connect(uri(lab.addr.wrongName, "good", "&no_verify=1"));
    try {
      assert.equal(await c.getType(), "TEST");
    } finally {
      await c.close();
    }
  });

  test("an expired server certificate is refused (45); no_verify=1 lets it through", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(uri(lab.addr.expired, "good")), VirtError.ERR_AUTH_FAILED, /Failed to verify peer's certificate.*has expired/);
    const c = await connect(uri(lab.addr.expired, "good", "&no_verify=1"));
    try {
      assert.equal(await c.getType(), "TEST");
    } finally {
      await c.close();
    }
  });

  test("a server certificate revoked by our CRL is refused (45)", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(uri(lab.addr.main, "revokesserver")), VirtError.ERR_AUTH_FAILED, /Failed to verify peer's certificate.*has been revoked/);
  });

  for (const [set, what] of [
    ["revoked", "a revoked client certificate (server CRL)"],
    ["intruder", "a client DN not in tls_allowed_dn_list"],
    ["nocert", "a client without a certificate"],
  ] as const) {
    test(`the server refuses ${what}: no confirmation byte (38)`, async (t) => {
      if (!lab) return skipOrFail(t, why ?? "lab not started");
      await refused(connect(uri(lab.addr.main, set)), VirtError.ERR_SYSTEM_ERROR, CONFIRMATION);
    });
  }

  test("our own expired certificate is caught before connecting; no_sanity=1 skips the check", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(uri(lab.addr.main, "expiredclient")), VirtError.ERR_SYSTEM_ERROR, /^The client certificate .*clientcert\.pem has expired$/);
    // Past our own check, the server refuses it.
    await refused(connect(uri(lab.addr.main, "expiredclient", "&no_sanity=1")), VirtError.ERR_SYSTEM_ERROR, CONFIRMATION);
  });

  test("a missing CA certificate is reported with its path", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(
      connect(`test+tls://${lab.addr.main}/default?pkipath=${lab.root}/nowhere`),
      VirtError.ERR_SYSTEM_ERROR,
      /^Cannot read CA certificate '.*\/nowhere\/cacert\.pem': No such file or directory$/,
    );
  });
});
