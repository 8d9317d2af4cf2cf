// The CLI as a process against the embedded test driver (test:///default,
// served in-process, a fresh state per run), compared with virsh running the
// same command string against its own in-process test driver.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { maskVolatile, virsh, virtwire } from "./cli-helpers.js";

const URI = "test:///default";

async function sameAsVirsh(t: { skip(msg?: string): void }, commandString: string): Promise<void> {
  const v = virsh(["-c", URI, commandString]);
  if (!v) {
    t.skip("virsh not installed");
    return;
  }
  const w = await virtwire(["-c", URI, commandString]);
  assert.equal(maskVolatile(w.stdout), maskVolatile(v.stdout), `stdout of ${commandString}`);
  assert.equal(w.stderr, v.stderr, `stderr of ${commandString}`);
  assert.equal(w.code, v.code, `exit code of ${commandString}`);
}

test("list, dominfo, domstate, ids and names print as virsh prints them", async (t) => {
  await sameAsVirsh(t, "list; list --all --name; list --uuid --title; dominfo test; domstate test --reason; domid test; domname 1; domuuid test");
});

test("vcpuinfo, vcpupin and domstats layouts", async (t) => {
  await sameAsVirsh(t, "vcpuinfo test; vcpuinfo test --pretty; vcpupin test 0 1; vcpupin test; domstats; domstats --state test");
});

test("tuning and monitoring tables", async (t) => {
  await sameAsVirsh(t, "schedinfo test; schedinfo test --set weight=100; memtune test; blkiotune test; dommemstat test; domblkinfo test --all; domifaddr test; domtime test --pretty; domhostname test");
});

test("lifecycle messages and the blank line virsh prints after each command", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "virtwire-cli-"));
  try {
    const xml = (await virtwire(["-c", URI, "dumpxml", "test"])).stdout.replace("<name>test</name>", "<name>t2</name>").replace(/ *<uuid>.*<\/uuid>\n/, "");
    writeFileSync(join(dir, "t2.xml"), xml);
    await sameAsVirsh(
      t,
      `define ${dir}/t2.xml; start t2; suspend t2; resume t2; reboot t2; reset t2; shutdown t2; start t2; destroy t2; ` +
        `autostart t2; autostart t2 --disable; undefine t2; managedsave-remove test; setvcpus test 1; setmem test 1G; dominfo test`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("snapshot table, --parent, --tree and --name", async (t) => {
  await sameAsVirsh(
    t,
    'snapshot-create-as test s1 "first"; snapshot-create-as test s2; snapshot-create-as --domain test --name s3; ' +
      "snapshot-revert test s1; snapshot-create-as test s4; snapshot-list test; snapshot-list test --parent; " +
      "snapshot-list test --tree; snapshot-list test --name; snapshot-list test --roots; snapshot-list test --leaves; " +
      "snapshot-list test --from s1 --descendants --name; snapshot-current test --name; snapshot-dumpxml test s1; " +
      "snapshot-delete test s2; snapshot-list test --tree",
  );
});

test("checkpoint table and tree", async (t) => {
  await sameAsVirsh(
    t,
    'checkpoint-create-as test c1 "one"; checkpoint-create-as test --name c2; checkpoint-list test; checkpoint-list test --parent; ' +
      "checkpoint-list test --tree; checkpoint-list test --name; checkpoint-delete test c2; checkpoint-list test",
  );
});

test("usage errors: same messages, exit 1, and no trailing newline on stdout", async (t) => {
  for (const cmd of ["frob", "list --foo", "domstate", "domstate test extra", "domstate test --reason=1", "setvcpus test", "list --all --all"]) {
    await sameAsVirsh(t, cmd);
  }
});

test("command failures: the blank line on stdout, virsh's error lines on stderr", async (t) => {
  for (const cmd of ["setvcpus test abc", "vcpupin test 0 x", "setmem test --live --current 1", "list --name --table", "domtime test --now --sync", "send-key test KEY_FOO", "resume test", "define /nonexistent.xml"]) {
    await sameAsVirsh(t, cmd);
  }
});

test("a failed lookup names the domain, then gives libvirt's reason", async () => {
  const r = await virtwire(["-c", URI, "dominfo", "nope"]);
  assert.equal(r.code, 1);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines[0], "error: failed to get domain 'nope'");
  assert.match(lines[1] ?? "", /^error: Domain not found/);
  assert.equal(lines.length, 2);
  assert.equal(r.stdout, "\n");
});

test("--json: every result parses, with stable keys", async () => {
  const run = async (...args: string[]) => {
    const r = await virtwire(["-c", URI, "--json", ...args]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown;
  };
  const list = (await run("list", "--all")) as { id: number | null; name: string; uuid: string; state: string }[];
  assert.deepEqual(list, [{ id: 1, name: "test", uuid: "6695eb01-f6a4-8304-79aa-97f2502e193f", state: "running" }]);
  const info = (await run("dominfo", "test")) as Record<string, unknown>;
  assert.equal(info["maxMemoryKiB"], 8388608);
  assert.equal(info["usedMemoryKiB"], 2097152);
  assert.equal(info["persistent"], true);
  // Nanoseconds of CPU time exceed 2^53 here: carried as an exact string.
  assert.equal(typeof info["cpuTimeNs"], "string");
  assert.match(info["cpuTimeNs"] as string, /^\d+$/);
  assert.deepEqual(await run("domstate", "test", "--reason"), { state: "running", stateCode: 1, reason: "unknown", reasonCode: 0 });
  const memtune = (await run("memtune", "test")) as Record<string, unknown>;
  assert.equal(memtune["hard_limit"], null);
  const stats = (await run("domstats", "--state")) as { name: string; stats: Record<string, unknown> }[];
  assert.deepEqual(stats[0]?.stats, { "state.state": 1, "state.reason": 0 });
  // --json after the command works too.
  const r = await virtwire(["-c", URI, "domid", "test", "--json"]);
  assert.deepEqual(JSON.parse(r.stdout), { id: 1 });
});

test("--json errors go to stderr as one object", async () => {
  const r = await virtwire(["-c", URI, "--json", "dominfo", "nope"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  const e = JSON.parse(r.stderr) as { error: { message: string; context: string[]; code: number; domain: number } };
  assert.deepEqual(e.error.context, ["failed to get domain 'nope'"]);
  assert.equal(e.error.code, 42);
});

test("a command string runs on one connection: state carries over", async () => {
  const r = await virtwire(["-c", URI, "--json", "suspend test; domstate test"]);
  const [first, second] = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(first, { name: "test", action: "suspend" });
  assert.equal(second?.["state"], "paused");
});

test("quiet mode drops headers and messages, keeps data", async () => {
  const r = await virtwire(["-q", "-c", URI, "list; suspend test; domid test"]);
  // The list ran before the suspend; the suspend's message is gone. Without a
  // header the columns are as wide as the data (virsh prints the same).
  assert.equal(r.stdout, " 1   test   running\n1\n");
});

test("event with nothing happening: timed out, zero received, exit 1", async (t) => {
  await sameAsVirsh(t, "event --all --timeout 1");
});

test("screenshot writes the image file, or to stdout with --file -", async () => {
  const dir = mkdtempSync(join(tmpdir(), "virtwire-cli-"));
  try {
    const file = join(dir, "shot.png");
    const r = await virtwire(["-c", URI, "screenshot", "test", file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Screenshot saved to ${file}, with type of image/png\n`);
    assert.deepEqual([...readFileSync(file).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const piped = await virtwire(["-c", URI, "screenshot", "test", "--file", "-"]);
    assert.equal(piped.code, 0, piped.stderr);
    // The bytes alone: no message and no separating newline after the image.
    assert.deepEqual([...piped.stdoutBytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal(piped.stdoutBytes.subarray(-8, -4).toString("latin1"), "IEND");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("help lists commands and shows a command's options", async () => {
  const all = await virtwire(["help"]);
  assert.match(all.stdout, /^ Domain Monitoring \(help keyword 'monitor'\):$/m);
  assert.match(all.stdout, /^ {4}snapshot-list {18}List snapshots for a domain$/m);
  const one = await virtwire(["list", "--help"]);
  assert.match(one.stdout, /^ {2}SYNOPSIS\n {4}list \[--inactive\] \[--all\]/m);
  const usage = await virtwire(["--help"]);
  assert.match(usage.stdout, /^virtwire \[options\]\.\.\. <command> \[args\.\.\.\]$/m);
});
