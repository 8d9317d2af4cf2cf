// Block jobs, resize and peek on a real QEMU guest (diskless SeaBIOS boot,
// three disks): vda = top.qcow2 over base.qcow2 (8 MiB of data, so a pull
// rate-limited to 1 MiB/s stays observable), vdb = a raw image with a known
// pattern, vdc = top2.qcow2 over base2.qcow2 for an active commit.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect, Domain, type Connection } from "../../src/index.js";
import { guestAssets, liveTarget, requireGuest, uniqueGuestName } from "../helpers/live.js";
import { rejectsVirt } from "./jobs-node.js";
import { guestXmlWith, qemuImg, virtualSize, waitFor } from "./jobs-guest.js";

const MiB = 1024 * 1024;
let conn: Connection | undefined;
let dom: Domain;
const files: Record<string, string> = {};

function disk(target: string, file: string, format: string): string {
  return `<disk type='file' device='disk'><driver name='qemu' type='${format}'/><source file='${file}'/><target dev='${target}' bus='virtio'/></disk>`;
}

/** The <disk> element of `target` in the live XML. */
async function diskXml(target: string): Promise<string> {
  const xml = await dom.getXmlDescription();
  const found = xml.split("<disk ").find((d) => d.includes(`<target dev='${target}'`));
  assert.ok(found, `no disk ${target}`);
  return found.slice(0, found.indexOf("</disk>"));
}

async function noJob(path: string): Promise<void> {
  await waitFor(`the block job on ${path} to end`, async () => ((await dom.getBlockJobInfo(path)).type === 0 ? true : undefined));
}

/** Copy and active commit wait for the switch-over point: everything copied. */
async function ready(path: string): Promise<void> {
  await waitFor(`the block job on ${path} to be ready`, async () => {
    const i = await dom.getBlockJobInfo(path);
    return i.end > 0n && i.cur === i.end ? true : undefined;
  });
}

before(async () => {
  const assets = guestAssets();
  if (!liveTarget("qemu") || !assets) return;
  const name = uniqueGuestName("blockjobs");
  for (const f of ["base.qcow2", "top.qcow2", "peek.img", "base2.qcow2", "top2.qcow2", "copy.qcow2"]) {
    files[f] = join(assets.scratchDir, `${name}-${f}`);
  }
  qemuImg("create", "-q", "-f", "qcow2", files["base.qcow2"]!, "16M");
  execFileSync("qemu-io", ["-c", "write -P 0xab 0 8M", files["base.qcow2"]!], { stdio: "ignore" });
  qemuImg("create", "-q", "-f", "qcow2", "-b", files["base.qcow2"]!, "-F", "qcow2", files["top.qcow2"]!);
  writeFileSync(files["peek.img"]!, Buffer.from(Array.from({ length: MiB }, (_, i) => i % 251)));
  qemuImg("create", "-q", "-f", "qcow2", files["base2.qcow2"]!, "16M");
  qemuImg("create", "-q", "-f", "qcow2", "-b", files["base2.qcow2"]!, "-F", "qcow2", files["top2.qcow2"]!);
  conn = await connect("qemu:///system");
  const xml = guestXmlWith({ name, boot: false, vnc: false, memoryMiB: 32 }, [
    disk("vda", files["top.qcow2"]!, "qcow2"),
    disk("vdb", files["peek.img"]!, "raw"),
    disk("vdc", files["top2.qcow2"]!, "qcow2"),
  ]);
  dom = await conn.createDomain(xml);
});

after(async () => {
  await dom?.destroy().catch(() => undefined);
  await conn?.close();
  for (const f of Object.values(files)) rmSync(f, { force: true });
});

test("blockPeek: bytes of a raw disk, by target or by source path", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const want = Buffer.from(Array.from({ length: 64 }, (_, i) => (4096 + i) % 251));
  assert.deepEqual(await dom.blockPeek("vdb", 4096, 64), want);
  assert.deepEqual(await dom.blockPeek(files["peek.img"]!, 4096n, 64), want);
  assert.deepEqual(await dom.blockPeek("vdb", 0, 1), Buffer.from([0]));
  // libvirt allows size 0 "as an access test", but QEMU's storage backend refuses it.
  await rejectsVirt(dom.blockPeek("vdb", 0, 0), 38, 18, /cannot read header/);
  // QEMU only peeks raw images.
  await rejectsVirt(dom.blockPeek("vda", 0, 16), 84, 10, /only supported for disk with 'raw' format/);
});

test("getBlockJobInfo with no job: all zero; job control without a job fails", async (t) => {
  if (!requireGuest(t) || !conn) return;
  assert.deepEqual(await dom.getBlockJobInfo("vda"), { type: 0, bandwidth: 0n, cur: 0n, end: 0n });
  await rejectsVirt(dom.setBlockJobSpeed("vda", 10), 8, 10, /does not have an active block job/);
  await rejectsVirt(dom.abortBlockJob("vda"), 8, 10, /does not have an active block job/);
});

test("blockPull: a rate-limited pull shows in getBlockJobInfo, setBlockJobSpeed lifts the limit", async (t) => {
  if (!requireGuest(t) || !conn) return;
  assert.match(await diskXml("vda"), /<backingStore type='file'/);
  await dom.blockPull("vda", 1);
  const info = await dom.getBlockJobInfo("vda");
  assert.equal(info.type, Domain.BLOCK_JOB_TYPE_PULL);
  assert.equal(info.bandwidth, 1n);
  assert.ok(info.end > 0n && info.cur < info.end, `${info.cur}/${info.end}`);
  // Bytes per second on request.
  assert.equal((await dom.getBlockJobInfo("vda", Domain.BLOCK_JOB_INFO_BANDWIDTH_BYTES)).bandwidth, BigInt(MiB));
  await dom.setBlockJobSpeed("vda", 2 * MiB, Domain.BLOCK_JOB_SPEED_BANDWIDTH_BYTES);
  assert.equal((await dom.getBlockJobInfo("vda")).bandwidth, 2n);
  await dom.setBlockJobSpeed("vda", 0);
  await noJob("vda");
  // The backing file has been merged into the top image.
  assert.doesNotMatch(await diskXml("vda"), /<backingStore type='file'/);
});

test("blockCopy to a new qcow2, then pivot to it (abortBlockJob with PIVOT)", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const dest = `<disk type='file'><driver type='qcow2'/><source file='${files["copy.qcow2"]!}'/></disk>`;
  await dom.blockCopy("vda", dest, { [Domain.BLOCK_COPY_BANDWIDTH]: MiB, [Domain.BLOCK_COPY_GRANULARITY]: 65536 });
  const info = await dom.getBlockJobInfo("vda");
  assert.equal(info.type, Domain.BLOCK_JOB_TYPE_COPY);
  assert.equal(info.bandwidth, 1n);
  await dom.setBlockJobSpeed("vda", 0);
  await ready("vda");
  await dom.abortBlockJob("vda", Domain.BLOCK_JOB_ABORT_PIVOT);
  await noJob("vda");
  assert.match(await diskXml("vda"), new RegExp(`<source file='${files["copy.qcow2"]!}'`));
});

test("blockCommit (active layer) into the base, then pivot", async (t) => {
  if (!requireGuest(t) || !conn) return;
  await dom.blockCommit("vdc", null, null, 0, Domain.BLOCK_COMMIT_ACTIVE);
  assert.equal((await dom.getBlockJobInfo("vdc")).type, Domain.BLOCK_JOB_TYPE_ACTIVE_COMMIT);
  await ready("vdc");
  await dom.abortBlockJob("vdc", Domain.BLOCK_JOB_ABORT_PIVOT);
  await noJob("vdc");
  assert.match(await diskXml("vdc"), new RegExp(`<source file='${files["base2.qcow2"]!}'`));
});

test("blockRebase with BLOCK_REBASE_COPY starts a copy job; abort without pivot keeps the source", async (t) => {
  if (!requireGuest(t) || !conn) return;
  const target = `${files["copy.qcow2"]!}.2`;
  files["copy2"] = target;
  await dom.blockRebase("vdc", target, 0, Domain.BLOCK_REBASE_COPY);
  assert.equal((await dom.getBlockJobInfo("vdc")).type, Domain.BLOCK_JOB_TYPE_COPY);
  await ready("vdc");
  await dom.abortBlockJob("vdc");
  await noJob("vdc");
  assert.match(await diskXml("vdc"), new RegExp(`<source file='${files["base2.qcow2"]!}'`));
});

test("blockResize: KiB by default, bytes with BLOCK_RESIZE_BYTES", async (t) => {
  if (!requireGuest(t) || !conn) return;
  await dom.blockResize("vdc", 32 * 1024);
  assert.equal(virtualSize(files["base2.qcow2"]!), 32 * MiB);
  await dom.blockResize("vdc", BigInt(48 * MiB), Domain.BLOCK_RESIZE_BYTES);
  assert.equal(virtualSize(files["base2.qcow2"]!), 48 * MiB);
});
