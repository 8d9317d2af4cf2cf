// managedsave-dumpxml, -define and -edit on a real managed save image (the
// test driver has none): a persistent diskless guest, started paused so it
// costs no CPU, saved at once; compared with virsh where both see the same.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { guestXml, liveTarget, requireLive, uniqueGuestName } from "../helpers/live.js";
import { editorScript, virsh, virtwire } from "./cli-helpers.js";

const URI = "qemu:///system";
const name = uniqueGuestName("moments");
let dir = "";
let saved = false;

async function run(commands: string, env: NodeJS.ProcessEnv = {}) {
  return virtwire(["-c", URI, commands], { env });
}

before(async () => {
  if (!liveTarget("qemu")) return;
  dir = mkdtempSync(join(tmpdir(), "virtwire-moments-qemu-"));
  const xml = join(dir, "guest.xml");
  writeFileSync(xml, guestXml({ name, boot: false, vnc: false, memoryMiB: 32 }));
  const r = await run(`define ${xml}; start ${name} --paused; managedsave ${name}`);
  assert.equal(r.code, 0, r.stderr);
  saved = true;
});

after(async () => {
  if (saved) await run(`undefine ${name} --managed-save`).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("managedsave-dumpxml, -define and -edit on a managed save image; as virsh", async (t) => {
  if (requireLive(t, "qemu") === undefined) return;
  assert.ok(saved, "the guest was not saved");
  const dump = await run(`managedsave-dumpxml ${name} --security-info`);
  assert.equal(dump.code, 0, dump.stderr);
  assert.match(dump.stdout, new RegExp(`<name>${name}</name>`));
  const v = virsh(["-c", URI, `managedsave-dumpxml ${name}; managedsave-dumpxml --domain ${name} --security-info`]);
  if (!v) return t.skip("virsh not installed");
  const w = await run(`managedsave-dumpxml ${name}; managedsave-dumpxml --domain ${name} --security-info`);
  assert.deepEqual([w.stdout, w.stderr, w.code], [v.stdout, v.stderr, v.code]);

  const xml = join(dir, "described.xml");
  writeFileSync(xml, dump.stdout.replace(`<name>${name}</name>`, `<name>${name}</name>\n  <description>defined</description>`));
  const defined = await run(`managedsave-define ${name} ${xml} --running; managedsave-dumpxml ${name}`);
  assert.equal(defined.code, 0, defined.stderr);
  assert.match(defined.stdout, new RegExp(`^Managed save state file of domain '${name}' updated\\.\\n\\n`));
  assert.match(defined.stdout, /<description>defined<\/description>/);

  const keep = editorScript(dir, "keep", "true");
  const same = `managedsave-edit ${name}`;
  const vs = virsh(["-c", URI, same], "", { EDITOR: keep });
  const ws = await run(same, { EDITOR: keep });
  assert.deepEqual([ws.stdout, ws.stderr, ws.code], [vs?.stdout, vs?.stderr, vs?.code]);
  assert.equal(ws.stdout, `Managed save image of domain '${name}' XML configuration not changed.\n\n`);

  const describe = editorScript(dir, "describe", `sed -i "s/>defined</>edited</" "$1"`);
  const edited = await run(`managedsave-edit ${name} --paused; managedsave-dumpxml ${name}`, { EDITOR: describe });
  assert.equal(edited.code, 0, edited.stderr);
  assert.match(edited.stdout, new RegExp(`^Managed save image of Domain '${name}' XML configuration edited\\.\\n\\n`));
  assert.match(edited.stdout, /<description>edited<\/description>/);

  // --paused took: the guest comes back paused from the image.
  const started = await run(`start ${name}; domstate ${name}; destroy ${name}`);
  assert.equal(started.code, 0, started.stderr);
  assert.match(started.stdout, /^Domain '.*' started\n\npaused\n/);
});

test("snapshot-edit --rename and --clone, snapshot-info and -parent on redefined qemu snapshot metadata; as virsh", async (t) => {
  if (requireLive(t, "qemu") === undefined) return;
  const probe = uniqueGuestName("moments-snap");
  const xml = join(dir, "probe.xml");
  writeFileSync(xml, guestXml({ name: probe, boot: false, vnc: false, memoryMiB: 32 }));
  const defined = await run(`define ${xml}`);
  assert.equal(defined.code, 0, defined.stderr);
  try {
    const uuid = (await run(`domuuid ${probe}`)).stdout.trim();
    const domain = `<domain type='qemu'><name>${probe}</name><uuid>${uuid}</uuid><memory unit='MiB'>32</memory><os><type arch='x86_64'>hvm</type></os></domain>`;
    const snapshot = (name: string, parent: string) =>
      `<domainsnapshot><name>${name}</name>${parent ? `<parent><name>${parent}</name></parent>` : ""}<state>shutoff</state><creationTime>1700000000</creationTime>${domain}</domainsnapshot>\n`;
    writeFileSync(join(dir, "s1.xml"), snapshot("s1", ""));
    writeFileSync(join(dir, "s2.xml"), snapshot("s2", "s1"));
    const rename = editorScript(dir, "rename", `sed -i "s/<name>s2</<name>s9</" "$1"`);
    const create = `snapshot-create ${probe} ${dir}/s1.xml --redefine; snapshot-create ${probe} --xmlfile ${dir}/s2.xml --redefine --current; `;
    const drop = `; snapshot-delete ${probe} s1 --metadata --children`;
    const cases = [
      `${create}snapshot-info ${probe} --current; snapshot-parent ${probe} s2; snapshot-parent ${probe} s1${drop}`,
      `${create}snapshot-edit ${probe} s2 --rename; snapshot-list ${probe} --parent --name; snapshot-current ${probe} --name${drop}`,
      `${create}snapshot-edit ${probe} s2 --clone; snapshot-list ${probe} --name${drop}`,
      `${create}snapshot-edit ${probe} --current; snapshot-list ${probe} --name${drop}`,
    ];
    for (const commands of cases) {
      const v = virsh(["-c", URI, commands], "", { EDITOR: rename });
      if (!v) return t.skip("virsh not installed");
      const w = await run(commands, { EDITOR: rename });
      assert.deepEqual([w.stdout, w.stderr, w.code], [v.stdout, v.stderr, v.code], commands);
    }
  } finally {
    await run(`undefine ${probe} --snapshots-metadata`);
  }
});
