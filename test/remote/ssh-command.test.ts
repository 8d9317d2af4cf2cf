// The ssh command line, built as libvirt 9.0's client builds it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { sshArgv, remoteScript, shellQuote } from "../../src/transport/ssh-command.js";
import { RemoteOptionError } from "../../src/transport/errors.js";
import { remoteSocketPath, uriFlag } from "../../src/transport/open-remote.js";
import { parseUri } from "../../src/transport/uri.js";

const base = { host: "h.example", socketPath: "/var/run/libvirt/libvirt-sock", driverUri: "qemu:///system", readonly: false };

test("argv: port, user, key, -T -e none, then -- host and one remote command", () => {
  const argv = sshArgv({ ...base, port: 2222, user: "root", keyfile: "/k/id", noTty: true, knownHosts: "/k/kh" });
  assert.deepEqual(argv.slice(0, -1), [
    "ssh", "-p", "2222", "-l", "root", "-i", "/k/id", "-T", "-e", "none",
    "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=/k/kh", "--", "h.example",
  ]);
  assert.match(argv.at(-1)!, /^sh -c '/);
  assert.deepEqual(sshArgv({ ...base, binary: "/opt/ssh", noVerify: true }).slice(0, 6), [
    "/opt/ssh", "-T", "-e", "none", "-o", "StrictHostKeyChecking=no",
  ]);
});

test("the remote script per proxy mode", () => {
  assert.equal(remoteScript({ ...base, proxy: "native" }), "virt-ssh-helper qemu:///system");
  assert.equal(remoteScript({ ...base, proxy: "native", readonly: true }), "virt-ssh-helper -r qemu:///system");
  const nc = remoteScript({ ...base, proxy: "netcat" });
  assert.match(nc, /ARG=-q0;else ARG=;fi;nc \$ARG -U \/var\/run\/libvirt\/libvirt-sock$/);
  const auto = remoteScript(base);
  assert.match(auto, /^which virt-ssh-helper 1>\/dev\/null 2>&1; if test \$\? = 0; then virt-ssh-helper qemu:\/\/\/system; else .* -U /);
  // A netcat path means netcat, as in libvirt.
  assert.match(remoteScript({ ...base, netcat: "/bin/nc.openbsd" }), /^if \/bin\/nc\.openbsd -q/);
  assert.throws(() => remoteScript({ ...base, proxy: "native", netcat: "nc" }), RemoteOptionError);
  assert.throws(() => sshArgv({ ...base, knownHostsVerify: "sometimes" }), /Invalid host key verification method/);
});

test("quoting survives two shells: the remote command runs the intended words", () => {
  const weird = "/tmp/dir with 'quotes' and $HOME;/sock";
  assert.equal(shellQuote("plain-word_1.2"), "plain-word_1.2");
  assert.equal(shellQuote(""), "''");
  // What ssh hands the remote shell: `sh -c '<script>'`. Run it here with echo as nc.
  const cmd = sshArgv({ ...base, proxy: "netcat", netcat: "echo", socketPath: weird }).at(-1)!;
  const out = spawnSync("sh", ["-c", cmd], { encoding: "utf8" });
  assert.equal(out.stdout.trim().split("\n").at(-1), `-U ${weird}`);
});

test("URI parameters: remote socket path and 0/1 flags", () => {
  assert.equal(remoteSocketPath(parseUri("qemu+ssh://h/system"), false), "/var/run/libvirt/libvirt-sock");
  assert.equal(remoteSocketPath(parseUri("qemu+ssh://h/system"), true), "/var/run/libvirt/libvirt-sock-ro");
  assert.equal(remoteSocketPath(parseUri("qemu+ssh://h/system?mode=direct"), false), "/var/run/libvirt/virtqemud-sock");
  assert.equal(remoteSocketPath(parseUri("qemu+ssh://h/system?socket=/s"), true), "/s");
  assert.equal(remoteSocketPath(parseUri("qemu+ssh://h/session"), false, { XDG_RUNTIME_DIR: "/run/user/7" }), "/run/user/7/libvirt/libvirt-sock");
  assert.equal(uriFlag(parseUri("qemu+ssh://h/system?no_tty=1"), "no_tty"), true);
  assert.equal(uriFlag(parseUri("qemu+ssh://h/system?no_tty=0"), "no_tty"), false);
  assert.equal(uriFlag(parseUri("qemu+ssh://h/system"), "no_tty"), false);
  assert.throws(() => uriFlag(parseUri("qemu+ssh://h/system?no_tty=yes"), "no_tty"), /Failed to parse value of URI component no_tty/);
});
