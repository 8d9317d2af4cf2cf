// TlsFrameWriter: each write to the socket carries bytes of one RPC frame only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TlsFrameWriter } from "../../src/transport/tls-frame-writer.js";
import { memoryPair } from "../../src/transport/memory.js";

function frame(bodyLen: number, fill: number): Buffer {
  const b = Buffer.alloc(4 + bodyLen, fill);
  b.writeUInt32BE(4 + bodyLen, 0);
  return b;
}

test("a chunk of several frames is cut at every frame boundary", () => {
  const [a] = memoryPair();
  const w = new TlsFrameWriter(a);
  const frames = [frame(24, 1), frame(100, 2), frame(0, 3)];
  const pieces = w.split(Buffer.concat(frames));
  assert.deepEqual(pieces, frames);
  w.destroy();
});

test("frames cut across chunks, even inside the length word, stay apart", () => {
  const [a] = memoryPair();
  const w = new TlsFrameWriter(a);
  const f1 = frame(10, 1);
  const f2 = frame(6, 2);
  const all = Buffer.concat([f1, f2]);
  for (let cut = 1; cut < all.length; cut++) {
    const pieces = [...w.split(all.subarray(0, cut)), ...w.split(all.subarray(cut))];
    // Every piece lies within one frame, and together they are the input.
    assert.deepEqual(Buffer.concat(pieces), all);
    let pos = 0;
    for (const p of pieces) {
      const end = pos + p.length;
      assert.ok(end <= f1.length || pos >= f1.length, `piece ${pos}..${end} crosses the boundary (cut ${cut})`);
      pos = end;
    }
  }
  w.destroy();
});

test("writes reach the socket one frame per write, and reads pass through", async () => {
  const [a, b] = memoryPair();
  const writes: number[] = [];
  const orig = a.write.bind(a);
  a.write = ((chunk: Buffer, cb?: (err?: Error | null) => void) => {
    writes.push(chunk.length);
    return orig(chunk, cb);
  }) as typeof a.write;
  const w = new TlsFrameWriter(a);
  const got: Buffer[] = [];
  b.on("data", (c: Buffer) => got.push(c));
  await new Promise<void>((resolve, reject) => w.write(Buffer.concat([frame(20, 1), frame(30, 2)]), (e) => (e ? reject(e) : resolve())));
  assert.deepEqual(writes, [24, 34]);
  const echoed = new Promise<Buffer>((resolve) => w.once("data", resolve));
  b.write(Buffer.from("reply"));
  assert.equal(String(await echoed), "reply");
  w.destroy();
  assert.equal(a.destroyed, true);
});
