import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, VirtError, Connection } from "../../src/index.js";
import { requireLiveAsync } from "../helpers/live.js";

test("test+unix: open, identity calls, close", async (t) => {
  const uri = await requireLiveAsync(t, "test-unix");
  if (!uri) return;
  const c = await connect(uri);
  try {
    assert.ok(c instanceof Connection);
    assert.equal(await c.getType(), "TEST");
    assert.equal(await c.getVersion(), 2n);
    assert.ok((await c.getLibraryVersion()) >= 9000000n);
    assert.equal(await c.getUri(), "test:///default");
    assert.equal(typeof (await c.getHostname()), "string");
    assert.match(await c.getCapabilities(), /<capabilities>/);
    assert.equal(await c.getMaxVcpus(null), 32);
    const ni = await c.getNodeInfo();
    assert.deepEqual(ni, { model: "i686", memory: 3145728n, cpus: 16, mhz: 1400, nodes: 2, sockets: 2, cores: 2, threads: 2 });
    assert.equal(await c.isSecure(), true);
    assert.equal(await c.isEncrypted(), false);
    assert.equal(c.isAlive(), true);
    const dom = await c.getDomainByName("test");
    assert.equal(dom.getUuidString(), "6695eb01-f6a4-8304-79aa-97f2502e193f");
    assert.deepEqual(await dom.getState(), [1, 0]);
    await assert.rejects(c.getDomainByName("no-such-domain"), (e: unknown) => {
      assert.ok(e instanceof VirtError);
      assert.equal(e.code, VirtError.ERR_NO_DOMAIN);
      assert.equal(e.domain, VirtError.FROM_TEST);
      return true;
    });
  } finally {
    await c.close();
  }
  assert.equal(c.isAlive(), false);
  await assert.rejects(c.getType(), /closed/);
});

test("test+tcp to the loopback listener", async (t) => {
  const uri = await requireLiveAsync(t, "test-tcp");
  if (!uri) return;
  const c = await connect(uri);
  try {
    assert.equal(await c.getType(), "TEST");
    assert.equal(await c.getUri(), "test:///default");
    assert.equal(await c.isEncrypted(), false);
    assert.equal(await c.isSecure(), false);
  } finally {
    await c.close();
  }
});

test("read-only socket: reads work, a mutation is denied with code 29", async (t) => {
  const uri = await requireLiveAsync(t, "ro");
  if (!uri) return;
  const c = await connect(uri, { readonly: true });
  try {
    assert.equal(c.isReadonly(), true);
    assert.ok((await c.getVersion()) > 0n);
    await assert.rejects(c.call("domain_define_xml", { xml: "<domain type='qemu'><name>x</name></domain>" }), (e: unknown) => {
      assert.ok(e instanceof VirtError);
      assert.equal(e.code, VirtError.ERR_OPERATION_DENIED);
      assert.equal(e.code, 29);
      return true;
    });
  } finally {
    await c.close();
  }
});

test("qemu:///system answers", async (t) => {
  const uri = await requireLiveAsync(t, "qemu");
  if (!uri) return;
  const c = await connect(uri);
  try {
    assert.equal(await c.getType(), "QEMU");
    assert.ok((await c.getVersion()) >= 7000000n);
    // These machines expose no SMBIOS/DMI data, and libvirt says so precisely.
    await c.getSysinfo().then(
      (xml) => assert.match(xml, /<sysinfo/),
      (e: unknown) => {
        assert.ok(e instanceof VirtError);
        assert.equal(e.code, VirtError.ERR_CONFIG_UNSUPPORTED);
        assert.match(e.message, /SMBIOS/);
      },
    );
  } finally {
    await c.close();
  }
});

test("a missing socket fails with a TransportError naming the path", async () => {
  await assert.rejects(connect("qemu:///system?socket=/nonexistent/virtwire-sock"), (e: unknown) => {
    assert.equal((e as Error).name, "TransportError");
    assert.match((e as Error).message, /\/nonexistent\/virtwire-sock/);
    return true;
  });
});

test("connect honours an abort signal", async () => {
  const ac = new AbortController();
  ac.abort(new Error("stop"));
  await assert.rejects(connect("qemu+tcp://127.0.0.1:1/system", { signal: ac.signal }), /stop/);
});

test("busyPoll against libvirtd: 16 calls in flight and events answer as without it, and the loop goes quiet when idle", async (t) => {
  const uri = await requireLiveAsync(t, "test-unix");
  if (!uri) return;
  const c = await connect(uri, { busyPoll: 500 });
  const other = await connect(uri);
  try {
    const versions = await Promise.all(Array.from({ length: 16 }, () => c.getVersion()));
    assert.deepEqual(versions, Array.from({ length: 16 }, () => 2n));
    const dom = await c.getDomainByName("test");
    const infos = await Promise.all(Array.from({ length: 64 }, () => dom.getInfo()));
    assert.ok(infos.every((i) => i.nrVirtCpu === infos[0]!.nrVirtCpu && i.maxMem === 8388608n));
    // An event pushed while nothing is in flight still arrives (no polling then).
    const got = new Promise<number>((resolve) => {
      void c.domainEventRegisterAny(null, 0, (_d: unknown, ev: { event: number }) => resolve(ev.event));
    });
    await new Promise((r) => setTimeout(r, 50));
    const od = await other.getDomainByName("test");
    await od.suspend();
    await od.resume();
    assert.equal(await got, 3); // VIR_DOMAIN_EVENT_SUSPENDED
    // Idle: the loop sleeps again.
    const e0 = performance.eventLoopUtilization();
    await new Promise((r) => setTimeout(r, 100));
    const u = performance.eventLoopUtilization(e0).utilization;
    assert.ok(u < 0.5, `utilisation ${u.toFixed(2)} while idle`);
  } finally {
    await other.close();
    await c.close();
  }
});
