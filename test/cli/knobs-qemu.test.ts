// QEMU passthrough, native XML and the agent/migration knobs against a real
// QEMU domain (a diskless guest idling in SeaBIOS: no boot to wait for),
// compared with virsh on the same domain.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { guestXml, liveTarget, requireLive, uniqueGuestName } from "../helpers/live.js";
import { sameAsVirshOn, virtwire } from "./cli-helpers.js";

const URI = "qemu:///system";
const name = uniqueGuestName("knobs");
let up = false;
let scratch = "";

before(async () => {
  if (!liveTarget("qemu")) return;
  scratch = mkdtempSync(join(tmpdir(), "virtwire-knobs-qemu-"));
  const xmlFile = join(scratch, "guest.xml");
  writeFileSync(xmlFile, guestXml({ name, boot: false, vnc: false }));
  const r = await virtwire(["-c", URI, "create", xmlFile]);
  assert.equal(r.code, 0, r.stderr);
  up = true;
});

after(async () => {
  if (up) await virtwire(["-c", URI, "destroy", name]).catch(() => undefined);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** QMP ids count up per monitor command: the only part that differs between two runs. */
function maskIds(s: string): string {
  return s.replace(/"libvirt-\d+"/g, '"libvirt-N"');
}

/** Each command run by both (and with -q when `quiet`; test:///default covers -q for the rest). */
async function sameAsVirsh(t: { skip(msg?: string): void }, commands: readonly string[], quiet = false): Promise<boolean> {
  if (!requireLive(t, "qemu")) return false;
  assert.ok(up, "the domain did not start");
  return sameAsVirshOn(t, URI, commands, { quiet, mask: maskIds });
}

test("qemu-monitor-command: raw, --pretty and --return-value layouts, QMP wrapping, HMP", async (t) => {
  await sameAsVirsh(t, [
    `qemu-monitor-command ${name} '{"execute":"query-status"}'`,
    `qemu-monitor-command ${name} --pretty '{"execute":"query-status"}'`,
    `qemu-monitor-command ${name} --pretty query-block`,
    `qemu-monitor-command ${name} --return-value --pretty query-cpus-fast`,
    `qemu-monitor-command ${name} --return-value query-commands`,
    // Empty objects: yajl opens a line for them.
    `qemu-monitor-command ${name} --pretty cont`,
    `qemu-monitor-command ${name} --pretty --return-value cont`,
    `qemu-monitor-command ${name} --return-value cont`,
    `qemu-monitor-command ${name} --return-value human-monitor-command '{"command-line":"info name"}'`,
    `qemu-monitor-command ${name} --return-value human-monitor-command '"command-line":"info name"'`,
    `qemu-monitor-command ${name} --return-value qmp_capabilities`,
    `qemu-monitor-command ${name} --pretty notacommand`,
    `qemu-monitor-command ${name} --hmp info status`,
    `qemu-monitor-command ${name} --hmp --pretty info`,
  ]);
  // Without the separating newline, JSON output has none at all.
  if (!(await sameAsVirsh(t, [`qemu-monitor-command ${name} --pretty query-status`, `qemu-monitor-command ${name} --hmp info status`], true))) return;
  // --json: a QMP reply as a value, HMP text as a string.
  const qmp = await virtwire(["-c", URI, "--json", "qemu-monitor-command", name, "query-status"]);
  const reply = JSON.parse(qmp.stdout) as { command: string; result: { return: { status: string } } };
  assert.deepEqual([reply.command, reply.result.return.status], ['{"execute":"query-status"}', "running"]);
  const hmp = await virtwire(["-c", URI, "--json", "qemu-monitor-command", name, "--hmp", "info", "status"]);
  assert.equal((JSON.parse(hmp.stdout) as { result: string }).result, "VM status: running\r\n");
});

test("qemu-agent-command, the agent commands and power management without an agent", async (t) => {
  await sameAsVirsh(t, [
    `qemu-agent-command ${name} '{"execute":"guest-ping"}'`,
    `qemu-agent-command ${name} --timeout 0 x`,
    `qemu-agent-command ${name} --timeout 3 --block x`,
    `guest-agent-timeout ${name} --timeout 10`,
    `guest-agent-timeout ${name}`,
    `domfsfreeze ${name}`,
    `domfsthaw ${name}`,
    `domfstrim ${name}`,
    `set-user-password ${name} root x`,
    `get-user-sshkeys ${name} root`,
    `set-user-sshkeys ${name} root --reset`,
    `dompmsuspend ${name} mem`,
    `dompmwakeup ${name}`,
  ]);
});

test("domxml-to-native from the domain and from a file; domxml-from-native refused", async (t) => {
  if (!liveTarget("qemu")) return t.skip("libvirtd not running");
  const dumped = await virtwire(["-c", URI, "dumpxml", name]);
  const xml = join(scratch, "dumped.xml");
  writeFileSync(xml, dumped.stdout);
  const argv = join(scratch, "argv");
  writeFileSync(argv, "/usr/bin/qemu-system-x86_64 -m 64\n");
  await sameAsVirsh(t, [
    `domxml-to-native qemu-argv --domain ${name}`,
    `domxml-to-native qemu-argv ${xml}`,
    `domxml-to-native bogus --domain ${name}`,
    `domxml-from-native qemu-argv ${argv}`,
  ]);
});

test("migration knobs outside a migration; domdirtyrate-calc measures", async (t) => {
  if (
    !(await sameAsVirsh(t, [
      `migrate-setmaxdowntime ${name} 100`,
      `migrate-compcache ${name}`,
      `migrate-compcache ${name} --size 1048576`,
      `migrate-postcopy ${name}`,
    ]))
  )
    return;
  // One measurement at a time per domain, so this one runs once.
  const r = await virtwire(["-c", URI, "domdirtyrate-calc", name, "--seconds", "1"]);
  assert.equal(r.stdout, "Start to calculate domain's memory dirty rate successfully.\n\n");
  assert.equal(r.code, 0, r.stderr);
});
