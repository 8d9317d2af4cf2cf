// Backup jobs on a real QEMU guest (diskless SeaBIOS boot, one qcow2 disk).
// A push backup of a small disk finishes at once, so its result is read from
// the completed-job statistics; a pull backup (NBD on a loopback port) stays
// running until aborted, which is where the XML and abortJob are checked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { connect, Domain, type Connection } from "../../src/index.js";
import { copyGuestDisk, guestAssets, guestXml, liveTarget, requireGuest, uniqueGuestName } from "../helpers/live.js";
import { rejectsVirt } from "./jobs-node.js";
import { waitFor } from "./jobs-guest.js";

let conn: Connection | undefined;
let dom: Domain;
const files: string[] = [];
let scratch = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

before(async () => {
  const assets = guestAssets();
  if (!liveTarget("qemu") || !assets) return;
  const name = uniqueGuestName("backup");
  scratch = join(assets.scratchDir, name);
  const disk = copyGuestDisk(name, assets);
  files.push(disk, `${scratch}-push.qcow2`, `${scratch}-scratch.qcow2`);
  conn = await connect("qemu:///system");
  dom = await conn.createDomain(guestXml({ name, boot: false, vnc: false, memoryMiB: 32, disk }));
});

after(async () => {
  await dom?.destroy().catch(() => undefined);
  await conn?.close();
  for (const f of files) rmSync(f, { force: true });
});

test("backupBegin (push to a qcow2 file): the job completes and its stats say so", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const target = `${scratch}-push.qcow2`;
  const xml =
    "<domainbackup mode='push'><disks><disk name='vda' backup='yes' type='file'>" +
    `<driver type='qcow2'/><target file='${target}'/></disk></disks></domainbackup>`;
  await dom.backupBegin(xml);
  const done = await waitFor("the backup to complete", async () => {
    const s = await dom.getJobStats(Domain.JOB_STATS_COMPLETED);
    return s.type === Domain.JOB_NONE ? undefined : s;
  });
  assert.equal(done.type, Domain.JOB_COMPLETED);
  assert.equal(done[Domain.JOB_OPERATION], Domain.JOB_OPERATION_BACKUP);
  assert.equal(done[Domain.JOB_DISK_TOTAL], 16n * 1024n * 1024n);
  assert.deepEqual(readFileSync(target).subarray(0, 4), Buffer.from("QFI\xfb", "latin1"));
  // Nothing runs any more.
  await rejectsVirt(dom.backupGetXmlDescription(), 104, 10, /no domain backup job present/);
});

test("a pull backup runs until abortJob: backupGetXmlDescription, getJobInfo, getJobStats", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const port = await freePort();
  const xml =
    `<domainbackup mode='pull'><server transport='tcp' name='127.0.0.1' port='${port}'/>` +
    `<disks><disk name='vda' backup='yes' type='file'><scratch file='${scratch}-scratch.qcow2'/></disk></disks></domainbackup>`;
  await dom.backupBegin(xml, null, 0);
  const desc = await dom.backupGetXmlDescription();
  assert.match(desc, /<domainbackup mode='pull'>/);
  assert.match(desc, new RegExp(`port='${port}'`));
  assert.match(desc, /exportname='vda'/);

  assert.equal((await dom.getJobInfo()).type, Domain.JOB_UNBOUNDED);
  const stats = await dom.getJobStats();
  assert.equal(stats.type, Domain.JOB_UNBOUNDED);
  assert.equal(stats[Domain.JOB_OPERATION], Domain.JOB_OPERATION_BACKUP);
  assert.equal(stats[Domain.JOB_DISK_TEMP_TOTAL], 16n * 1024n * 1024n);

  await dom.abortJob();
  // The backup job ends once QEMU has cancelled its block jobs.
  await waitFor("the backup job to end", async () => ((await dom.getJobInfo()).type === Domain.JOB_NONE ? true : undefined));
  await rejectsVirt(dom.backupGetXmlDescription(), 104, 10, /no domain backup job present/);
  const last = await dom.getJobStats(Domain.JOB_STATS_COMPLETED);
  assert.equal(last[Domain.JOB_OPERATION], Domain.JOB_OPERATION_BACKUP);
  assert.equal(last[Domain.JOB_ERRMSG], "Operation canceled");
});
