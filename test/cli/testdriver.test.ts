// The CLI as a process against libvirtd's test driver: a private node file
// per test (test+unix:///ABS.xml, a fresh instance per connection), so
// virtwire and virsh see the same state for the same command string.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { privateNode, type PrivateNode } from "../api/lifecycle-node.js";
import { requireLive } from "../helpers/live.js";
import { maskVolatile, virsh, virtwire } from "./cli-helpers.js";

const nodes: PrivateNode[] = [];
after(() => nodes.forEach((n) => n.remove()));

function node(): PrivateNode {
  const n = privateNode([
    { name: "alpha", uuid: "7a1e0001-0000-4000-8000-000000000001", disk: true },
    { name: "beta", uuid: "7a1e0001-0000-4000-8000-000000000002", runstate: 5, vcpus: 1, memoryKiB: 524288, hasManagedSave: true },
    { name: "Gamma", uuid: "7a1e0001-0000-4000-8000-000000000003", runstate: 3 },
    { name: "delta", uuid: "7a1e0001-0000-4000-8000-000000000004", transient: true },
  ]);
  nodes.push(n);
  return n;
}

/** Same command string through virsh and virtwire: same output, errors, exit code. */
async function compare(t: { skip(msg?: string): void }, uri: string, commandString: string, extra: string[] = []): Promise<boolean> {
  const v = virsh([...extra, "-c", uri, commandString]);
  if (!v) {
    t.skip("virsh not installed");
    return false;
  }
  const w = await virtwire([...extra, "-c", uri, commandString]);
  assert.equal(maskVolatile(w.stdout), maskVolatile(v.stdout), `stdout of ${commandString}`);
  assert.equal(w.stderr, v.stderr, `stderr of ${commandString}`);
  assert.equal(w.code, v.code, `exit code of ${commandString}`);
  return true;
}

test("listing and info of running, paused, shut off and transient domains", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const { uri } = node();
  await compare(
    t,
    uri,
    "list; list --all; list --all --name; list --inactive; list --state-paused; list --transient --name; list --persistent --uuid; " +
      "list --all --managed-save; list --with-managed-save --name; dominfo alpha; dominfo beta; domstate Gamma --reason; " +
      "vcpuinfo beta; vcpupin beta; domid beta; domuuid 1",
  );
});

test("state changes and their messages, including by id and UUID", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const { uri } = node();
  await compare(
    t,
    uri,
    "suspend alpha; domstate alpha --reason; resume 1; destroy 7a1e0001-0000-4000-8000-000000000001; start alpha; " +
      "shutdown alpha; domstate alpha --reason; resume Gamma; reboot Gamma; reset Gamma; autostart beta; list --autostart --all --name",
  );
});

test("libvirt's refusals print as virsh prints them", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const { uri } = node();
  for (const cmd of ["resume alpha", "suspend beta", "start alpha", "undefine beta", "setmem alpha 99G", "managedsave delta", "setvcpus alpha 0"]) {
    if (!(await compare(t, uri, cmd))) return;
  }
});

test("a domain that is not there: virsh's line, then libvirt's reason", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const { uri } = node();
  const r = await virtwire(["-c", uri, "dominfo", "nope"]);
  assert.equal(r.code, 1);
  const lines = r.stderr.trimEnd().split("\n");
  assert.deepEqual(lines.slice(0, 1), ["error: failed to get domain 'nope'"]);
  assert.match(lines[1] ?? "", /^error: Domain not found/);
});

test("read-only connections are refused changes, with libvirt's message", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const { uri } = node();
  await compare(t, uri, "suspend alpha", ["-r"]);
  const r = await virtwire(["-r", "-c", uri, "domstate", "alpha"]);
  assert.equal(r.stdout, "running\n\n");
});

test("save, restore, managed save and undefine with its flags", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const n = node();
  const file = join(n.dir, "alpha.save");
  if (!(await compare(t, n.uri, `save alpha ${file}; domstate alpha --reason; restore ${file}; domstate alpha --reason`))) return;
  assert.ok(existsSync(file));
  await compare(t, n.uri, "managedsave alpha; dominfo alpha; start alpha; domstate alpha --reason; undefine beta --managed-save; list --all");
});

test("--json for state-changing commands, over one connection", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const n = node();
  const file = join(n.dir, "j.save");
  const r = await virtwire(["-c", n.uri, "--json", `save alpha ${file}; restore ${file}; domstate alpha --reason; managedsave-remove beta`]);
  assert.equal(r.code, 0, r.stderr);
  const docs = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(docs, [
    { name: "alpha", file, saved: true },
    { file, restored: true },
    { state: "running", stateCode: 1, reason: "restored", reasonCode: 3 },
    { name: "beta", removed: true },
  ]);
});

test("snapshots: create, list as a table and a tree, revert, delete", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const { uri } = node();
  await compare(
    t,
    uri,
    'snapshot-create-as alpha s1 "first one"; snapshot-create-as alpha s2; snapshot-revert alpha s1 --paused; ' +
      "snapshot-create-as alpha s3; snapshot-list alpha --parent; snapshot-list alpha --tree; snapshot-current alpha --name; " +
      "domstate alpha --reason; snapshot-delete alpha s1 --children-only; snapshot-list alpha --tree; snapshot-current Gamma",
  );
});

test("metadata and descriptions", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const { uri } = node();
  await compare(
    t,
    uri,
    "metadata alpha http://example.org/x --key ex --set '<thing a=\"1\"/>'; metadata alpha http://example.org/x; " +
      "desc alpha; desc alpha A longer text; desc alpha; desc alpha --title --config Short; list --all --title; " +
      "metadata alpha http://example.org/x --remove; metadata alpha http://example.org/x",
  );
});
