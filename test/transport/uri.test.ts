import { test } from "node:test";
import assert from "node:assert/strict";
import { parseUri, serverName, defaultUri, UriError } from "../../src/transport/uri.js";
import { unixSocketFor } from "../../src/transport/unix-path.js";

test("parses driver, transport, user, host, port, path and params", () => {
  const u = parseUri("qemu+ssh://alice@host.example:2222/system?keyfile=/k&no_verify=1&foo=bar");
  assert.equal(u.driver, "qemu");
  assert.equal(u.transport, "ssh");
  assert.equal(u.explicitTransport, true);
  assert.equal(u.user, "alice");
  assert.equal(u.host, "host.example");
  assert.equal(u.port, 2222);
  assert.equal(u.path, "/system");
  assert.deepEqual(u.params, [["keyfile", "/k"], ["no_verify", "1"], ["foo", "bar"]]);
});

test("no transport: unix without a host, TLS with one", () => {
  assert.equal(parseUri("qemu:///system").transport, "unix");
  assert.equal(parseUri("qemu:///system").host, null);
  assert.equal(parseUri("qemu://h/system").transport, "tls");
  assert.equal(parseUri("test:///default").path, "/default");
});

test("IPv6 hosts in brackets", () => {
  const u = parseUri("test+tcp://[::1]:16509/default");
  assert.equal(u.host, "::1");
  assert.equal(u.port, 16509);
});

test("server name strips transport, host, user and client-side params", () => {
  assert.equal(serverName(parseUri("qemu+ssh://u@h/system")), "qemu:///system");
  assert.equal(serverName(parseUri("test+unix:///default?socket=/x/sock&mode=legacy")), "test:///default");
  assert.equal(serverName(parseUri("test+tcp://127.0.0.1/default")), "test:///default");
  assert.equal(serverName(parseUri("qemu+tcp://h/system?foo=1")), "qemu:///system?foo=1");
  assert.equal(serverName(parseUri("qemu+tcp://h/system?name=qemu:///session")), "qemu:///session");
});

test("rejects malformed URIs and unknown transports", () => {
  assert.throws(() => parseUri("not a uri"), UriError);
  assert.throws(() => parseUri("qemu+pigeon:///system"), /unknown transport/);
  assert.throws(() => parseUri("qemu+tcp://h:99999/system"), /invalid port/);
});

test("default URI: env first, then system for root, session otherwise", () => {
  assert.equal(defaultUri({ LIBVIRT_DEFAULT_URI: "test:///default" }, 0), "test:///default");
  assert.equal(defaultUri({}, 0), "qemu:///system");
  assert.equal(defaultUri({}, 1000), "qemu:///session");
});

test("unix socket choice: socket=, modular, legacy, read-only, session", () => {
  const none = () => false;
  const modular = (p: string) => p.endsWith("virtqemud-sock");
  assert.equal(unixSocketFor(parseUri("qemu:///system?socket=/tmp/s"), false).path, "/tmp/s");
  assert.equal(unixSocketFor(parseUri("qemu:///system"), false, { uid: 0, exists: none }).path, "/var/run/libvirt/libvirt-sock");
  assert.equal(unixSocketFor(parseUri("qemu:///system"), true, { uid: 0, exists: none }).path, "/var/run/libvirt/libvirt-sock-ro");
  assert.equal(unixSocketFor(parseUri("qemu:///system"), false, { uid: 0, exists: modular }).path, "/var/run/libvirt/virtqemud-sock");
  assert.equal(
    unixSocketFor(parseUri("qemu:///system?mode=legacy"), false, { uid: 0, exists: modular }).path,
    "/var/run/libvirt/libvirt-sock",
  );
  assert.equal(unixSocketFor(parseUri("qemu:///system?mode=direct"), false, { uid: 0, exists: none }).path, "/var/run/libvirt/virtqemud-sock");
  assert.equal(unixSocketFor(parseUri("test+unix:///default"), false, { uid: 0, exists: modular }).path, "/var/run/libvirt/libvirt-sock");
  const s = unixSocketFor(parseUri("qemu:///session"), true, { uid: 1000, env: { XDG_RUNTIME_DIR: "/run/user/1000" }, exists: none });
  assert.equal(s.path, "/run/user/1000/libvirt/libvirt-sock");
  assert.equal(s.readonlySocket, false);
  assert.throws(() => unixSocketFor(parseUri("qemu:///system?mode=weird"), false), /unknown mode/);
});
