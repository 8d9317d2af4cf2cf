// libvirt's auth file: where it is, its syntax, and the credentials lookup.
import { test } from "node:test";
import assert from "node:assert/strict";
import { authFilePath, lookupAuthFile, parseAuthFile } from "../../src/api/auth-file.js";
import { parseUri } from "../../src/transport/uri.js";
import { VirtError } from "../../src/index.js";

const TEXT = `
# comment
[credentials-prod]
authname = admin
password=p=ss word\\s

[credentials-lab]
authname=lab

[auth-libvirt-prod.example]
credentials=prod

[auth-libvirt-default]
credentials=lab

[auth-libvirt-broken]
credentials=missing
[auth-libvirt-empty]
`;

test("groups and keys parse as GLib key files do", () => {
  const f = parseAuthFile(TEXT);
  assert.equal(f.get("credentials-prod")?.get("authname"), "admin");
  // Only the first '=' splits; \\s is a space.
  assert.equal(f.get("credentials-prod")?.get("password"), "p=ss word ");
});

test("lookup: the host's group, else the default one", () => {
  const f = parseAuthFile(TEXT);
  assert.deepEqual(lookupAuthFile(f, "a.conf", "libvirt", "prod.example"), { username: "admin", password: "p=ss word " });
  assert.deepEqual(lookupAuthFile(f, "a.conf", "libvirt", "other"), { username: "lab" });
  assert.deepEqual(lookupAuthFile(parseAuthFile("[credentials-x]\nauthname=a\n"), "a.conf", "libvirt", "h"), {});
  assert.throws(() => lookupAuthFile(f, "a.conf", "libvirt", "broken"), (e: unknown) => {
    assert.ok(e instanceof VirtError);
    assert.equal(e.code, VirtError.ERR_CONF_SYNTAX);
    assert.match(e.message, /Missing group 'credentials-missing' referenced from group 'auth-libvirt-broken' in 'a.conf'/);
    return true;
  });
  assert.throws(() => lookupAuthFile(f, "a.conf", "libvirt", "empty"), /Missing item 'credentials' in group 'auth-libvirt-empty'/);
});

test("file location: LIBVIRT_AUTH_FILE, authfile=, XDG config, /etc", () => {
  const u = parseUri("qemu+tcp://h/system?authfile=/from/uri");
  const none = (): boolean => false;
  assert.equal(authFilePath(u, { LIBVIRT_AUTH_FILE: "/from/env" }, none), "/from/env");
  assert.equal(authFilePath(u, {}, none), "/from/uri");
  const plain = parseUri("qemu+tcp://h/system");
  assert.equal(authFilePath(plain, { HOME: "/home/u" }, (p) => p === "/home/u/.config/libvirt/auth.conf"), "/home/u/.config/libvirt/auth.conf");
  assert.equal(authFilePath(plain, { XDG_CONFIG_HOME: "/x", HOME: "/home/u" }, (p) => p === "/x/libvirt/auth.conf"), "/x/libvirt/auth.conf");
  assert.equal(authFilePath(plain, { HOME: "/home/u" }, (p) => p === "/etc/libvirt/auth.conf"), "/etc/libvirt/auth.conf");
  assert.equal(authFilePath(plain, { HOME: "/home/u" }, none), null);
});
