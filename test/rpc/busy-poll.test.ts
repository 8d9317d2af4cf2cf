// busyPollMicros: the event loop polls instead of sleeping while calls are in
// flight, for at most the window after the last activity, and never when idle.
// Event loop utilisation tells polling (near 1) from sleeping (near 0).
import { test } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { memoryPair, memoryTransport } from "../../src/transport/memory.js";
import { FrameDecoder } from "../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { MessageType, Status } from "../../src/wire/constants.js";
import { codecFor } from "../../src/xdr/codec.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import { RpcClient } from "../../src/rpc/client.js";
import { connect } from "../../src/index.js";

/** An engine whose server answers CONNECT_GET_VERSION after `delayMs`. */
function slowServer(busyPollMicros: number, delayMs: number): RpcClient {
  const [a, b] = memoryPair();
  const client = new RpcClient(memoryTransport(a), { programs: [REMOTE], keepalive: false, busyPollMicros });
  const dec = new FrameDecoder();
  const ret = codecFor(REMOTE.types, "remote_connect_get_version_ret");
  b.on("data", (chunk: Buffer) => {
    for (const f of dec.push(chunk)) {
      setTimeout(() => {
        b.write(encodeFrame({ ...f.header, type: MessageType.REPLY, status: Status.OK }, ret.encode({ hv_ver: 1n })));
      }, delayMs);
    }
  });
  return client;
}

/** Event loop utilisation while `work` runs. */
async function utilisation(work: () => Promise<unknown>): Promise<number> {
  const e0 = performance.eventLoopUtilization();
  await work();
  return performance.eventLoopUtilization(e0).utilization;
}

test("with a call in flight the loop polls for the whole window", async () => {
  const c = slowServer(1_000_000, 150);
  const u = await utilisation(() => c.call("connect_get_version"));
  assert.ok(u > 0.7, `utilisation ${u.toFixed(2)} while polling`);
  c.destroy();
});

test("polling stops once the window has passed without activity", async () => {
  const c = slowServer(2_000, 150);
  const u = await utilisation(() => c.call("connect_get_version"));
  assert.ok(u < 0.5, `utilisation ${u.toFixed(2)} after a 2 ms window`);
  c.destroy();
});

test("polling stops when no call is in flight, and never starts with the default 0", async () => {
  const polling = slowServer(1_000_000, 1);
  await polling.call("connect_get_version");
  const idle = await utilisation(() => sleep(150));
  assert.ok(idle < 0.5, `utilisation ${idle.toFixed(2)} with nothing in flight`);
  polling.destroy();
  const off = slowServer(0, 150);
  const u = await utilisation(() => off.call("connect_get_version"));
  assert.ok(u < 0.5, `utilisation ${u.toFixed(2)} without busy polling`);
  off.destroy();
});

test("busyPoll outside 0..1000000 microseconds is refused before anything is sent", async () => {
  const [a] = memoryPair();
  assert.throws(() => new RpcClient(memoryTransport(a), { programs: [REMOTE], busyPollMicros: -1 }), RangeError);
  assert.throws(() => new RpcClient(memoryTransport(a), { programs: [REMOTE], busyPollMicros: Number.NaN }), RangeError);
  await assert.rejects(connect("test:///default", { busyPoll: 2e6 }), RangeError);
});
