// Graphics reload and the descriptor-passing calls. libvirtd 9.0 predates
// GRAPHICS_RELOAD (proc 448): the daemon's own "unknown procedure" comes
// back. The fd-passing calls never leave the client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "../../src/index.js";
import { liveTarget } from "../helpers/live.js";
import { nodeDomain, rejectsVirt, unsupported } from "./jobs-node.js";

const node = nodeDomain("gfx1");

test("graphicsReload: libvirtd 9.0 does not know the procedure", async (t) => {
  if (!(await node.live(t))) return;
  await rejectsVirt(node.dom.graphicsReload(0), 39, 7, "unknown procedure: 448");
  // The daemon keeps the connection after an unknown procedure.
  assert.equal(await node.conn?.getType(), "TEST");
});

test("openGraphics, openGraphicsFd, fdAssociate over a unix socket: NO_SUPPORT, saying why", async (t) => {
  if (!(await node.live(t))) return;
  const why = /Node\.js sockets have no SCM_RIGHTS support/;
  const a = await rejectsVirt(node.dom.openGraphics(0, 0), 3, 7, why);
  assert.ok(a.message.startsWith(`${unsupported("virDomainOpenGraphics")}:`), a.message);
  const b = await rejectsVirt(node.dom.openGraphicsFd(0), 3, 7, why);
  assert.ok(b.message.startsWith(`${unsupported("virDomainOpenGraphicsFD")}:`), b.message);
  const c = await rejectsVirt(node.dom.fdAssociate("disk0", [0]), 3, 7, why);
  assert.ok(c.message.startsWith(`${unsupported("virDomainFDAssociate")}:`), c.message);
  // Arguments are still checked first.
  await rejectsVirt(node.dom.openGraphics(0, -1), 8, 20, /fd/);
  await rejectsVirt(node.dom.fdAssociate("disk0", []), 8, 20, /fds/);
  assert.equal(await node.conn?.getType(), "TEST");
});

test("over TCP: libvirt's own client words for sockets that cannot carry descriptors", async (t) => {
  if (!liveTarget("test-tcp")) {
    t.skip("no TCP listener on 127.0.0.1:16509");
    return;
  }
  if (!node.file) return;
  const tcp = await connect(`test+tcp://127.0.0.1${node.file}`);
  try {
    const d = await tcp.getDomainByName("gfx1");
    await rejectsVirt(d.openGraphics(0, 0), 1, 7, "internal error: Sending file descriptors is not supported on this socket");
    await rejectsVirt(d.fdAssociate("x", [0]), 1, 7, "internal error: Sending file descriptors is not supported on this socket");
    await rejectsVirt(d.openGraphicsFd(0), 1, 7, "internal error: Receiving file descriptors is not supported on this socket");
    // Unlike libvirt's client, the connection survives (nothing was sent).
    assert.equal(await tcp.getType(), "TEST");
  } finally {
    await tcp.close();
  }
});
