// Golden bytes for calls that no local driver answers successfully: libvirtd
// 9.0 predates GRAPHICS_RELOAD, and the test driver lacks the rest.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { Domain } from "../../src/index.js";
import { hex } from "../xdr/hex.js";
import { daemon, type Daemon } from "./migrate-daemon.js";

const REF = { name: "vm1", uuid: hex("00112233 44556677 8899aabb ccddeeff"), id: 5 };
const DOM_HEX = "00000003 766d3100 | 00112233 44556677 8899aabb ccddeeff | 00000005";
let d: Daemon | undefined;
afterEach(() => d?.close());

function only(name: string): Buffer {
  assert.deepEqual(d?.calls.map((c) => c.name), [name]);
  return d!.calls[0]!.payload;
}

test("graphicsReload -> GRAPHICS_RELOAD (448) { dom, type, flags }", async () => {
  d = daemon({ handlers: { domain_graphics_reload: () => undefined } });
  await new Domain(d.conn, REF).graphicsReload(1, 0); // GRAPHICS_RELOAD_TYPE_VNC (libvirt 9.2)
  assert.deepEqual(only("domain_graphics_reload"), hex(`${DOM_HEX} | 00000001 | 00000000`));
});

test("abortJob(flags) -> ABORT_JOB_FLAGS (442); getJobStats decodes typed parameters", async () => {
  d = daemon({
    handlers: {
      domain_abort_job_flags: () => undefined,
      domain_get_job_stats: () => ({
        type: 2,
        params: [
          { field: "operation", value: { type: 1, i: 9 } },
          { field: "time_elapsed", value: { type: 4, ul: 674n } },
        ],
      }),
    },
  });
  const dom = new Domain(d.conn, REF);
  await dom.abortJob(Domain.DOMAIN_ABORT_JOB_POSTCOPY);
  assert.deepEqual(only("domain_abort_job_flags"), hex(`${DOM_HEX} | 00000001`));
  assert.deepEqual(await dom.getJobStats(), { type: 2, operation: 9, time_elapsed: 674n });
});

test("blockCopy -> BLOCK_COPY with each BLOCK_COPY_* parameter in its documented type", async () => {
  d = daemon({ handlers: { domain_block_copy: () => undefined } });
  await new Domain(d.conn, REF).blockCopy("vda", "<disk/>", { bandwidth: 1, granularity: 65536, "buf-size": 2 }, 2);
  assert.deepEqual(
    only("domain_block_copy"),
    hex(
      `${DOM_HEX} | 00000003 76646100 | 00000007 3c646973 6b2f3e00 | 00000003` +
        "| 00000009 62616e64 77696474 68000000 00000004 00000000 00000001" +
        "| 0000000b 6772616e 756c6172 69747900 00000002 00010000" +
        "| 00000008 6275662d 73697a65 00000004 00000000 00000002 | 00000002",
    ),
  );
});
