// Job progress and abort on a real QEMU guest. A save into a named pipe that
// the test does not drain keeps the job running for as long as we need.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, constants, createReadStream, openSync, rmSync, type ReadStream } from "node:fs";
import { join } from "node:path";
import { connect, Domain, type Connection } from "../../src/index.js";
import { guestAssets, guestXml, liveTarget, requireGuest, uniqueGuestName } from "../helpers/live.js";
import { rejectsVirt } from "./jobs-node.js";
import { waitFor } from "./jobs-guest.js";

let conn: Connection | undefined;
let dom: Domain;
let fifo: string | undefined;
let reader: ReadStream | undefined;

before(async () => {
  const assets = guestAssets();
  if (!liveTarget("qemu") || !assets) return;
  conn = await connect("qemu:///system");
  const name = uniqueGuestName("jobs");
  fifo = join(assets.scratchDir, `${name}.fifo`);
  // A diskless SeaBIOS guest: starts in under a second. Its 2 GiB of untouched
  // RAM cost the host nothing but make a ~5 MB save stream, more than libvirt's
  // iohelper and the pipes buffer (~2 MB measured), so an unread save blocks.
  dom = await conn.createDomain(guestXml({ name, boot: false, vnc: false, memoryMiB: 2048 }));
});

after(async () => {
  if (fifo) {
    // Unblock a reader whose open() still waits for a writer, so the process can exit.
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting
    }
    reader?.destroy();
    rmSync(fifo, { force: true });
  }
  await dom?.destroy().catch(() => undefined);
  await conn?.close();
});

test("no job: getJobInfo is all zero, getJobStats has type JOB_NONE, abortJob fails", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const info = await dom.getJobInfo();
  assert.equal(info.type, Domain.JOB_NONE);
  assert.deepEqual(Object.keys(info).sort(), [
    "dataProcessed", "dataRemaining", "dataTotal", "fileProcessed", "fileRemaining", "fileTotal",
    "memProcessed", "memRemaining", "memTotal", "timeElapsed", "timeRemaining", "type",
  ]);
  assert.equal(info.timeElapsed, 0n);
  assert.deepEqual(await dom.getJobStats(), { type: Domain.JOB_NONE });
  await rejectsVirt(dom.abortJob(), 55, 10, /no job is active on the domain/);
});

test("a save in progress: getJobInfo / getJobStats report it, abortJob cancels it", async (t) => {
  if (!requireGuest(t) || !conn || !fifo) return;
  execFileSync("mkfifo", [fifo]);
  // Opened but not read: QEMU blocks once the buffers are full, so the job
  // stays in progress however loaded the machine is, until it is aborted.
  // (Throttled reading of a 64 MiB guest was not enough: its 0.7 MB stream
  // was all written out between two polls on a loaded CI machine.)
  reader = createReadStream(fifo, { highWaterMark: 4096 });
  reader.on("error", () => undefined);

  const saving = dom.save(fifo);
  saving.catch(() => undefined);
  const info = await waitFor("the save job", async () => {
    const i = await dom.getJobInfo();
    // Past QEMU's setup phase, the memory totals are known.
    return i.type === Domain.JOB_UNBOUNDED && i.memTotal > 0n ? i : undefined;
  });
  assert.ok(info.dataTotal >= info.memTotal, `${info.memTotal} ${info.dataTotal}`);
  // The unread pipe holds the save well before its end: memory is left to send.
  assert.ok(info.memRemaining > 0n && info.memRemaining <= info.memTotal, `${info.memRemaining} of ${info.memTotal}`);

  const stats = await dom.getJobStats();
  assert.equal(stats.type, Domain.JOB_UNBOUNDED);
  assert.equal(stats[Domain.JOB_OPERATION], Domain.JOB_OPERATION_SAVE);
  assert.equal(typeof stats[Domain.JOB_MEMORY_TOTAL], "bigint");
  assert.equal(typeof stats[Domain.JOB_TIME_ELAPSED], "bigint");

  await dom.abortJob();
  reader.resume();
  await rejectsVirt(saving, 78, 10, /canceled by client/);
  // The guest goes on running and the job is gone.
  assert.deepEqual((await dom.getState())[0], Domain.STATE_RUNNING);
  assert.equal((await dom.getJobInfo()).type, Domain.JOB_NONE);
});
