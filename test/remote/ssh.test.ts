// qemu+ssh as libvirt's client does it (the system ssh running
// virt-ssh-helper or nc on the far side), against an sshd of our own on
// 127.0.0.1 with key-only root login; the machine's ~/.ssh is not touched.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect, VirtError } from "../../src/index.js";
import { SSH_LAB_BINS, remoteSkipReason, skipOrFail, startSshLab, type SshLab } from "../helpers/remote-daemons.js";
import { requireLiveAsync } from "../helpers/live.js";

let lab: SshLab | null = null;
const why = remoteSkipReason(SSH_LAB_BINS);

before(async () => {
  if (why === null) lab = await startSshLab();
});

after(async () => {
  await lab?.dispose();
});

function sshUri(extra: string, key = lab!.sshd.keyfile, knownHosts = lab!.sshd.knownHosts): string {
  return `test+ssh://root@127.0.0.1:${lab!.sshd.port}/default?keyfile=${key}&known_hosts=${knownHosts}&no_tty=1${extra}`;
}

/** Through nc to our own daemon's socket. */
const viaNetcat = (extra = ""): string => sshUri(`&proxy=netcat&socket=${lab!.daemon.socket}${extra}`);

async function refused(p: Promise<unknown>, code: number, re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof VirtError, `expected VirtError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    return true;
  });
}

describe("SSH transport", () => {
  test("proxy=netcat reaches the daemon behind sshd; the link is secure and encrypted", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    // A domain only our daemon has proves which daemon answered.
    const name = `virtwire-ssh-${process.pid}`;
    const local = await connect(`test+unix:///default?socket=${lab.daemon.socket}`);
    const dom = await local.defineDomain(
      `<domain type='test'><name>${name}</name><memory>8192</memory><os><type>hvm</type></os></domain>`,
    );
    try {
      const c = await connect(viaNetcat());
      try {
        assert.equal(await c.getUri(), "test:///default");
        assert.equal((await c.getDomainByName(name)).getName(), name);
        assert.equal(await c.isSecure(), true);
        assert.equal(await c.isEncrypted(), true);
      } finally {
        await c.close();
      }
      assert.equal(c.isAlive(), false);
    } finally {
      await dom.undefine();
      await local.close();
    }
  });

  test("proxy=auto runs virt-ssh-helper on the far side", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    // virt-ssh-helper opens the host's own daemon for test:///default.
    if (!(await requireLiveAsync(t, "test-unix"))) return;
    const c = await connect(sshUri(""));
    try {
      assert.equal(await c.getType(), "TEST");
      assert.equal(await c.getUri(), "test:///default");
    } finally {
      await c.close();
    }
  });

  test("a key the server does not accept fails with ssh's own message", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(sshUri("", lab.sshd.wrongKeyfile)), VirtError.ERR_SYSTEM_ERROR, /Permission denied \(publickey\)/);
  });

  test("an unknown host key is refused without prompting (no_tty=1)", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(sshUri("", lab.sshd.keyfile, lab.sshd.emptyKnownHosts)), VirtError.ERR_SYSTEM_ERROR, /Host key verification failed/);
  });

  test("a broken netcat path fails clearly", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(viaNetcat("&netcat=/nonexistent/nc")), VirtError.ERR_SYSTEM_ERROR, /nonexistent\/nc/);
  });

  test("netcat= with proxy=native is an invalid argument (nothing is spawned)", async (t) => {
    if (!lab) return skipOrFail(t, why ?? "lab not started");
    await refused(connect(sshUri("&proxy=native&netcat=nc")), VirtError.ERR_INVALID_ARG, /netcat path not valid with native proxy mode/);
  });
});
