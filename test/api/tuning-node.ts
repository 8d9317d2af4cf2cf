// A private test-driver instance for the tuning, stats and guest tests: a
// <node> file with a network and two domains (one running with a disk, a NIC,
// IOThreads and spare vCPUs, one shut off), opened as test+unix:///ABS.xml.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, after, type TestContext } from "node:test";
import { connect, type Connection, type Domain } from "../../src/index.js";
import { requireLiveAsync } from "../helpers/live.js";

/** lifecycle-node's rejectsVirt, under the name these tests use. */
export { rejectsVirt as rejectsWith } from "./lifecycle-node.js";

const NODE_XML = `<node>
<network>
  <name>default</name>
  <bridge name='virbr0'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'>
    <dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp>
  </ip>
</network>
<domain type='test'>
  <name>tune</name>
  <memory unit='KiB'>8388608</memory>
  <currentMemory unit='KiB'>2097152</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <iothreads>2</iothreads>
  <os><type arch='i686'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/guest/tune.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='aa:bb:cc:dd:ee:01'/>
      <source network='default'/>
      <target dev='tunenet0'/>
    </interface>
    <memballoon model='virtio'/>
  </devices>
</domain>
<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
  <name>idle</name>
  <memory unit='KiB'>1048576</memory>
  <vcpu>1</vcpu>
  <os><type arch='i686'>hvm</type></os>
  <test:runstate>5</test:runstate>
</domain>
</node>
`;

export interface TuningNode {
  uri: string;
  remove(): void;
}

export function tuningNode(): TuningNode {
  const dir = mkdtempSync(join(tmpdir(), "virtwire-tuning-"));
  const file = join(dir, "node.xml");
  writeFileSync(file, NODE_XML);
  return { uri: `test+unix://${file}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh instance per call (each connection to a node file gets its own state), or undefined after skipping. */
export async function openTuning(
  t: TestContext,
  node: TuningNode,
): Promise<{ c: Connection; tune: Domain; idle: Domain } | undefined> {
  if ((await requireLiveAsync(t, "test-unix")) === undefined) return undefined;
  const c = await connect(node.uri);
  t.after(() => c.close());
  return { c, tune: await c.getDomainByName("tune"), idle: await c.getDomainByName("idle") };
}

/** One tuning node for all tests of the calling file, made before them and removed after; open(t) is openTuning on it. */
export function tuningNodeTests(): { open(t: TestContext): ReturnType<typeof openTuning> } {
  let node: TuningNode | undefined;
  before(() => {
    node = tuningNode();
  });
  after(() => node?.remove());
  return {
    open(t) {
      if (!node) throw new Error("the tuning node is made in before()");
      return openTuning(t, node);
    },
  };
}
