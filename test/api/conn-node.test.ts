// getNodeCpuMap, getNodeFreeMemory, getNodeCpuStats, getNodeMemoryStats:
// libvirtd's test driver (read only) and the embedded one give the same
// figures and refusals; private nodes have no NUMA cells. getNodeFreePages
// fails on both: libvirtd takes the test driver's 0 (pages filled) for a
// failure without an error. nodeSuspendForDuration: only refusals there, and
// its CALL's bytes against a scripted server. getDomainCapabilities: refused
// by both (test/cli/host.test.ts compares it on QEMU).
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, constants, VirtError } from "../../src/index.js";
import { requireLiveAsync } from "../helpers/live.js";
import { privateNodeTests, rejectsVirt } from "./lifecycle-node.js";
import { fakeServer } from "../helpers/fake-server.js";
import { hex } from "../xdr/hex.js";
import { Connection } from "../../src/api/connection.js";
import { parseUri } from "../../src/transport/uri.js";
import { REMOTE_PROC } from "../../src/protocol/generated/remote.js";

const { Connect } = constants;

const { open } = privateNodeTests([{ name: "alpha" }]);

// CPUs 0, 2 and 4 of 8 online; cells of 2 and 4 GiB, half of them free in total.
const CPU_MAP = { cpus: 8, map: Buffer.from([0x15]), online: 3 };
const FREE = 3145728n;
// The test driver's fixed CPU times, whichever CPU is asked for; it has no memory statistics.
const CPU_STATS = { user: 9797400000n, kernel: 34678723400000n, idle: 87264900000n, iowait: 763600000n };

/** The same answers from libvirtd's test driver and the embedded one. */
async function nodeCalls(c: Connection): Promise<void> {
  assert.deepEqual(await c.getNodeCpuMap(), CPU_MAP);
  assert.equal(await c.getNodeFreeMemory(), FREE);
  await rejectsVirt(c.getNodeCpuMap(1), VirtError.ERR_INVALID_ARG, VirtError.FROM_TEST, /unsupported flags \(0x1\)/);
  assert.deepEqual(Object.entries(await c.getNodeCpuStats()), Object.entries(CPU_STATS));
  assert.deepEqual(await c.getNodeCpuStats(3), CPU_STATS);
  await rejectsVirt(c.getNodeCpuStats(-1, 1), VirtError.ERR_INVALID_ARG, VirtError.FROM_TEST, /testNodeGetCPUStats/);
  await rejectsVirt(c.getNodeMemoryStats(), VirtError.ERR_NO_SUPPORT, VirtError.FROM_DOMAIN, /virNodeGetMemoryStats/);
  await rejectsVirt(c.getNodeFreePages([4, 2048], 0, 1), VirtError.ERR_INTERNAL_ERROR, VirtError.FROM_RPC, /did not set virError/);
  await rejectsVirt(c.nodeSuspendForDuration(Connect.NODE_SUSPEND_TARGET_MEM, 60n), VirtError.ERR_NO_SUPPORT, VirtError.FROM_DOMAIN, /virNodeSuspendForDuration/);
  await rejectsVirt(c.getDomainCapabilities(null, "x86_64", null, "kvm"), VirtError.ERR_NO_SUPPORT, VirtError.FROM_DOMAIN, /virConnectGetDomainCapabilities/);
}

test("node CPU and memory calls on libvirtd's test driver", async (t) => {
  const uri = await requireLiveAsync(t, "test-unix");
  if (!uri) return;
  const c = await connect(uri);
  t.after(() => c.close());
  await nodeCalls(c);
});

test("node CPU and memory calls on the embedded driver", async (t) => {
  const c = await connect("test:///default");
  t.after(() => c.close());
  await nodeCalls(c);
  // The reply's limit is checked before sending: 2 sizes for 513 cells are 1,026 counts.
  await rejectsVirt(c.getNodeFreePages([4, 2048], 0, 512), VirtError.ERR_INVALID_ARG, VirtError.FROM_DOMAIN, /exceed 1024 counts/);
  await rejectsVirt(c.getNodeFreePages([4], 2, 0), VirtError.ERR_INVALID_ARG, VirtError.FROM_DOMAIN, /cell count/);
});

test("getNodeFreeMemory fails on a node without NUMA cells", async (t) => {
  const c = await open(t);
  if (!c) return;
  await rejectsVirt(c.getNodeFreeMemory(), VirtError.ERR_INTERNAL_ERROR, VirtError.FROM_NONE, /the cause is unknown/);
});

test("nodeSuspendForDuration CALL", async () => {
  const s = fakeServer();
  const c = new Connection(s.client, parseUri("test:///default"), {
    readonly: false,
    callTimeout: 0,
    features: { keepalive: false, eventCallback: false, closeCallback: false },
  });
  const p = c.nodeSuspendForDuration(Connect.NODE_SUSPEND_TARGET_HYBRID, 300n, 0);
  const f = await s.nextCall();
  assert.equal(f.header.proc, REMOTE_PROC.NODE_SUSPEND_FOR_DURATION);
  // target uint 2, duration uhyper 300, flags 0
  assert.deepEqual(f.payload, hex("00000002 00000000 0000012c 00000000"));
  s.reply(f);
  await p;
  s.client.destroy();
});
