// Block jobs, resize and peek against the test driver (through libvirtd):
// NO_SUPPORT from the daemon, and the checks libvirt's client makes first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect, Domain, type Connection } from "../../src/index.js";
import { liveTargetAsync, requireLiveAsync } from "../helpers/live.js";
import { privateNode, rejectsVirt, unsupported, type PrivateNode } from "./jobs-node.js";

let node: PrivateNode | undefined;
let conn: Connection | undefined;
let dom: Domain;

before(async () => {
  if (!(await liveTargetAsync("test-unix"))) return;
  node = privateNode("blk1");
  conn = await connect(`test+unix://${node.file}`);
  dom = await conn.getDomainByName("blk1");
});

after(async () => {
  await conn?.close();
  node?.remove();
});

async function live(t: { skip(m?: string): void }): Promise<boolean> {
  return (await requireLiveAsync(t, "test-unix")) !== undefined && conn !== undefined;
}

test("block job calls reach the daemon and come back NO_SUPPORT", async (t) => {
  if (!(await live(t))) return;
  await rejectsVirt(dom.blockPull("vda", 0), 3, 20, unsupported("virDomainBlockPull"));
  await rejectsVirt(dom.blockRebase("vda", null, 0), 3, 20, unsupported("virDomainBlockRebase"));
  await rejectsVirt(dom.blockRebase("vda", "/tmp/copy.img", 0, Domain.BLOCK_REBASE_COPY), 3, 20, unsupported("virDomainBlockRebase"));
  await rejectsVirt(dom.blockCopy("vda", "<disk type='file'><source file='/tmp/c'/></disk>", { bandwidth: 1 }), 3, 20, unsupported("virDomainBlockCopy"));
  await rejectsVirt(dom.blockCommit("vda", null, null, 0), 3, 20, unsupported("virDomainBlockCommit"));
  await rejectsVirt(dom.abortBlockJob("vda"), 3, 20, unsupported("virDomainBlockJobAbort"));
  await rejectsVirt(dom.getBlockJobInfo("vda"), 3, 20, unsupported("virDomainGetBlockJobInfo"));
  await rejectsVirt(dom.setBlockJobSpeed("vda", 10), 3, 20, unsupported("virDomainBlockJobSetSpeed"));
  await rejectsVirt(dom.blockResize("vda", 1024), 3, 20, unsupported("virDomainBlockResize"));
  await rejectsVirt(dom.blockPeek("vda", 0, 512), 3, 20, unsupported("virDomainBlockPeek"));
});

test("client-side checks, with libvirt's words, before anything is sent", async (t) => {
  if (!(await live(t))) return;
  // virDomainBlockRebase: a copy needs a destination; copy-only flags need a copy.
  await rejectsVirt(dom.blockRebase("vda", null, 0, Domain.BLOCK_REBASE_COPY), 8, 20, "base in virDomainBlockRebase must not be NULL");
  await rejectsVirt(dom.blockRebase("vda", null, 0, Domain.BLOCK_REBASE_SHALLOW), 8, 20, "use of flags requires a copy job");
  // The remote driver's cap on one peek.
  await rejectsVirt(dom.blockPeek("vda", 0, 4194305), 39, 13, "block peek request too large for remote protocol, 4194305 > 4194304");
  // Typed parameters of blockCopy are checked against the BLOCK_COPY_* table.
  await rejectsVirt(dom.blockCopy("vda", "<disk/>", { speed: 1 }), 8, 0, /unknown parameter 'speed'/);
  await rejectsVirt(dom.blockCopy("vda", "<disk/>", { granularity: 2 ** 32 }), 8, 0, /granularity/);
  await rejectsVirt(dom.setBlockJobSpeed("vda", -1), 8, 20, /bandwidth/);
  // The connection is still in step with the daemon.
  assert.equal(await conn?.getType(), "TEST");
});
