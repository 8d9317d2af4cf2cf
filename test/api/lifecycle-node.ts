// Private test-driver instances for the lifecycle, connection, snapshot and
// checkpoint tests: a <node> file in a temp dir, opened through libvirtd as
// test+unix:///ABS.xml, so no test depends on test:///default's shared state.
import { before, after, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, VirtError, type Connection } from "../../src/index.js";
import { requireLiveAsync } from "../helpers/live.js";

export interface TestDomainOptions {
  name: string;
  uuid?: string;
  /** Domain.STATE_* at load: 1 running (default), 3 paused, 5 shut off. */
  runstate?: number;
  transient?: boolean;
  /** Needs runstate 5. */
  hasManagedSave?: boolean;
  memoryKiB?: number;
  vcpus?: number;
  /** A disk, which checkpoints need. */
  disk?: boolean;
}

const TEST_NS = "http://libvirt.org/schemas/domain/test/1.0";

/** A test-driver domain; with no <test:*> options it loads running. */
export function testDomainXml(o: TestDomainOptions): string {
  const lines = [`<domain type='test' xmlns:test='${TEST_NS}'>`, `  <name>${o.name}</name>`];
  if (o.uuid !== undefined) lines.push(`  <uuid>${o.uuid}</uuid>`);
  lines.push(
    `  <memory unit='KiB'>${o.memoryKiB ?? 1048576}</memory>`,
    `  <vcpu>${o.vcpus ?? 2}</vcpu>`,
    "  <os><type arch='i686'>hvm</type></os>",
  );
  if (o.disk) {
    lines.push(
      "  <devices><disk type='file' device='disk'><source file='/guest/disk-" + o.name + "'/>",
      "    <target dev='vda' bus='virtio'/></disk></devices>",
    );
  }
  if (o.runstate !== undefined) lines.push(`  <test:runstate>${o.runstate}</test:runstate>`);
  if (o.transient) lines.push("  <test:transient/>");
  if (o.hasManagedSave) lines.push("  <test:hasmanagedsave/>");
  lines.push("</domain>");
  return lines.join("\n");
}

export interface PrivateNode {
  /** test+unix:///ABS/node.xml */
  uri: string;
  /** Scratch folder (also for save images and dumps); libvirtd runs as root and can write here. */
  dir: string;
  remove(): void;
}

export function privateNode(domains: readonly TestDomainOptions[]): PrivateNode {
  const dir = mkdtempSync(join(tmpdir(), "virtwire-lifecycle-"));
  const file = join(dir, "node.xml");
  writeFileSync(file, ["<node>", ...domains.map(testDomainXml), "</node>", ""].join("\n"));
  // VIRTWIRE_TEST_SOCKET: aim at a scratch libvirtd instead of the system one.
  const sock = process.env["VIRTWIRE_TEST_SOCKET"];
  const uri = `test+unix://${file}${sock ? `?socket=${sock}` : ""}`;
  return { uri, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface PrivateNodeTests {
  /** The file's node; made before its first test. */
  readonly node: PrivateNode;
  /** A connection (to the node unless `uri` says otherwise) closed when the test ends; undefined if the test skipped. */
  open(t: TestContext, uri?: string): Promise<Connection | undefined>;
}

/** One private node for all tests of the calling file, made before them and removed after. */
export function privateNodeTests(domains: readonly TestDomainOptions[]): PrivateNodeTests {
  let made: PrivateNode | undefined;
  before(() => {
    made = privateNode(domains);
  });
  after(() => made?.remove());
  const tests: PrivateNodeTests = {
    get node(): PrivateNode {
      assert.ok(made, "the private node is made in before()");
      return made;
    },
    async open(t, uri) {
      if ((await requireLiveAsync(t, "test-unix")) === undefined) return undefined;
      const c = await connect(uri ?? tests.node.uri);
      t.after(() => c.close());
      return c;
    },
  };
  return tests;
}

/** Awaits a rejection with a VirtError of this code and error domain (and message, if given). */
export async function rejectsVirt(p: Promise<unknown>, code: number, domain: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof VirtError, `expected VirtError, got ${String(err)}`);
    assert.deepEqual([err.code, err.domain], [code, domain], err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}
