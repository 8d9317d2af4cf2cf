// Shared by the jobs / block job / device / migration / backup / graphics
// tests: a private test-driver instance (a <node> file opened through
// libvirtd as test+unix:///ABS.xml) and an assertion on libvirt errors.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, VirtError, type Connection, type Domain } from "../../src/index.js";
import { liveTargetAsync, requireLiveAsync, type Skippable } from "../helpers/live.js";

export interface PrivateNode {
  /** Absolute path of the node file. */
  file: string;
  remove(): void;
}

/** A node with one running domain `name` that has a virtio disk vda. */
export function privateNode(name: string): PrivateNode {
  const dir = mkdtempSync(join(tmpdir(), "virtwire-jobs-"));
  const file = join(dir, "node.xml");
  writeFileSync(
    file,
    [
      "<node>",
      "<domain type='test'>",
      `  <name>${name}</name>`,
      "  <memory unit='KiB'>1048576</memory>",
      "  <vcpu>1</vcpu>",
      "  <os><type arch='i686'>hvm</type></os>",
      "  <devices>",
      "    <disk type='file' device='disk'><source file='/guest/disk0'/><target dev='vda' bus='virtio'/></disk>",
      "  </devices>",
      "</domain>",
      "</node>",
      "",
    ].join("\n"),
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface NodeDomain {
  /** The node file; undefined without a daemon. */
  readonly file: string | undefined;
  /** One connection for all the file's tests; undefined without a daemon. */
  readonly conn: Connection | undefined;
  readonly dom: Domain;
  /** False once the test has skipped (or failed under CI) for want of a daemon. */
  live(t: Skippable): Promise<boolean>;
}

/** privateNode(name), connected to before the calling file's tests and removed after them. */
export function nodeDomain(name: string): NodeDomain {
  let node: PrivateNode | undefined;
  let conn: Connection | undefined;
  let dom: Domain | undefined;
  before(async () => {
    // No daemon: conn stays undefined and each test skips (or fails under CI).
    if (!(await liveTargetAsync("test-unix"))) return;
    node = privateNode(name);
    conn = await connect(`test+unix://${node.file}`);
    dom = await conn.getDomainByName(name);
  });
  after(async () => {
    await conn?.close();
    node?.remove();
  });
  return {
    get file() {
      return node?.file;
    },
    get conn() {
      return conn;
    },
    get dom() {
      assert.ok(dom, "no domain: check live(t) first");
      return dom;
    },
    async live(t) {
      return (await requireLiveAsync(t, "test-unix")) !== undefined && conn !== undefined;
    },
  };
}

/** Awaits a rejection with a VirtError of this code and error domain (and message, if given). */
export async function rejectsVirt(p: Promise<unknown>, code: number, domain: number, message?: RegExp | string): Promise<VirtError> {
  let caught: unknown;
  await assert.rejects(p, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof VirtError, `expected VirtError, got ${String(caught)}`);
  assert.deepEqual([caught.code, caught.domain], [code, domain], caught.message);
  if (typeof message === "string") assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}

/** libvirt's words for a driver that lacks `api`. */
export function unsupported(api: string): string {
  return `this function is not supported by the connection driver: ${api}`;
}
