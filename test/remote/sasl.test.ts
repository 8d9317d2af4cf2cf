// SASL as libvirt's client does it: over TLS (SCRAM-SHA-256 by default,
// SCRAM-SHA-1, PLAIN) and over plain TCP (DIGEST-MD5 with its RC4
// confidentiality layer), against libvirtd instances of our own.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect, VirtError } from "../../src/index.js";
import type { AuthRequest } from "../../src/api/auth-types.js";
import {
  SASL_PASSWORD,
  SASL_USER,
  TLS_LAB_BINS,
  remoteSkipReason,
  skipOrFail,
  startTlsLab,
  type TlsLab,
} from "../helpers/remote-daemons.js";

let lab: TlsLab | null = null;
const why = remoteSkipReason(TLS_LAB_BINS);
const good = { username: SASL_USER, password: SASL_PASSWORD };

before(async () => {
  if (why === null) lab = await startTlsLab(1, ["main", "sasl", "noMech"]);
});

after(async () => {
  await lab?.dispose();
});

const tlsUri = (extra = ""): string => `test+tls://${lab!.addr.sasl}/default?pkipath=${lab!.pki.client.good}${extra}`;
const tcpUri = (extra = ""): string => `test+tcp://${lab!.addr.main}/default${extra ? `?${extra}` : ""}`;

async function authFailed(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof VirtError, `expected VirtError, got ${String(e)}`);
    assert.equal(e.code, VirtError.ERR_AUTH_FAILED, e.message);
    assert.match(e.message, re);
    return true;
  });
}

describe("SASL over TLS", () => {
  test("SCRAM-SHA-256 is the default mechanism and connects", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    const asked: AuthRequest[] = [];
    const c = await connect(tlsUri(), {
      auth: (req) => {
        asked.push(req);
        return good;
      },
    });
    try {
      assert.equal(await c.getType(), "TEST");
      assert.deepEqual(
        asked.map((r) => [r.mechanism, r.host, [...r.need]]),
        [["SCRAM-SHA-256", lab.addr.sasl, ["username", "password"]]],
      );
      // TLS already encrypts: no SASL layer is negotiated on top.
      assert.equal(await c.isEncrypted(), true);
      assert.equal(await c.isSecure(), true);
    } finally {
      await c.close();
    }
  });

  for (const mech of ["SCRAM-SHA-1", "PLAIN", "DIGEST-MD5"]) {
    test(`auth=sasl.${mech} connects`, async (t) => {
      if (!lab) return skipOrFail(t, why ?? "lab not started");
      let used = "";
      const c = await connect(tlsUri(`&auth=sasl.${mech}`), {
        auth: (req) => {
          used = req.mechanism;
          return good;
        },
      });
      try {
        assert.equal(used, mech);
        assert.equal(await c.getType(), "TEST");
      } finally {
        await c.close();
      }
    });
  }

  test("a wrong password fails with VIR_ERR_AUTH_FAILED", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    for (const mech of ["SCRAM-SHA-256", "PLAIN"]) {
      await authFailed(connect(tlsUri(`&auth=sasl.${mech}`), { auth: { username: SASL_USER, password: "wrong" } }), /authentication failed/);
    }
  });

  test("the password never appears in an error", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    const secret = "Sup3r-Secret-Value";
    await assert.rejects(connect(tlsUri(), { auth: { username: SASL_USER, password: secret } }), (e: unknown) => {
      let err: unknown = e;
      for (let depth = 0; err instanceof Error && depth < 5; depth++) {
        assert.ok(!err.message.includes(secret) && !String(err.stack).includes(secret));
        err = err.cause;
      }
      return true;
    });
  });

  test("a server offering no mechanism virtwire has fails clearly", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await authFailed(
      connect(`test+tls://${lab.addr.noMech}/default?pkipath=${lab.pki.client.good}`, { auth: good }),
      /no usable SASL mechanism: the server offers CRAM-MD5/,
    );
  });

  test("credentials come from libvirt's auth file (authfile= and LIBVIRT_AUTH_FILE)", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    const file = join(lab.root, "auth.conf");
    writeFileSync(
      file,
      [
        "# as in libvirt's auth.conf",
        "[credentials-test]",
        `authname=${SASL_USER}`,
        `password=${SASL_PASSWORD}`,
        "",
        `[auth-libvirt-${lab.addr.sasl}]`,
        "credentials=test",
        "",
      ].join("\n"),
    );
    const c = await connect(tlsUri(`&authfile=${file}`));
    await c.close();
    const saved = process.env["LIBVIRT_AUTH_FILE"];
    process.env["LIBVIRT_AUTH_FILE"] = file;
    try {
      const c2 = await connect(tlsUri());
      await c2.close();
      // Another host: neither its own section nor a default one, so nothing is found.
      await authFailed(connect(tcpUri()), /no username and password for SASL/);
    } finally {
      if (saved === undefined) delete process.env["LIBVIRT_AUTH_FILE"];
      else process.env["LIBVIRT_AUTH_FILE"] = saved;
    }
  });
});

describe("SASL over plain TCP", () => {
  test("DIGEST-MD5 with its RC4 security layer carries every call afterwards", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    const c = await connect(tcpUri(), { auth: good });
    try {
      assert.equal(await c.isEncrypted(), true);
      assert.equal(await c.isSecure(), true);
      assert.equal(await c.getType(), "TEST");
      // Larger than one SASL packet (64 KiB) in both directions: a domain with a big description.
      const name = `virtwire-sasl-${process.pid}`;
      const description = "x".repeat(200_000);
      const xml = `<domain type='test'><name>${name}</name><description>${description}</description><memory>8192</memory><os><type>hvm</type></os></domain>`;
      const dom = await c.defineDomain(xml);
      try {
        const back = await dom.getXmlDescription();
        assert.ok(back.includes(description));
        assert.equal(await c.getType(), "TEST");
      } finally {
        await dom.undefine();
      }
    } finally {
      await c.close();
    }
  });

  test("mechanisms without a security layer are refused on plain TCP", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    // The server offers only DIGEST-MD5 here; libvirt's client checks its list first.
    await authFailed(connect(tcpUri("auth=sasl.SCRAM-SHA-256"), { auth: good }), /SASL mechanism SCRAM-SHA-256 not supported by server/);
  });

  test("a wrong password fails with VIR_ERR_AUTH_FAILED", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await authFailed(connect(tcpUri(), { auth: { username: SASL_USER, password: "wrong" } }), /authentication failed/);
  });
});
