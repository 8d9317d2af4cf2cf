// Each reachable libvirtd (9.0 here, 11.x and 12.x under scripts/test-matrix.sh)
// against its test driver: which of the procedures newer than 9.0 it has, the
// exact refusal of the ones it lacks, and the same for event ids.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, VirtError, type Connection } from "../../src/index.js";
import { REMOTE } from "../../src/protocol/index.js";
import { daemonsOrSkip, EVENT_SINCE, hasSince, isUnknownProcedure, knowsProc, PROC_SINCE } from "./daemons.js";

async function withConn<T>(uri: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await connect(uri);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

test("each daemon reports its own version", async (t) => {
  for (const d of daemonsOrSkip(t)) {
    await withConn(d.testUri, async (c) => assert.equal(await c.getLibraryVersion(), BigInt(d.versionNumber), d.label));
  }
});

test("procedures 444..456: a daemon has exactly those of its release, and refuses the others by number", async (t) => {
  for (const d of daemonsOrSkip(t)) {
    await withConn(d.testUri, async (c) => {
      const prog = c.rpc.program(REMOTE.prog);
      for (const num of PROC_SINCE.keys()) {
        const bp = prog.procedure(num);
        assert.ok(bp, `schema lacks ${num}`);
        // An empty body: a daemon without the procedure refuses it before
        // decoding; one with it fails to decode the (missing) arguments.
        const err = await c.rpc.callBound({ ...bp, argsCodec: null }, undefined).then(
          () => null,
          (e: unknown) => e,
        );
        assert.ok(err instanceof VirtError, `${d.label} ${bp.def.name}: ${String(err)}`);
        if (knowsProc(d, num)) {
          assert.equal(err.message, "Unable to decode message payload", `${d.label} ${bp.def.name}`);
        } else {
          assert.ok(isUnknownProcedure(err, num), `${d.label} ${bp.def.name}: ${err.code}/${err.domain} ${err.message}`);
        }
      }
    });
  }
});

test("graphicsReload: 'unknown procedure: 448' before 10.2, the test driver's NO_SUPPORT after", async (t) => {
  for (const d of daemonsOrSkip(t)) {
    await withConn(d.testUri, async (c) => {
      const dom = await c.getDomainByName("test");
      const err = await dom.graphicsReload(0).then(
        () => null,
        (e: unknown) => e,
      );
      if (knowsProc(d, 448)) {
        assert.ok(err instanceof VirtError, d.label);
        assert.deepEqual([err.code, err.domain], [VirtError.ERR_NO_SUPPORT, VirtError.FROM_DOMAIN], `${d.label}: ${err.message}`);
        assert.match(err.message, /virDomainGraphicsReload/);
      } else {
        assert.ok(isUnknownProcedure(err, 448), `${d.label}: ${String(err)}`);
      }
    });
  }
});

test("domain event ids 27..29: registered on the daemons that have them, refused by the others", async (t) => {
  for (const d of daemonsOrSkip(t)) {
    await withConn(d.testUri, async (c) => {
      for (const [eventID, since] of EVENT_SINCE) {
        // On the wire: the client-side table of event ids is not what is tested.
        const reg = c.call("connect_domain_event_callback_register_any", { eventID, dom: null });
        if (hasSince(d, since)) {
          const { callbackID } = await reg;
          await c.call("connect_domain_event_callback_deregister_any", { callbackID });
        } else {
          await assert.rejects(reg, (e: unknown) => {
            assert.ok(e instanceof VirtError);
            assert.deepEqual([e.code, e.domain, e.message], [VirtError.ERR_INTERNAL_ERROR, VirtError.FROM_RPC, `internal error: unsupported event ID ${eventID}`]);
            return true;
          }, `${d.label} event ${eventID}`);
        }
      }
    });
  }
});
