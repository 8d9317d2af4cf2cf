// Guest-agent, power-management and migration-tuning commands against the
// embedded test driver, compared with virsh on its own test driver (plain and
// -q): what the test driver answers, libvirt's refusals for what it does not
// implement, and virsh's own option checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sameAsVirshOn, virsh, virtwire } from "./cli-helpers.js";
import { formatQemuJson, parseQemuJson } from "../../src/cli/format/qemu-json.js";

const URI = "test:///default";

/** Each command string run by both, with and without -q: same stdout, stderr and exit code. */
async function sameAsVirsh(t: { skip(msg?: string): void }, commands: readonly string[]): Promise<void> {
  await sameAsVirshOn(t, URI, commands, { quiet: true });
}

async function json(args: readonly string[]): Promise<unknown> {
  const r = await virtwire(["-c", URI, "--json", ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("migration knobs: the test driver's refusals and virsh's checks of the values", async (t) => {
  await sameAsVirsh(t, [
    "migrate-setmaxdowntime test 100",
    "migrate-setmaxdowntime test 0",
    "migrate-setmaxdowntime test -1",
    "migrate-setmaxdowntime test abc",
    "migrate-setmaxdowntime test",
    "migrate-setmaxdowntime test 1 2",
    "migrate-compcache test",
    "migrate-compcache test --size 1000",
    "migrate-compcache test --size -1",
    "migrate-compcache test 1000",
    "migrate-setspeed test 100",
    "migrate-setspeed test 100 --postcopy",
    "migrate-setspeed test -1",
    "migrate-setspeed test -18446744073709551617",
    "migrate-setspeed test 1x",
    "migrate-setspeed test",
    "migrate-postcopy test",
    "domdirtyrate-calc test",
    "domdirtyrate-calc test --seconds 5 --mode dirty-ring",
    "domdirtyrate-calc test 5 foo",
    "domdirtyrate-calc test --seconds x",
    "domdirtyrate-calc test --mode ''",
  ]);
});

test("power management: target and duration checks, then the test driver's refusal", async (t) => {
  await sameAsVirsh(t, [
    "dompmsuspend test mem",
    "dompmsuspend 1 disk --duration 5",
    "dompmsuspend test foo",
    "dompmsuspend test ''",
    "dompmsuspend test mem --duration -1",
    "dompmsuspend test mem 5",
    "dompmsuspend test",
    "dompmwakeup 1",
  ]);
});

test("filesystems: freeze and thaw counts, fstrim, and their option errors", async (t) => {
  await sameAsVirsh(t, [
    "domfsfreeze test",
    "domfsfreeze test / /boot",
    "domfsfreeze test --mountpoint /",
    "domfsfreeze test ''",
    "domfsthaw test",
    "domfstrim test",
    "domfstrim test --minimum 10 --mountpoint /",
    "domfstrim test 5 /",
    "domfstrim test x",
    "domfstrim test 5 ''",
  ]);
  assert.deepEqual(await json(["domfsfreeze", "test", "/"]), { name: "test", mountpoints: ["/"], frozen: 1 });
  assert.deepEqual(await json(["domfsthaw", "test"]), { name: "test", mountpoints: [], thawed: 0 });
});

test("guest users and the agent timeout: passwords, SSH key files and their option rules", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "virtwire-knobs-"));
  try {
    const keys = join(dir, "keys");
    writeFileSync(keys, "ssh-ed25519 AAAA one\nssh-ed25519 BBBB two\n");
    const empty = join(dir, "empty");
    writeFileSync(empty, "");
    await sameAsVirsh(t, [
      "set-user-password test root secret",
      "set-user-password 1 root secret --encrypted",
      "set-user-password test '' x",
      "set-user-password test root",
      "get-user-sshkeys test root",
      "get-user-sshkeys test ''",
      "set-user-sshkeys test root",
      "set-user-sshkeys test root --reset",
      "set-user-sshkeys test root --remove",
      "set-user-sshkeys test root --reset --remove",
      "set-user-sshkeys test root --reset --remove --file x",
      `set-user-sshkeys test root --file ${dir}/missing`,
      `set-user-sshkeys test root --file ${empty}`,
      `set-user-sshkeys test root ${keys}`,
      `set-user-sshkeys test root --remove --file ${keys}`,
      "guest-agent-timeout test",
      "guest-agent-timeout test --timeout 5",
      "guest-agent-timeout test 5",
      "guest-agent-timeout test --timeout 2147483648",
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The password is not echoed back in JSON.
  assert.deepEqual(await json(["set-user-password", "test", "root", "secret"]), { name: "test", user: "root", encrypted: false });
});

test("QEMU passthrough and native XML: the test driver's refusals and virsh's option checks", async (t) => {
  await sameAsVirsh(t, [
    "qemu-monitor-command test query-status",
    "qemu-monitor-command test --hmp info status",
    "qemu-monitor-command test --hmp --pretty x",
    "qemu-monitor-command test --hmp --return-value x",
    "qemu-monitor-command test",
    "qemu-agent-command test '{\"execute\":\"guest-ping\"}'",
    "qemu-agent-command test --timeout 0 x",
    "qemu-agent-command test --timeout 5 --async x",
    "qemu-agent-command test --block --async x",
    "qemu-agent-command test --timeout x x",
    "qemu-agent-command test",
    "domxml-from-native qemu-argv /dev/null",
    "domxml-from-native qemu-argv /nonexistent",
    "domxml-from-native '' x",
    "domxml-to-native qemu-argv --domain test",
    "domxml-to-native qemu-argv",
    "domxml-to-native qemu-argv /nonexistent",
    "domxml-to-native qemu-argv --domain test --xml x",
    "domxml-to-native qemu-argv --domain ''",
  ]);
});

test("QEMU replies laid out as libvirt's yajl writer does", () => {
  const reply = parseQemuJson('{"return": {"a": [1.50, {}], "b": [], "big": 18446744073709551615, "s": "x\\u0001\\n/\\u00e9"}, "id": "libvirt-1"}');
  assert.ok(reply);
  assert.equal(formatQemuJson(reply, false), '{"return":{"a":[1.50,{}],"b":[],"big":18446744073709551615,"s":"x\\u0001\\n/\u00e9"},"id":"libvirt-1"}');
  const pretty = ['{', '  "return": {', '    "a": [', "      1.50,", "      {", "", "      }", "    ],", '    "b": [', "", "    ],"];
  pretty.push('    "big": 18446744073709551615,', '    "s": "x\\u0001\\n/\u00e9"', "  },", '  "id": "libvirt-1"', "}");
  assert.equal(formatQemuJson(reply, true), pretty.join("\n"));
  for (const bad of ["", "{", '{"a":1,}', "[1 2]", "{x}", "1 2", "'a'"]) assert.equal(parseQemuJson(bad), null, bad);
});

test("help pages match virsh's, argv lists included", async (t) => {
  const names = ["migrate-setmaxdowntime", "migrate-compcache", "migrate-postcopy", "domdirtyrate-calc", "dompmsuspend", "dompmwakeup"];
  names.push("domfsfreeze", "domfsthaw", "domfstrim", "set-user-password", "get-user-sshkeys", "set-user-sshkeys", "guest-agent-timeout");
  names.push("qemu-monitor-command", "qemu-agent-command", "domxml-from-native", "domxml-to-native");
  for (const name of names) {
    const v = virsh(["help", name]);
    if (!v) return t.skip("virsh not installed");
    assert.equal((await virtwire(["help", name])).stdout, v.stdout, `help ${name}`);
  }
});
