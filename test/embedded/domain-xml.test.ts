// Domain XML parsing and formatting against libvirt 9.0's output and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDomainXml } from "../../src/embedded/driver/xml/domain-parse.js";
import { formatDomain } from "../../src/embedded/driver/xml/domain-format.js";
import { VirError } from "../../src/embedded/driver/errors.js";
import { DEFAULT_NODE_XML } from "../../src/embedded/driver/default-node.js";
import { defaultHypervisor } from "../../src/embedded/driver/node-file.js";

// virsh -c test:///default dumpxml test (libvirt 9.0)
const DUMPXML = `<domain type='test' id='1'>
  <name>test</name>
  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
  <memory unit='KiB'>8388608</memory>
  <currentMemory unit='KiB'>2097152</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <source file='/guest/diskimage1'/>
      <target dev='vda' bus='virtio'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </disk>
    <interface type='network'>
      <mac address='aa:bb:cc:dd:ee:ff'/>
      <source network='default'/>
      <target dev='testnet0'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>
    </interface>
    <memballoon model='virtio'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
    </memballoon>
  </devices>
</domain>
`;

test("the default domain formats exactly as libvirt's dumpxml", () => {
  assert.ok(DEFAULT_NODE_XML.includes("<name>test</name>"));
  const hv = defaultHypervisor();
  const d = hv.findByName("test")!;
  assert.equal(formatDomain(d.def, { active: true }), DUMPXML);
  assert.equal(formatDomain(d.def, { active: false }), DUMPXML.replace(" id='1'", ""));
});

test("defaults libvirt fills in: uuid, currentMemory, vcpu, arch, boot, lifecycle, units", () => {
  const d = parseDomainXml("<domain type='test'><name>a</name><memory unit='MiB'>512</memory><os><type>hvm</type></os></domain>");
  const xml = formatDomain(d, { active: false });
  assert.match(xml, /<uuid>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/uuid>/);
  assert.ok(xml.includes("<memory unit='KiB'>524288</memory>\n  <currentMemory unit='KiB'>524288</currentMemory>"));
  assert.ok(xml.includes("<vcpu placement='static'>1</vcpu>"));
  assert.ok(xml.includes("<type arch='i686'>hvm</type>\n    <boot dev='hd'/>"));
  assert.ok(xml.includes("<on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>"));
  assert.ok(xml.includes("  <devices>\n  </devices>\n"));
});

test("interfaces get a MAC and testnetN, tunables keep libvirt's order", () => {
  const d = parseDomainXml(`<domain type='test'><name>a</name><memory>1024</memory><vcpu current='1'>2</vcpu>
    <cputune><vcpupin vcpu='1' cpuset='3,1-2'/></cputune><os><type>hvm</type></os>
    <devices><interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface>
    <interface type='network'><source network='default'/><target dev='testnet0'/></interface></devices></domain>`);
  const xml = formatDomain(d, { active: false });
  assert.ok(xml.includes("<vcpu placement='static' current='1'>2</vcpu>\n  <cputune>\n    <vcpupin vcpu='1' cpuset='1-3'/>"));
  assert.match(xml, /<interface type='bridge'>\n {6}<mac address='52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}'\/>\n {6}<source bridge='br0'\/>\n {6}<target dev='testnet1'\/>\n {6}<model type='virtio'\/>/);
});

function parseErr(xml: string): [number, number, string] {
  try {
    parseDomainXml(xml);
  } catch (e) {
    assert.ok(e instanceof VirError);
    return [e.code, e.domain, e.message];
  }
  throw new Error("parsed");
}

const ok = "<name>a</name><memory>1024</memory><os><type>hvm</type></os>";

test("malformed domain XML fails with libvirt's codes and messages", () => {
  assert.deepEqual(parseErr("<foo/>"), [27, 5, "XML error: expecting root element of 'domain', not 'foo'"]);
  assert.equal(parseErr("<domain")[0], 35);
  assert.equal(parseErr("<domain")[1], 20);
  assert.deepEqual(parseErr(`<domain>${ok}</domain>`), [1, 20, "internal error: missing domain type attribute"]);
  assert.deepEqual(parseErr(`<domain type='bogus'>${ok}</domain>`), [67, 20, "unsupported configuration: invalid domain type bogus"]);
  assert.deepEqual(parseErr("<domain type='test'><memory>1024</memory><os><type>hvm</type></os></domain>"), [21, 20, "missing name information"]);
  assert.deepEqual(parseErr("<domain type='test'><name>a</name><os><type>hvm</type></os></domain>"), [
    27,
    20,
    "XML error: Memory size must be specified via <memory> or in the <numa> configuration",
  ]);
  assert.deepEqual(parseErr("<domain type='test'><name>a</name><memory>1024</memory></domain>"), [27, 20, "XML error: an os <type> must be specified"]);
  assert.deepEqual(parseErr(`<domain type='test'><uuid>zzz</uuid>${ok}</domain>`), [1, 20, "internal error: malformed uuid element"]);
  assert.deepEqual(parseErr("<domain type='test'><name>a/b</name><memory>1024</memory><os><type>hvm</type></os></domain>"), [
    27,
    20,
    "XML error: name a/b cannot contain '/'",
  ]);
  assert.deepEqual(parseErr("<domain type='test'><name>a</name><memory>abc</memory><os><type>hvm</type></os></domain>"), [
    27,
    5,
    "XML error: Invalid value 'abc' for element or attribute './memory[1]'",
  ]);
  assert.deepEqual(parseErr(`<domain type='test'>${ok}<on_poweroff>xx</on_poweroff></domain>`), [
    67,
    20,
    "unsupported configuration: unknown on_poweroff action: xx",
  ]);
  assert.deepEqual(parseErr(`<domain type='test'>${ok.replace("<os>", "<vcpu current='3'>2</vcpu><os>")}</domain>`), [
    67,
    20,
    "unsupported configuration: maximum vCPU count must not be less than current vCPU count",
  ]);
  assert.deepEqual(
    parseErr(`<domain type='test'>${ok.replace("</os>", "</os><devices><disk type='file'><source file='/x'/></disk></devices>")}</domain>`),
    [20, 20, "missing target information for device /x"],
  );
});
