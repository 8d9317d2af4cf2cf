// Block jobs, resize and peek against the test driver (through libvirtd):
// NO_SUPPORT from the daemon, and the checks libvirt's client makes first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Domain } from "../../src/index.js";
import { nodeDomain, rejectsVirt, unsupported } from "./jobs-node.js";

const node = nodeDomain("blk1");

test("block job calls reach the daemon and come back NO_SUPPORT", async (t) => {
  if (!(await node.live(t))) return;
  await rejectsVirt(node.dom.blockPull("vda", 0), 3, 20, unsupported("virDomainBlockPull"));
  await rejectsVirt(node.dom.blockRebase("vda", null, 0), 3, 20, unsupported("virDomainBlockRebase"));
  await rejectsVirt(node.dom.blockRebase("vda", "/tmp/copy.img", 0, Domain.BLOCK_REBASE_COPY), 3, 20, unsupported("virDomainBlockRebase"));
  await rejectsVirt(node.dom.blockCopy("vda", "<disk type='file'><source file='/tmp/c'/></disk>", { bandwidth: 1 }), 3, 20, unsupported("virDomainBlockCopy"));
  await rejectsVirt(node.dom.blockCommit("vda", null, null, 0), 3, 20, unsupported("virDomainBlockCommit"));
  await rejectsVirt(node.dom.abortBlockJob("vda"), 3, 20, unsupported("virDomainBlockJobAbort"));
  await rejectsVirt(node.dom.getBlockJobInfo("vda"), 3, 20, unsupported("virDomainGetBlockJobInfo"));
  await rejectsVirt(node.dom.setBlockJobSpeed("vda", 10), 3, 20, unsupported("virDomainBlockJobSetSpeed"));
  await rejectsVirt(node.dom.blockResize("vda", 1024), 3, 20, unsupported("virDomainBlockResize"));
  await rejectsVirt(node.dom.blockPeek("vda", 0, 512), 3, 20, unsupported("virDomainBlockPeek"));
});

test("client-side checks, with libvirt's words, before anything is sent", async (t) => {
  if (!(await node.live(t))) return;
  // virDomainBlockRebase: a copy needs a destination; copy-only flags need a copy.
  await rejectsVirt(node.dom.blockRebase("vda", null, 0, Domain.BLOCK_REBASE_COPY), 8, 20, "base in virDomainBlockRebase must not be NULL");
  await rejectsVirt(node.dom.blockRebase("vda", null, 0, Domain.BLOCK_REBASE_SHALLOW), 8, 20, "use of flags requires a copy job");
  // The remote driver's cap on one peek.
  await rejectsVirt(node.dom.blockPeek("vda", 0, 4194305), 39, 13, "block peek request too large for remote protocol, 4194305 > 4194304");
  // Typed parameters of blockCopy are checked against the BLOCK_COPY_* table.
  await rejectsVirt(node.dom.blockCopy("vda", "<disk/>", { speed: 1 }), 8, 0, /unknown parameter 'speed'/);
  await rejectsVirt(node.dom.blockCopy("vda", "<disk/>", { granularity: 2 ** 32 }), 8, 0, /granularity/);
  await rejectsVirt(node.dom.setBlockJobSpeed("vda", -1), 8, 20, /bandwidth/);
  // The connection is still in step with the daemon.
  assert.equal(await node.conn?.getType(), "TEST");
});
