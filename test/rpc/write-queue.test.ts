// A server that stops reading: calls beyond the engine's byte limit are
// refused at once with WriteQueueFullError; the queued ones are untouched and
// complete once the server reads again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { memoryPair, memoryTransport } from "../../src/transport/memory.js";
import { FrameDecoder } from "../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { MessageType, Status } from "../../src/wire/constants.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import { RpcClient } from "../../src/rpc/client.js";
import { codecFor } from "../../src/xdr/codec.js";
import { WriteQueueFullError } from "../../src/index.js";

test("calls past maxQueuedBytes are refused; the queued ones finish when the server reads again", async () => {
  const [a, b] = memoryPair();
  const client = new RpcClient(memoryTransport(a), { programs: [REMOTE], keepalive: false, maxQueuedBytes: 256 * 1024 });
  const xml = `<domain>${"x".repeat(32 * 1024)}</domain>`;
  const queued: Promise<unknown>[] = [];
  let refused: unknown = null;
  for (let i = 0; i < 100 && refused === null; i++) {
    const p = client.call("domain_define_xml", { xml });
    // A refusal is decided before the call is queued: it settles at once.
    const state = await Promise.race([p.then(() => "settled", (e: unknown) => e), new Promise((r) => setImmediate(() => r("pending")))]);
    if (state === "pending") queued.push(p);
    else refused = state;
  }
  assert.ok(refused instanceof WriteQueueFullError, `refused with ${String(refused)}`);
  assert.equal(refused.procedure, "domain_define_xml");
  assert.ok(refused.queuedBytes > 256 * 1024);
  assert.ok(queued.length >= 8 && queued.length <= 12, `${queued.length} calls queued before the refusal`);
  assert.equal(client.closed, false);

  // The server reads again and answers every call it gets.
  const dec = new FrameDecoder();
  const ret = codecFor(REMOTE.types, "remote_domain_define_xml_ret");
  b.on("data", (chunk: Buffer) => {
    for (const f of dec.push(chunk)) {
      b.write(encodeFrame({ ...f.header, type: MessageType.REPLY, status: Status.OK }, ret.encode({ dom: { name: "a", uuid: Buffer.alloc(16, 7), id: -1 } })));
    }
  });
  const done = await Promise.all(queued);
  assert.equal(done.length, queued.length);
  assert.ok(client.queuedBytes() < 256 * 1024);
  await client.call("domain_define_xml", { xml });
  client.destroy();
});
