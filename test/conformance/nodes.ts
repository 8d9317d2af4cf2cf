// Node files for private instances (test:///ABS.xml, test+unix:///ABS.xml).
import { DEFAULT_TEST_DOMAIN_XML } from "../../src/embedded/driver/default-node.js";

export const TEST_NS = "http://libvirt.org/schemas/domain/test/1.0";

export const TEST_UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";

/** The `test` domain of test:///default, as its node file spells it. */
export const TEST_DOMAIN = DEFAULT_TEST_DOMAIN_XML;

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
