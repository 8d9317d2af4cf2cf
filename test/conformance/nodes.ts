// Node files for private instances (test:///ABS.xml, test+unix:///ABS.xml).
export const TEST_NS = "http://libvirt.org/schemas/domain/test/1.0";

export const TEST_UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";

/** The `test` domain of test:///default, as its node file spells it. */
export const TEST_DOMAIN = `<domain type='test'>
  <name>test</name>
  <uuid>${TEST_UUID}</uuid>
  <memory>8388608</memory>
  <currentMemory>2097152</currentMemory>
  <vcpu>2</vcpu>
  <os><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/guest/diskimage1'/>
      <target dev='vda' bus='virtio'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </disk>
    <interface type='network'>
      <mac address='aa:bb:cc:dd:ee:ff'/>
      <source network='default' bridge='virbr0'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x1' function='0x0'/>
    </interface>
    <memballoon model='virtio'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x2' function='0x0'/>
    </memballoon>
  </devices>
</domain>`;

/** The event barrier's domain (see event-log.ts); running, never touched by scenarios. */
export const MARKER_DOMAIN = `<domain type='test'>
  <name>marker</name>
  <uuid>0e0e0e0e-0000-4000-8000-00000000aaaa</uuid>
  <memory>65536</memory>
  <vcpu>1</vcpu>
  <os><type>hvm</type></os>
</domain>`;

/** A small domain with fixed identity; `extra` goes inside <domain>, `ns` after it (test namespace elements). */
export function smallDomain(name: string, uuidTail: string, ns = "", extra = ""): string {
  return `<domain type='test' xmlns:test='${TEST_NS}'>
  <name>${name}</name>
  <uuid>1c0ffee0-0000-4000-8000-${uuidTail.padStart(12, "0")}</uuid>
  <memory>524288</memory>
  <currentMemory>262144</currentMemory>
  <vcpu>1</vcpu>
  <os><type>hvm</type></os>${extra}
  ${ns}
</domain>`;
}

export function node(...domains: string[]): string {
  return `<node>\n${domains.join("\n")}\n</node>\n`;
}

/** The standard private fixture: test:///default's `test` plus the marker. */
export const STANDARD_NODE = node(TEST_DOMAIN, MARKER_DOMAIN);
