// The CLI against one booted QEMU busybox guest: the console in a real
// terminal (tmux) and through pipes, block jobs and save/restore with
// --verbose progress, and virsh's layouts for the same domain.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyGuestDisk, GUEST_READY, guestAssets, guestXml, liveTarget, requireGuest, serialLogPath, uniqueGuestName, waitForText } from "../helpers/live.js";
import { CLI, haveCommand, tmuxShell, untilTrue, virsh, virtwire, waitUntil } from "./cli-helpers.js";

const URI = "qemu:///system";
const name = uniqueGuestName("cli");
const files: string[] = [];
let up = false;
let scratch = "";

function qemuImg(...args: string[]): void {
  execFileSync("qemu-img", args, { stdio: "ignore" });
}

before(async () => {
  const assets = guestAssets();
  if (!liveTarget("qemu") || !assets) return;
  scratch = mkdtempSync(join(tmpdir(), "virtwire-cli-qemu-"));
  const disk = copyGuestDisk(name, assets);
  const base = join(assets.scratchDir, `${name}-base.qcow2`);
  const top = join(assets.scratchDir, `${name}-top.qcow2`);
  files.push(
    disk,
    base,
    top,
    join(assets.scratchDir, `${name}-copy.qcow2`),
    join(assets.scratchDir, `${name}-slow.qcow2`),
    join(assets.scratchDir, `${name}.save`),
    join(assets.scratchDir, `${name}-overlay.qcow2`),
  );
  qemuImg("create", "-q", "-f", "qcow2", base, "16M");
  execFileSync("qemu-io", ["-c", "write -P 0x5a 0 4M", base], { stdio: "ignore" });
  qemuImg("create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", top);
  const log = serialLogPath(name);
  const xml = guestXml({ name, disk, serialLog: log, vnc: false, assets }).replace(
    "  </devices>",
    `    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${top}'/><target dev='vdb' bus='virtio'/></disk>\n  </devices>`,
  );
  const xmlFile = join(scratch, "guest.xml");
  writeFileSync(xmlFile, xml);
  const r = await virtwire(["-c", URI, "--json", "create", xmlFile]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { name: string }).name, name);
  up = true;
  await waitForText(log, GUEST_READY);
});

after(async () => {
  if (up) await virtwire(["-c", URI, "destroy", name]).catch(() => undefined);
  for (const f of files) rmSync(f, { force: true });
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (haveCommand("tmux")) execFileSync("sh", ["-c", `tmux kill-session -t ${name} 2>/dev/null || true`]);
});

function ready(t: { skip(msg?: string): void }): boolean {
  if (!requireGuest(t)) return false;
  assert.ok(up, "the guest did not start");
  return true;
}

test("console through pipes: stdin to the guest, its output to stdout", async (t) => {
  if (!ready(t)) return;
  const marker = `piped-${process.pid}`;
  const r = await virtwire(["-c", URI, "console", name, "--linger", "2"], { input: `echo ${marker}-$((20+22))\n` });
  assert.equal(r.code, 0, r.stderr);
  // The shell's answer (with the sum evaluated), not just the echoed command line.
  assert.match(r.stdout, new RegExp(`^${marker}-42\\r?$`, "m"));
  assert.doesNotMatch(r.stdout, /Escape character/);
});

test("console in a terminal: raw mode, Ctrl+C reaches the guest, Ctrl+] leaves, the terminal is restored", async (t) => {
  if (!ready(t)) return;
  if (!haveCommand("tmux")) return t.skip("tmux not installed");
  const { tmux, pane } = await tmuxShell(name);
  try {
    tmux(
      "send-keys", "-t", name,
      `S0=$(stty -g); ${process.execPath} ${CLI} -c ${URI} console ${name}; echo "EXIT=$?"; [ "$S0" = "$(stty -g)" ] && echo TTY-RESTORED || echo TTY-CHANGED`,
      "Enter",
    );
    await waitUntil(() => pane().includes("Escape character is ^] (Ctrl + ])"), 20_000, "the console banner");
    assert.match(pane(), new RegExp(`^Connected to domain '${name}'$`, "m"));
    // Ctrl+C is a byte for the guest in raw mode (its shell echoes ^C), not a signal for virtwire.
    tmux("send-keys", "-t", name, "Enter");
    await waitUntil(() => /virtwire# *$/m.test(pane()), 20_000, "the guest's prompt");
    tmux("send-keys", "-t", name, "C-c");
    await waitUntil(() => /\^C/.test(pane()), 20_000, "the guest to echo ^C");
    tmux("send-keys", "-t", name, "echo typed-$((6*7))", "Enter");
    await waitUntil(() => /^typed-42\s*$/m.test(pane()), 20_000, "the guest's answer");
    assert.doesNotMatch(pane(), /^EXIT=/m);
    tmux("send-keys", "-t", name, "C-]");
    await waitUntil(() => /^TTY-(RESTORED|CHANGED)$/m.test(pane()), 20_000, "virtwire to leave the console");
    assert.match(pane(), /^EXIT=0$/m);
    assert.match(pane(), /^TTY-RESTORED$/m);
  } finally {
    tmux("kill-session", "-t", name);
  }
});

test("job, block and tuning layouts match virsh for the same guest", async (t) => {
  if (!ready(t)) return;
  const commands = `ttyconsole ${name}; domjobinfo ${name}; domblkinfo ${name} vdb; domblkinfo ${name} --all; schedinfo ${name}; memtune ${name}; vcpupin ${name}; blockjob ${name} vdb --info; domstate ${name} --reason`;
  const v = virsh(["-c", URI, commands]);
  if (!v) return t.skip("virsh not installed");
  const w = await virtwire(["-c", URI, commands]);
  assert.equal(w.stdout, v.stdout);
  assert.equal(w.stderr, v.stderr);
  assert.equal(w.code, v.code);
});

test("blockpull --wait --verbose: virsh's progress line on stderr, the result on stdout", async (t) => {
  if (!ready(t)) return;
  const r = await virtwire(["-c", URI, "blockpull", name, "vdb", "--wait", "--verbose"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "\nPull complete\n");
  assert.match(r.stderr, /\rBlock Pull: \[100\.00 %\]$/);
  assert.match(r.stderr, /^(\rBlock Pull: \[ *\d{1,3}\.\d\d %\])+$/);
});

test("blockcopy: a throttled job shows in blockjob --info, then --abort ends it; --finish copies", async (t) => {
  if (!ready(t)) return;
  const slow = files[4] as string;
  const started = await virtwire(["-c", URI, "blockcopy", name, "vdb", "--dest", slow, "--bandwidth", "1", "--transient-job"]);
  assert.equal(started.code, 0, started.stderr);
  assert.equal(started.stdout, "Block Copy started\n");
  const info = await virtwire(["-c", URI, "blockjob", name, "vdb", "--info"]);
  assert.equal(info.stdout, "    Bandwidth limit: 1048576 bytes/s (1.000 MiB/s)\n\n");
  assert.match(info.stderr, /^\rBlock Copy: \[ *\d{1,2}\.\d\d %\]$/);
  const raw = await virtwire(["-c", URI, "--json", "blockjob", name, "vdb", "--info", "--raw"]);
  const job = JSON.parse(raw.stdout) as { type: string; bandwidth: number };
  assert.deepEqual([job.type, job.bandwidth], ["Block Copy", 1]);
  const aborted = await virtwire(["-c", URI, "blockjob", name, "vdb", "--abort"]);
  assert.equal(aborted.code, 0, aborted.stderr);
  await untilTrue(
    async () => (await virtwire(["-c", URI, "blockjob", name, "vdb", "--info"])).stdout.startsWith("No current block job for vdb"),
    30_000,
    "the aborted copy to go away",
  );
  const copy = files[3] as string;
  const r = await virtwire(["-c", URI, "blockcopy", name, "vdb", "--dest", copy, "--wait", "--finish", "--verbose", "--transient-job"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "\nSuccessfully copied\n");
  assert.match(r.stderr, /\rBlock Copy: \[100\.00 %\]$/);
  assert.ok(existsSync(copy));
});

test("blockcommit --active --pivot of a fresh overlay: merged back, virsh's messages", async (t) => {
  if (!ready(t)) return;
  const overlay = files[6] as string;
  const snap = await virtwire([
    "-c", URI, "snapshot-create-as", name, "--disk-only", "--no-metadata", "--atomic",
    "--diskspec", "vda,snapshot=no", "--diskspec", `vdb,snapshot=external,file=${overlay}`,
  ]);
  assert.equal(snap.code, 0, snap.stderr);
  const blk = await virtwire(["-c", URI, "domblkinfo", name, overlay]);
  assert.equal(blk.code, 0, blk.stderr);
  const r = await virtwire(["-c", URI, "blockcommit", name, "vdb", "--active", "--pivot", "--verbose"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "\nSuccessfully pivoted\n");
  assert.match(r.stderr, /\rBlock commit: \[100\.00 %\]$/);
  const xml = await virtwire(["-c", URI, "dumpxml", name]);
  assert.ok(!xml.stdout.includes(overlay), "the overlay is gone from the chain");
});

test("save --verbose shows virsh's progress; piped restore shows none", async (t) => {
  if (!ready(t)) return;
  const file = files[5] as string;
  const saved = await virtwire(["-c", URI, "save", name, file, "--verbose"]);
  assert.equal(saved.code, 0, saved.stderr);
  assert.equal(saved.stdout, `\nDomain '${name}' saved to ${file}\n\n`);
  assert.match(saved.stderr, /\rSave: \[100\.00 %\]$/);
  const gone = await virtwire(["-c", URI, "domstate", name]);
  assert.equal(gone.code, 1, "a saved transient domain is gone");
  const restored = await virtwire(["-c", URI, "restore", file]);
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(restored.stdout, `Domain restored from ${file}\n\n`);
  assert.equal(restored.stderr, "");
  const state = await virtwire(["-c", URI, "domstate", name, "--reason"]);
  assert.equal(state.stdout, "running (restored)\n\n");
});
