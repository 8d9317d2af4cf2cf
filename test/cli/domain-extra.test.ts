// update-memory-device, domsetlaunchsecstate and dom-fd-associate, compared
// byte for byte with virsh: on test:///default, and on a private libvirtd
// test node whose domain has a virtio-mem and a dimm device.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireLive } from "../helpers/live.js";
import { sameAsVirshOn, virtwire } from "./cli-helpers.js";

const URI = "test:///default";

const dir = mkdtempSync(join(tmpdir(), "virtwire-domain-extra-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** test+unix:///ABS.xml: one domain, `mem`, with two NUMA cells and a memory device on each. */
function memoryNode(): string {
  const path = file(
    "node.xml",
    `<node>
<domain type='test'>
  <name>mem</name>
  <uuid>1c0ffee0-0000-4000-8000-0000000000bb</uuid>
  <maxMemory slots='16' unit='KiB'>8388608</maxMemory>
  <memory unit='KiB'>4194304</memory>
  <vcpu>2</vcpu>
  <os><type>hvm</type></os>
  <cpu><numa><cell id='0' cpus='0' memory='1048576' unit='KiB'/><cell id='1' cpus='1' memory='1048576' unit='KiB'/></numa></cpu>
  <devices>
    <memory model='virtio-mem'>
      <target>
        <size unit='KiB'>1048576</size>
        <node>0</node>
        <block unit='KiB'>2048</block>
        <requested unit='KiB'>524288</requested>
      </target>
      <alias name='ua-virtiomem0'/>
    </memory>
    <memory model='dimm'>
      <target><size unit='KiB'>524288</size><node>1</node></target>
      <alias name='ua-dimm0'/>
    </memory>
  </devices>
</domain>
</node>
`,
  );
  const sock = process.env["VIRTWIRE_TEST_SOCKET"];
  return `test+unix://${path}${sock ? `?socket=${sock}` : ""}`;
}

test("help pages of update-memory-device, domsetlaunchsecstate and dom-fd-associate", async (t) => {
  await sameAsVirshOn(t, URI, ["help update-memory-device", "help domsetlaunchsecstate", "help dom-fd-associate"]);
});

test("update-memory-device: the device by alias or node, its <requested/> size, the XML as virsh prints it", async (t) => {
  await sameAsVirshOn(t, URI, ["update-memory-device test; update-memory-device test --node x; update-memory-device test --alias ''", "update-memory-device test --alias x --node 1"]);
  if (!requireLive(t, "test-unix")) return;
  const uri = memoryNode();
  await sameAsVirshOn(t, uri, [
    "update-memory-device mem --print-xml; update-memory-device mem --node 2 --print-xml; update-memory-device mem --alias \"a'b\" --print-xml",
    "update-memory-device mem --node 1 --print-xml; update-memory-device mem --node 1 --requested-size 1 --print-xml",
    "update-memory-device mem ua-virtiomem0 --print-xml --requested-size 1G; update-memory-device mem --alias ua-virtiomem0 --requested-size 18446744073709551615b --print-xml",
    "update-memory-device mem --alias ua-virtiomem0 --requested-size 16E; update-memory-device mem --node 4294967295; update-memory-device mem --node -1",
    "update-memory-device mem --alias ua-virtiomem0 --requested-size 1000000 --config",
  ]);
});

test("domsetlaunchsecstate: both files required and read as virsh reads them, then libvirt's refusal", async (t) => {
  const secret = file("secret", "c2VjcmV0\n");
  const exactly64k = file("64k", "a".repeat(65536));
  const tooBig = file("big", "a".repeat(65537));
  await sameAsVirshOn(t, URI, [
    `domsetlaunchsecstate test --secrethdr ${secret} --secret ${secret}; domsetlaunchsecstate test --secrethdr ${exactly64k} --secret ${secret} 4096`,
    `domsetlaunchsecstate test --secrethdr ${secret}; domsetlaunchsecstate test --secrethdr '' --secret ${secret}; domsetlaunchsecstate test ${secret} ${secret}`,
    `domsetlaunchsecstate test --secrethdr ${dir}/none --secret ${secret}; domsetlaunchsecstate test --secrethdr ${dir} --secret ${secret}`,
    `domsetlaunchsecstate test --secrethdr ${tooBig} --secret ${secret}; domsetlaunchsecstate test --secrethdr ${secret} --secret ${secret} --set-address -1`,
    `define ${dir}`,
  ]);
});

test("dom-fd-associate: virsh's checks of the list; passing descriptors is refused", async (t) => {
  await sameAsVirshOn(t, URI, ["dom-fd-associate test foo x; dom-fd-associate test foo 0,; dom-fd-associate test foo ''; dom-fd-associate test '' 0", "dom-fd-associate test foo"]);
  const r = await virtwire(["-c", URI, "dom-fd-associate test foo 0 --seclabel-writable"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: this function is not supported by the connection driver: virDomainFDAssociate: virtwire cannot send file descriptors/);
});
