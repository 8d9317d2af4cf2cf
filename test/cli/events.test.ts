// event: lifecycle events caused by another virtwire process reach a
// listening one through libvirtd's test driver (test+unix:///default, whose
// state is shared by every connection; our domain has a unique name, and
// lines about other domains are ignored). Ctrl+C ends the loop as in virsh.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireLive } from "../helpers/live.js";
import { repeatUntil, startVirtwire, virtwire, waitUntil } from "./cli-helpers.js";

const URI = "test+unix:///default";
const dir = mkdtempSync(join(tmpdir(), "virtwire-cli-ev-"));
const name = `virtwire-cli-ev-${process.pid}`;
const xmlFile = join(dir, "dom.xml");
writeFileSync(xmlFile, `<domain type='test'><name>${name}</name><memory>65536</memory><vcpu>1</vcpu><os><type arch='i686'>hvm</type></os></domain>\n`);

after(async () => {
  // Leave nothing behind in the shared state, whatever happened.
  await virtwire(["-c", URI, `destroy ${name}; undefine ${name}`]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test("event --loop prints each lifecycle event; Ctrl+C ends it with virsh's summary", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const listener = startVirtwire(["-c", URI, "event", "--all", "--loop"]);
  const removed = `event 'lifecycle' for domain '${name}': Undefined Removed`;
  // The listener is ready once it reports a define/undefine pair made after it started.
  await repeatUntil(
    () => listener.output().includes(removed),
    () => virtwire(["-q", "-c", URI, `define ${xmlFile}; undefine ${name}`]),
    30_000,
    "the event listener to register",
  );
  const mark = listener.output().length;
  const r = await virtwire(["-q", "-c", URI, `define ${xmlFile}; start ${name}; suspend ${name}; resume ${name}; destroy ${name}; undefine ${name}`]);
  assert.equal(r.code, 0, r.stderr);
  await waitUntil(() => listener.output().slice(mark).includes(removed), 15_000, "the last event");
  listener.child.kill("SIGINT");
  const done = await listener.done;
  assert.equal(done.code, 0, done.stderr);
  assert.equal(done.stderr, "");
  const ours = done.stdout
    .slice(mark)
    .split("\n")
    .filter((l) => l.includes(`'${name}'`));
  assert.deepEqual(ours, [
    `event 'lifecycle' for domain '${name}': Defined Added`,
    `event 'lifecycle' for domain '${name}': Started Booted`,
    `event 'lifecycle' for domain '${name}': Suspended Paused`,
    `event 'lifecycle' for domain '${name}': Resumed Unpaused`,
    `event 'lifecycle' for domain '${name}': Stopped Destroyed`,
    removed,
  ]);
  assert.match(done.stdout, /\nevent loop interrupted\nevents received: \d+\n\n$/);
});

test("one-shot event --domain --event with --json: the first event, then a summary", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  // Another connection keeps the shared state (and so our domain) alive meanwhile;
  // its report of the definition shows it was connected before the domain appeared.
  const keeper = startVirtwire(["-c", URI, "event", "--all", "--loop"]);
  try {
    const defined = `event 'lifecycle' for domain '${name}': Defined Added`;
    // A definition made after the keeper connected but before it registered is not
    // reported, and a second one would fail: undefine first, so each try is seen anew.
    const redefine = async () => {
      await virtwire(["-q", "-c", URI, "undefine", name]);
      return virtwire(["-q", "-c", URI, "define", xmlFile]);
    };
    await repeatUntil(() => keeper.output().includes(defined), redefine, 30_000, "the keeper");
    const one = startVirtwire(["-c", URI, "--json", "event", "--domain", name, "--event", "lifecycle"]);
    let exited = false;
    void one.done.then(() => (exited = true));
    // Toggle the domain's state until the listener, once registered, has seen one event.
    await repeatUntil(() => exited, () => virtwire(["-q", "-c", URI, `start ${name}; destroy ${name}`]), 30_000, "the one-shot listener to see an event");
    const r = await one.done;
    assert.equal(r.code, 0, r.stderr);
    const [ev, summary] = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(ev?.["event"], "lifecycle");
    assert.equal(ev?.["domain"], name);
    assert.ok(["Started", "Stopped"].includes(ev?.["lifecycle"] as string), String(ev?.["lifecycle"]));
    assert.equal(typeof ev?.["detail"], "string");
    assert.deepEqual(summary, { received: 1, ended: "done" });
  } finally {
    keeper.child.kill("SIGINT");
    await keeper.done;
  }
});

test("event needs --list, --all or --event; --list names the events", async () => {
  const none = await virtwire(["event"]);
  assert.equal(none.code, 1);
  assert.equal(none.stderr, "error: one of --list, --all, or --event <type> is required\n");
  const listed = await virtwire(["event", "--list"]);
  const names = listed.stdout.trim().split("\n");
  assert.equal(names[0], "lifecycle");
  assert.ok(names.includes("block-job-2") && names.includes("metadata-change"));
  const bad = await virtwire(["-c", "test:///default", "event", "--event", "bogus"]);
  assert.equal(bad.stderr, "error: unknown event type bogus\n");
});
