// One test per difference the conformance suite (test/conformance) found
// between the embedded driver and libvirtd 9.0's test driver; the expected
// values are what libvirtd answers. VIRTWIRE_FIXES_TARGET=libvirtd runs the
// same tests against the daemon (test+unix://) to check the expectations.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, Domain, DomainCheckpoint, DomainSnapshot, VirtError, type Connection } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "virtwire-fixes-"));
const conns: Connection[] = [];
after(async () => {
  for (const c of conns) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

const TEST = `<domain type='test'><name>test</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
  <memory>8388608</memory><currentMemory>2097152</currentMemory><vcpu>2</vcpu><os><type>hvm</type></os>
  <devices><disk type='file' device='disk'><source file='/guest/diskimage1'/><target dev='vda' bus='virtio'/></disk>
  <disk type='file' device='cdrom'><source file='/c.iso'/><target dev='hdc' bus='ide'/><readonly/></disk>
  <interface type='network'><mac address='aa:bb:cc:dd:ee:ff'/><source network='default'/></interface></devices></domain>`;

let n = 0;
/** A private instance holding the `test` domain above (running). */
async function open(): Promise<{ conn: Connection; dom: Domain }> {
  const file = join(dir, `node${n++}.xml`);
  writeFileSync(file, `<node>${TEST}</node>`);
  const scheme = process.env["VIRTWIRE_FIXES_TARGET"] === "libvirtd" ? "test+unix" : "test";
  const conn = await connect(`${scheme}://${file}`);
  conns.push(conn);
  return { conn, dom: await conn.getDomainByName("test") };
}

async function fails(p: Promise<unknown>): Promise<{ code: number; domain: number; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VirtError) return { code: e.code, domain: e.domain, message: e.message };
    throw e;
  }
  assert.fail("expected a libvirt error");
}

/** The XML of a domain defined from `xml`, between two markers (inclusive). */
async function defined(conn: Connection, xml: string, from: string, to: string): Promise<string> {
  const d = await conn.defineDomain(xml);
  const x = await d.getXmlDescription();
  const a = x.indexOf(from);
  return x.slice(a, x.indexOf(to, a) + to.length);
}

const mini = (name: string, inner: string, os = "<os><type>hvm</type></os>") =>
  `<domain type='test'><name>${name}</name><memory>1024</memory>${os}${inner}</domain>`;

test("metadata: descendants join the key's namespace; getMetadata strips it; mixed content stays inline", async () => {
  const { dom } = await open();
  await dom.setMetadata(Domain.METADATA_ELEMENT, "<app a='1'><s n='a'>1<b><c/></b></s><t xmlns='http://other'/></app>", "k", "http://x/1");
  const xml = await dom.getXmlDescription();
  assert.match(xml, /<k:app xmlns:k="http:\/\/x\/1" a="1">\n {6}<k:s n="a">1<k:b><k:c\/><\/k:b><\/k:s>\n {6}<t xmlns="http:\/\/other"\/>\n {4}<\/k:app>/);
  assert.equal(await dom.getMetadata(Domain.METADATA_ELEMENT, "http://x/1"), '<app a="1">\n  <s n="a">1<b><c/></b></s>\n  <t xmlns="http://other"/>\n</app>');
});

test("metadata: the public API's argument checks and messages", async () => {
  const { dom } = await open();
  assert.deepEqual(await fails(dom.setMetadata(Domain.METADATA_TITLE, "two\nlines")), { code: 8, domain: 20, message: "metadata title can't contain newlines" });
  assert.deepEqual(await fails(dom.setMetadata(Domain.METADATA_TITLE, "t", null, "http://x")), { code: 8, domain: 20, message: "uri in virDomainSetMetadata must be NULL" });
  assert.deepEqual(await fails(dom.getMetadata(Domain.METADATA_ELEMENT, null)), { code: 8, domain: 20, message: "uri in virDomainGetMetadata must not be NULL" });
});

test("metadata: a malformed element names its document once", async () => {
  const { dom } = await open();
  const e = await fails(dom.setMetadata(Domain.METADATA_ELEMENT, "<x>", "k", "http://x/1"));
  assert.equal(e.code, 35);
  assert.match(e.message, /^\(metadata_xml\):1: /);
});

test("setNumaParameters: a static mode without nodeset is an unsupported configuration (67)", async () => {
  const { dom } = await open();
  const e = await fails(dom.setNumaParameters({ numa_mode: 1 }, Domain.AFFECT_LIVE));
  assert.deepEqual([e.code, e.domain], [67, 20]);
  assert.match(e.message, /^unsupported configuration: nodeset for NUMA memory tuning/);
});

test("rename to an empty name is refused by the public API", async () => {
  const { dom } = await open();
  await dom.destroy();
  assert.deepEqual(await fails(dom.rename("")), { code: 8, domain: 20, message: "string new_name in virDomainRename must not be empty" });
});

test("LEAVES together with NO_LEAVES lists nothing (snapshots and checkpoints)", async () => {
  const { dom } = await open();
  await dom.createSnapshot("<domainsnapshot><name>s1</name></domainsnapshot>");
  await dom.createSnapshot("<domainsnapshot><name>s2</name></domainsnapshot>");
  assert.deepEqual(await dom.listAllSnapshots(DomainSnapshot.LIST_LEAVES | DomainSnapshot.LIST_NO_LEAVES), []);
  const { dom: d2 } = await open();
  await d2.createCheckpoint("<domaincheckpoint><name>c1</name></domaincheckpoint>");
  assert.deepEqual(await d2.listAllCheckpoints(DomainCheckpoint.LIST_LEAVES | DomainCheckpoint.LIST_NO_LEAVES), []);
});

test("setLaunchSecurityState: empty params fail the public API check first", async () => {
  const { dom } = await open();
  assert.deepEqual(await fails(dom.setLaunchSecurityState({})), { code: 8, domain: 20, message: "params in virDomainSetLaunchSecurityState must not be NULL" });
  assert.equal((await fails(dom.setLaunchSecurityState({ "sev-secret": "aGk=" }))).code, 3);
});

test("getSecurityLabelList: answered like libvirtd's dispatcher (success, ret -1)", async () => {
  const { dom } = await open();
  const raw = await dom.conn.call("domain_get_security_label_list", { dom: dom.ref });
  assert.deepEqual(raw, { labels: [], ret: -1 });
  assert.deepEqual(await fails(dom.getSecurityLabelList()), { code: 1, domain: 0, message: "An error occurred, but the cause is unknown" });
});

test("setVcpus MAXIMUM needs CONFIG (checked before the count)", async () => {
  const { dom } = await open();
  assert.deepEqual(await fails(dom.setVcpus(4, Domain.VCPU_MAXIMUM | Domain.AFFECT_LIVE)), {
    code: 8,
    domain: 20,
    message: "Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'",
  });
});

test("implicit disk controllers: scsi, fdc, ide, sata; every index up to the highest; after existing ones", async () => {
  const { conn } = await open();
  const xml = await defined(
    conn,
    mini(
      "ctl",
      `<devices><disk type='file'><source file='/b'/><target dev='hda' bus='ide'/></disk>
      <disk type='file'><source file='/a'/><target dev='sdb' bus='sata'/></disk>
      <disk type='file'><source file='/d'/><target dev='sdq' bus='scsi'/></disk>
      <controller type='usb' index='0'/></devices>`,
    ),
    "<controller",
    "</devices>",
  );
  assert.deepEqual(
    [...xml.matchAll(/<controller type='(\w+)' index='(\d)'/g)].map((m) => `${m[1]}${m[2]}`),
    ["usb0", "scsi0", "scsi1", "scsi2", "ide0", "sata0"],
  );
});

test("graphics passwords only in secure XML (domain, snapshot, checkpoint); save images keep them", async () => {
  const { conn } = await open();
  const d = await conn.defineDomain(mini("g", "<devices><disk type='file'><source file='/a'/><target dev='vda'/></disk><graphics type='vnc' passwd='secret'/></devices>"));
  assert.doesNotMatch(await d.getXmlDescription(), /passwd/);
  assert.match(await d.getXmlDescription(Domain.XML_SECURE), /passwd='secret'/);
  await d.create();
  const s = await d.createSnapshot("<domainsnapshot><name>s</name></domainsnapshot>");
  assert.doesNotMatch(await s.getXmlDescription(), /passwd/);
  assert.match(await s.getXmlDescription(DomainSnapshot.XML_SECURE), /passwd='secret'/);
  await s.delete();
  const c = await d.createCheckpoint("<domaincheckpoint><name>c</name></domaincheckpoint>");
  assert.doesNotMatch(await c.getXmlDescription(), /passwd/);
  assert.match(await c.getXmlDescription(DomainCheckpoint.XML_SECURE), /passwd='secret'/);
  await c.delete();
  const image = join(dir, "g.save");
  await d.save(image);
  assert.match(await conn.getSaveImageXmlDescription(image), /passwd='secret'/);
});

test("graphics defaults: VNC port/autoport, SPICE listen none or address, listen attribute as a child", async () => {
  const { conn } = await open();
  const xml = await defined(
    conn,
    mini(
      "gd",
      `<devices><graphics type='vnc'/><graphics type='spice'/><graphics type='spice' port='5900'><image compression='off'/></graphics>
      <graphics type='vnc' port='5907' autoport='no' listen='127.0.0.1' keymap='en-us'/></devices>`,
    ),
    "<graphics",
    "</graphics>\n    <video>",
  );
  assert.equal(
    xml,
    `<graphics type='vnc' port='-1' autoport='yes'>
      <listen type='address'/>
    </graphics>
    <graphics type='spice'>
      <listen type='none'/>
    </graphics>
    <graphics type='spice' port='5900' autoport='no'>
      <listen type='address'/>
      <image compression='off'/>
    </graphics>
    <graphics type='vnc' port='5907' autoport='no' listen='127.0.0.1' keymap='en-us'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video>`,
  );
});

test("video: a display without video gets cirrus; model attributes in libvirt's order, qxl without vgamem", async () => {
  const { conn } = await open();
  const implicit = await defined(conn, mini("v1", "<devices><graphics type='sdl'/></devices>"), "<video>", "</video>");
  assert.equal(implicit, "<video>\n      <model type='cirrus' vram='16384' heads='1' primary='yes'/>\n    </video>");
  const qxl = await (await conn.defineDomain(mini("v2", "<devices><video><model type='qxl' heads='2'/></video></devices>"))).getXmlDescription();
  assert.match(qxl, /<model type='qxl' ram='65536' vram='65536' heads='2' primary='yes'\/>/);
});

test("an empty redirdev is written as an open and a close tag; it needs USB", async () => {
  const { conn } = await open();
  const xml = await defined(conn, mini("r", "<devices><controller type='usb'/><redirdev bus='usb' type='spicevmc'/></devices>"), "<redirdev", "</redirdev>");
  assert.equal(xml, "<redirdev bus='usb' type='spicevmc'>\n    </redirdev>");
  assert.deepEqual(await fails(conn.defineDomain(mini("r2", "<devices><controller type='usb' model='none'/><redirdev bus='usb' type='spicevmc'/></devices>"))), {
    code: 67,
    domain: 20,
    message: "unsupported configuration: cannot add redirected USB device: USB is disabled for this domain",
  });
});

test("a subsystem hostdev states managed='no' unless managed", async () => {
  const { conn } = await open();
  const xml = await defined(conn, mini("h", "<devices><hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/><product id='0xbeef'/></source></hostdev></devices>"), "<hostdev", ">");
  assert.equal(xml, "<hostdev mode='subsystem' type='usb' managed='no'>");
});

test("a checkpoint needs a disk", async () => {
  const { conn } = await open();
  const d = await conn.createDomain(mini("nd", ""));
  assert.deepEqual(await fails(d.createCheckpoint("<domaincheckpoint><name>x</name></domaincheckpoint>")), {
    code: 67,
    domain: 69,
    message: "unsupported configuration: domain must have at least one disk to perform checkpoints",
  });
});

test("disks are ordered per bus by target index; a duplicate target is refused", async () => {
  const { conn } = await open();
  const d = await conn.defineDomain(
    mini(
      "dk",
      "<devices><disk type='file'><source file='/b'/><target dev='vdb' bus='virtio'/></disk><disk type='file'><source file='/s'/><target dev='sdc' bus='sata'/></disk><disk type='file'><source file='/a'/><target dev='vda' bus='virtio'/></disk></devices>",
    ),
  );
  assert.deepEqual([...(await d.getXmlDescription()).matchAll(/<target dev='(\w+)'/g)].map((m) => m[1]), ["vda", "vdb", "sdc"]);
  const dup = mini("dd", "<devices><disk type='file'><source file='/a'/><target dev='vda'/></disk><disk type='file'><source file='/b'/><target dev='vda'/></disk></devices>");
  assert.deepEqual(await fails(conn.defineDomain(dup)), { code: 27, domain: 20, message: "XML error: target 'vda' duplicated for disk sources '/a' and '/b'" });
});

test("controllers without an index take their type's lowest free one", async () => {
  const { conn } = await open();
  const xml = await defined(conn, mini("uc", "<devices><controller type='usb'/><controller type='usb' index='3'/><controller type='usb' model='qemu-xhci'/></devices>"), "<controller", "</devices>");
  assert.deepEqual([...xml.matchAll(/<controller [^>]*>/g)].map((m) => m[0]), [
    "<controller type='usb' index='0'/>",
    "<controller type='usb' index='3'/>",
    "<controller type='usb' index='1' model='qemu-xhci'/>",
  ]);
});

test("smartcards get a CCID controller and addresses", async () => {
  const { conn } = await open();
  const xml = await defined(conn, mini("sc", "<devices><smartcard mode='host'/><smartcard mode='host'/></devices>"), "<controller", "</devices>");
  assert.match(xml, /<controller type='ccid' index='0'\/>/);
  assert.match(xml, /<address type='ccid' controller='0' slot='0'\/>[\s\S]*<address type='ccid' controller='0' slot='1'\/>/);
});

test("os: children in libvirt's order, loader type rom, no default boot with device boot order", async () => {
  const { conn } = await open();
  const os = await defined(
    conn,
    mini("os1", "", "<os><type>hvm</type><smbios mode='host'/><bios useserial='yes'/><bootmenu enable='no'/><cmdline>c</cmdline><kernel>/k</kernel><loader>/l</loader></os>"),
    "<os>",
    "</os>",
  );
  assert.deepEqual([...os.matchAll(/<(\w+)[ >/]/g)].map((m) => m[1]), ["os", "type", "loader", "kernel", "cmdline", "boot", "bootmenu", "bios", "smbios"]);
  assert.match(os, /<loader type='rom'>\/l<\/loader>/);
  const devBoot = await defined(conn, mini("os2", "<devices><disk type='file'><source file='/a'/><target dev='vda'/><boot order='1'/></disk></devices>"), "<os>", "</os>");
  assert.doesNotMatch(devBoot, /<boot dev/);
  const both = mini("os3", "<devices><disk type='file'><source file='/a'/><target dev='vda'/><boot order='1'/></disk></devices>", "<os><type>hvm</type><boot dev='cdrom'/></os>");
  assert.deepEqual(await fails(conn.defineDomain(both)), { code: 67, domain: 20, message: "unsupported configuration: per-device boot elements cannot be used together with os/boot elements" });
  const efi = mini("os4", "", "<os firmware='efi'><type>hvm</type><loader readonly='yes'>/x.fd</loader></os>");
  assert.equal((await fails(conn.defineDomain(efi))).message, "loader attribute 'readonly' cannot be specified when firmware autoselection is enabled");
});

test("an unknown architecture is refused", async () => {
  const { conn } = await open();
  assert.deepEqual(await fails(conn.defineDomain(mini("a", "", "<os><type arch='z80'>hvm</type></os>"))), {
    code: 67,
    domain: 20,
    message: "unsupported configuration: Unknown architecture z80",
  });
});

test("automatic vCPU placement brings automatic NUMA memory placement", async () => {
  const { conn } = await open();
  const xml = await defined(conn, `<domain type='test'><name>va</name><memory>1024</memory><vcpu placement='auto'>2</vcpu><os><type>hvm</type></os></domain>`, "<vcpu", "</numatune>");
  assert.equal(xml, "<vcpu placement='auto'>2</vcpu>\n  <numatune>\n    <memory mode='strict' placement='auto'/>\n  </numatune>");
});

test("interfaces: children in libvirt's order, reserved target names replaced, multicast MACs refused", async () => {
  const { conn } = await open();
  const xml = await defined(
    conn,
    mini(
      "nets",
      `<devices><interface type='ethernet'><mtu size='1500'/><link state='up'/><driver name='vhost'/><model type='virtio'/><target dev='tap5'/><bandwidth><inbound average='10'/></bandwidth><mac address='52:54:00:00:00:09'/></interface>
      <interface type='bridge'><mac address='52:54:00:00:00:0b'/><source bridge='br0'/><target dev='macvtap3'/></interface></devices>`,
    ),
    "<interface",
    "</devices>",
  );
  assert.deepEqual([...xml.matchAll(/^ {6}<(\w+)/gm)].map((m) => m[1]), ["mac", "bandwidth", "target", "model", "driver", "link", "mtu", "mac", "source", "target"]);
  assert.match(xml, /<target dev='testnet0'\/>/);
  const mc = mini("mc", "<devices><interface type='user'><mac address='01:00:00:00:00:01'/></interface></devices>");
  assert.deepEqual(await fails(conn.defineDomain(mc)), { code: 27, domain: 20, message: "XML error: expected unicast mac address, found multicast '01:00:00:00:00:01'" });
});

test("checkpoints: read-only disks get no bitmap (and refuse one); naming a disk leaves the others out", async () => {
  const { dom } = await open();
  const c = await dom.createCheckpoint("<domaincheckpoint><name>k1</name></domaincheckpoint>");
  assert.match(await c.getXmlDescription(DomainCheckpoint.XML_NO_DOMAIN), /<disk name='vda' checkpoint='bitmap' bitmap='k1'\/>\n {4}<disk name='hdc' checkpoint='no'\/>/);
  assert.deepEqual(await fails(dom.createCheckpoint("<domaincheckpoint><name>k2</name><disks><disk name='hdc'/></disks></domaincheckpoint>")), {
    code: 67,
    domain: 69,
    message: "unsupported configuration: disk 'hdc' is empty or readonly",
  });
  const named = await dom.createCheckpoint("<domaincheckpoint><name>k3</name><disks><disk name='/c.iso' checkpoint='no'/></disks></domaincheckpoint>");
  assert.match(await named.getXmlDescription(DomainCheckpoint.XML_NO_DOMAIN), /<disk name='vda' checkpoint='no'\/>/);
});

test("checkpoint XML is checked against the schema, and the public API's flag rules come first", async () => {
  const { dom } = await open();
  const schema = "XML document failed to validate against schema: Unable to validate doc against /usr/share/libvirt/schemas/domaincheckpoint.rng\n";
  assert.deepEqual(await fails(dom.createCheckpoint("<domaincheckpoint><name>a</name><foo/></domaincheckpoint>")), {
    code: 92,
    domain: 5,
    message: `${schema}Element domaincheckpoint has extra content: foo\n`,
  });
  assert.equal(
    (await fails(dom.createCheckpoint("<domaincheckpoint><name>b</name><disks><disk name='vda' checkpoint='maybe'/></disks></domaincheckpoint>"))).message,
    `${schema}Extra element disks in interleave\nElement domaincheckpoint failed to validate content\n`,
  );
  const redefineValidate = await fails(dom.createCheckpoint("<domaincheckpoint><name>c</name></domaincheckpoint>", DomainCheckpoint.CREATE_REDEFINE_VALIDATE));
  assert.deepEqual([redefineValidate.code, redefineValidate.domain], [8, 69]);
  const quiesce = await fails(dom.createCheckpoint("<domaincheckpoint><name>c</name></domaincheckpoint>", DomainCheckpoint.CREATE_REDEFINE | DomainCheckpoint.CREATE_QUIESCE));
  assert.equal(quiesce.message, "Flags 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE' and 'VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE' are mutually exclusive");
});

test("snapshot XML: schema check only with VALIDATE; bad enum values and nameless disks always fail", async () => {
  const { dom } = await open();
  const snap = (extra: string, flags = 0) => dom.createSnapshot(`<domainsnapshot><name>x${n++}</name>${extra}</domainsnapshot>`, flags);
  const ok = await snap("<foo/>");
  await ok.delete();
  const v = await fails(snap("<foo/>", DomainSnapshot.CREATE_VALIDATE));
  assert.deepEqual([v.code, v.domain], [92, 5]);
  assert.match(v.message, /domainsnapshot\.rng\nElement domainsnapshot has extra content: foo\n$/);
  assert.deepEqual(await fails(snap("<memory snapshot='maybe'/>")), { code: 27, domain: 5, message: "XML error: Invalid value for attribute 'snapshot' in element 'memory': 'maybe'." });
  assert.deepEqual(await fails(snap("<disks><disk/></disks>")), { code: 1, domain: 35, message: "internal error: missing name from disk snapshot element" });
  assert.deepEqual(await fails(snap("<disks><disk name='vda'/><disk name='hdc'/><disk name='vda'/></disks>")), {
    code: 67,
    domain: 35,
    message: "unsupported configuration: too many disk snapshot requests for domain",
  });
});

test("disks: children in libvirt's order, <boot order> after the disk's own elements and before alias and address", async () => {
  const { conn } = await open();
  const xml = await defined(
    conn,
    mini(
      "dord",
      `<devices><disk type='file' device='disk'><address type='drive' controller='0' bus='0' target='0' unit='0'/><acpi index='3'/><alias name='ua-x'/><boot order='1'/>
      <product>P</product><vendor>V</vendor><wwn>5000c50015ea71ac</wwn><serial>s</serial><transient/><shareable/><readonly/>
      <iotune><total_bytes_sec>1000</total_bytes_sec></iotune><target dev='sda' bus='scsi'/><blockio logical_block_size='512'/>
      <geometry cyls='16383' heads='16' secs='63'/><backenddomain name='d0'/><source file='/a'/><driver name='qemu' type='raw'/></disk></devices>`,
    ),
    "<disk",
    "</disk>",
  );
  assert.deepEqual([...xml.matchAll(/^ {6}<(\w+)/gm)].map((m) => m[1]), [
    "driver", "source", "backenddomain", "geometry", "blockio", "target", "iotune", "readonly", "shareable", "transient",
    "serial", "wwn", "vendor", "product", "boot", "alias", "acpi", "address",
  ]);
});

test("disks without a source: an empty file drive (cdrom read-only), refused for device='disk'; a LUN must be a block device", async () => {
  const { conn } = await open();
  const disk = (type: string, device: string, inner: string) => mini(`e${n++}`, `<devices><disk type='${type}' device='${device}'>${inner}</disk></devices>`);
  const noSource = { code: 19, domain: 20, message: "missing source information for device vdb" };
  assert.deepEqual(await fails(conn.defineDomain(disk("block", "disk", "<target dev='vdb' bus='virtio'/>"))), noSource);
  assert.deepEqual(await fails(conn.defineDomain(disk("block", "disk", "<source/><target dev='vdb' bus='virtio'/>"))), noSource);
  assert.deepEqual(await fails(conn.defineDomain(disk("block", "disk", "<source file='/a'/><target dev='vdb' bus='virtio'/>"))), noSource);
  assert.deepEqual(await fails(conn.defineDomain(disk("file", "disk", "<source file=''/><target dev='vdb' bus='virtio'/>"))), noSource);
  assert.deepEqual(await fails(conn.defineDomain(disk("block", "lun", "<target dev='sda' bus='scsi'/>"))), {
    code: 67,
    domain: 20,
    message: "unsupported configuration: disk device='lun' is only valid for block type disk source",
  });
  assert.deepEqual(await fails(conn.defineDomain(disk("network", "disk", "<source/><target dev='vdb' bus='virtio'/>"))), {
    code: 27,
    domain: 5,
    message: "XML error: Missing required attribute 'protocol' in element 'source'",
  });
  const xml = async (x: string) => {
    const s = await (await conn.defineDomain(x)).getXmlDescription();
    return s.slice(s.indexOf("<disk"), s.indexOf("</disk>"));
  };
  assert.equal(
    await xml(disk("block", "cdrom", "<target dev='hdc' bus='ide'/>")),
    "<disk type='file' device='cdrom'>\n      <target dev='hdc' bus='ide'/>\n      <readonly/>\n      <address type='drive' controller='0' bus='1' target='0' unit='0'/>\n    ",
  );
  assert.match(await xml(disk("block", "cdrom", "<source file='/x' startupPolicy='optional'/><target dev='hdc' bus='ide'/>")), /^<disk type='block' device='cdrom'>\n {6}<source startupPolicy='optional'\/>\n {6}<target dev='hdc' bus='ide'\/>\n {6}<readonly\/>/);
  assert.match(await xml(disk("dir", "floppy", "<source/><target dev='fda' bus='fdc'/>")), /^<disk type='dir' device='floppy'>\n {6}<target dev='fda' bus='fdc'\/>\n {6}<address/);
});

test("character devices: no pty path or tty, numbered ports, console 0 tied to serial 0 on HVM, virtio ones on appended virtio-serial controllers", async () => {
  const { conn } = await open();
  const ptys = `<serial type='pty' tty='/dev/pts/7'><source path='/dev/pts/7'/><target port='0'/></serial>
    <console type='pty' tty='/dev/pts/7'><source path='/dev/pts/7'/><target type='serial' port='0'/></console>`;
  const created = await conn.createDomain(mini("ch1", `<devices>${ptys}</devices>`));
  const defined = await conn.defineDomain(mini("ch2", `<devices>${ptys}</devices>`));
  await defined.create();
  const devices = (x: string) => x.slice(x.indexOf("<devices>"), x.indexOf("</devices>"));
  const plain = "<devices>\n    <serial type='pty'>\n      <target port='0'/>\n    </serial>\n    <console type='pty'>\n      <target type='serial' port='0'/>\n    </console>\n  ";
  assert.equal(devices(await created.getXmlDescription()), plain);
  assert.equal(devices(await defined.getXmlDescription()), plain);
  const mixed = await conn.defineDomain(
    mini(
      "ch3",
      `<devices><serial type='file'><source path='/tmp/s.log'/></serial><serial/><serial type='null'><target port='5'/></serial><parallel type='pty'/>
      <console type='pty'><target type='virtio' port='4'/></console><channel type='pty'><target type='virtio' name='a'/><address type='virtio-serial' controller='2' bus='0' port='1'/></channel></devices>`,
    ),
  );
  assert.equal(
    devices(await mixed.getXmlDescription()),
    `<devices>
    <controller type='virtio-serial' index='2'/>
    <controller type='virtio-serial' index='0'/>
    <serial type='file'>
      <source path='/tmp/s.log'/>
      <target port='6'/>
    </serial>
    <serial type='pty'>
      <target port='7'/>
    </serial>
    <serial type='null'>
      <target port='5'/>
    </serial>
    <parallel type='pty'>
      <target port='0'/>
    </parallel>
    <console type='file'>
      <source path='/tmp/s.log'/>
      <target type='serial' port='6'/>
    </console>
    <console type='pty'>
      <target type='virtio' port='0'/>
    </console>
    <channel type='pty'>
      <target type='virtio' name='a'/>
      <address type='virtio-serial' controller='2' bus='0' port='1'/>
    </channel>
  `,
  );
  assert.deepEqual(await fails(conn.defineDomain(mini("ch4", "<devices><console type='pty'/><console type='pty'/></devices>"))), {
    code: 67,
    domain: 20,
    message: "unsupported configuration: Only the first console can be a serial port",
  });
  assert.deepEqual(await fails(conn.defineDomain(mini("ch5", "<devices><serial type='pty'><target port='x'/></serial></devices>"))), {
    code: 27,
    domain: 20,
    message: "XML error: Invalid port number: x",
  });
});

test("VNC: a socket listen (or the socket attribute) means no port or autoport; the first address listen is also the listen attribute", async () => {
  const { conn } = await open();
  const xml = await defined(
    conn,
    mini(
      "vs",
      `<devices><graphics type='vnc' keymap='en-us' port='5901' socket='/tmp/v.sock' websocket='5700' passwd='x' passwdValidTo='2020-01-01T00:00:00'><listen type='address' address='1.2.3.4'/></graphics>
      <graphics type='vnc' autoport='yes'><listen type='socket' socket='/tmp/w.sock'/></graphics><graphics type='vnc' websocket='5701'><listen type='none'/></graphics>
      <graphics type='vnc' connected='keep' sharePolicy='ignore'><listen type='address' address='1.2.3.4'/></graphics></devices>`,
    ),
    "<graphics",
    "</graphics>\n    <video>",
  );
  assert.equal(
    xml,
    `<graphics type='vnc' socket='/tmp/v.sock' keymap='en-us' passwdValidTo='2020-01-01T00:00:00'>
      <listen type='socket' socket='/tmp/v.sock'/>
    </graphics>
    <graphics type='vnc' socket='/tmp/w.sock'>
      <listen type='socket' socket='/tmp/w.sock'/>
    </graphics>
    <graphics type='vnc'>
      <listen type='none'/>
    </graphics>
    <graphics type='vnc' port='-1' autoport='yes' listen='1.2.3.4' sharePolicy='ignore'>
      <listen type='address' address='1.2.3.4'/>
    </graphics>
    <video>`,
  );
  assert.deepEqual(await fails(conn.defineDomain(mini("vm", "<devices><graphics type='vnc' listen='1.2.3.4'><listen type='address' address='5.6.7.8'/></graphics></devices>"))), {
    code: 67,
    domain: 20,
    message: "unsupported configuration: graphics 'listen' attribute '1.2.3.4' must match 'address' attribute of first listen element (found '5.6.7.8')",
  });
});

test("RDP and SPICE: autoport, ports and listens as libvirt writes them; RDP cannot listen on none or a socket", async () => {
  const { conn } = await open();
  const xml = await defined(
    conn,
    mini(
      "rs",
      `<devices><graphics type='rdp'/><graphics type='rdp' port='3389' autoport='yes'/><graphics type='rdp' port='0'/><graphics type='rdp' autoport='no' replaceUser='yes' multiUser='no'/>
      <graphics type='rdp' port='3390'><listen type='address' address='1.2.3.4'/></graphics>
      <graphics type='spice' autoport='yes' port='5900' tlsPort='5901' defaultMode='any'/><graphics type='spice' autoport='no'/><graphics type='spice' port='5900' socket='/s'><listen type='socket' socket='/s'/></graphics>
      <graphics type='spice' port='5900' keymap='de' defaultMode='secure' connected='keep'><listen type='address' address='1.2.3.4'/></graphics></devices>`,
    ),
    "<graphics",
    "</graphics>\n    <video>",
  );
  assert.equal(
    xml,
    `<graphics type='rdp' port='0' autoport='yes'>
      <listen type='address'/>
    </graphics>
    <graphics type='rdp' port='0' autoport='yes'>
      <listen type='address'/>
    </graphics>
    <graphics type='rdp'>
      <listen type='address'/>
    </graphics>
    <graphics type='rdp' port='0' autoport='yes' replaceUser='yes'>
      <listen type='address'/>
    </graphics>
    <graphics type='rdp' port='3390' listen='1.2.3.4'>
      <listen type='address' address='1.2.3.4'/>
    </graphics>
    <graphics type='spice' autoport='yes'>
      <listen type='address'/>
    </graphics>
    <graphics type='spice'>
      <listen type='none'/>
    </graphics>
    <graphics type='spice'>
      <listen type='socket' socket='/s'/>
    </graphics>
    <graphics type='spice' port='5900' autoport='no' listen='1.2.3.4' keymap='de' defaultMode='secure'>
      <listen type='address' address='1.2.3.4'/>
    </graphics>
    <video>`,
  );
  for (const listen of ["<listen type='none'/>", "<listen type='socket' socket='/x'/>"]) {
    const e = await fails(conn.defineDomain(mini("rn", `<devices><graphics type='rdp'>${listen}</graphics></devices>`)));
    assert.deepEqual([e.code, e.domain], [67, 20]);
    assert.match(e.message, /^unsupported configuration: listen type '(none|socket)' is not available for graphics type 'rdp'$/);
  }
});

test("an IOThread with no pin and no domain cpuset runs on one CPU per current vCPU of the definition asked about", async () => {
  const { dom } = await open();
  await dom.addIothread(3, Domain.AFFECT_LIVE);
  await dom.addIothread(3, Domain.AFFECT_CONFIG);
  const affinity = async (flags: number) => (await dom.getIothreadInfo(flags)).map((t) => [t.number, t.affinity.toString("hex")]);
  assert.deepEqual(await affinity(Domain.AFFECT_LIVE), [[3, "03"]]);
  await dom.setVcpus(1, Domain.AFFECT_LIVE);
  assert.deepEqual(await affinity(Domain.AFFECT_LIVE), [[3, "01"]]);
  assert.deepEqual(await affinity(Domain.AFFECT_CONFIG), [[3, "03"]]);
  await dom.pinIothread(3, Buffer.from([0x0c]), Domain.AFFECT_LIVE);
  assert.deepEqual(await affinity(Domain.AFFECT_LIVE), [[3, "0c"]]);
});

test("IOThreads: add/del/pin edit one definition (LIVE with CONFIG refused); setIothread is live-only, knows no thread pool sizes, checks in libvirt's order", async () => {
  const { dom } = await open();
  const LC = Domain.AFFECT_LIVE | Domain.AFFECT_CONFIG;
  const exclusive = { code: 8, domain: 20, message: "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive" };
  assert.deepEqual(await fails(dom.addIothread(3, LC)), exclusive);
  assert.deepEqual(await fails(dom.delIothread(3, LC)), exclusive);
  assert.deepEqual(await fails(dom.pinIothread(3, Buffer.from([1]), LC)), exclusive);
  assert.deepEqual(await fails(dom.addIothread(0, LC)), { code: 8, domain: 12, message: "invalid argument: invalid value of 0 for iothread_id" });
  assert.deepEqual(await fails(dom.delIothread(0, LC)), { code: 8, domain: 20, message: "iothread_id in virDomainDelIOThread must not be zero" });
  await dom.addIothread(3, Domain.AFFECT_LIVE);
  const noConfig = { code: 8, domain: 12, message: "unsupported flags (0x2) in function testDomainSetIOThreadParams" };
  assert.deepEqual(await fails(dom.setIothread(3, { poll_max_ns: 5n }, Domain.AFFECT_CONFIG)), noConfig);
  assert.deepEqual(await fails(dom.setIothread(3, { poll_max_ns: 5n }, LC)), noConfig);
  // Parameters are checked sorted by name, after the IOThread is found.
  assert.deepEqual(await fails(dom.setIothread(3, { thread_pool_min: 2, thread_pool_max: 1 })), { code: 74, domain: 0, message: "argument unsupported: parameter 'thread_pool_max' not supported" });
  assert.deepEqual(await fails(dom.setIothread(9, { thread_pool_min: 2 })), { code: 8, domain: 12, message: "invalid argument: cannot find IOThread '9' in iothreadids" });
  assert.deepEqual(await fails(dom.setIothread(3, {})), { code: 8, domain: 20, message: "params in virDomainSetIOThreadParams must not be NULL" });
  await dom.setIothread(3, { poll_max_ns: 5n, poll_grow: 2 }, Domain.AFFECT_LIVE);
});

test("checkpoints: a redefinition needs a name; names (and parent names) follow the schema's pattern", async () => {
  const { dom } = await open();
  assert.deepEqual(await fails(dom.createCheckpoint("<domaincheckpoint><description>d</description></domaincheckpoint>", DomainCheckpoint.CREATE_REDEFINE)), {
    code: 27,
    domain: 69,
    message: "XML error: a redefined checkpoint must have a name",
  });
  const schema = "XML document failed to validate against schema: Unable to validate doc against /usr/share/libvirt/schemas/domaincheckpoint.rng\n";
  const interleave = (el: string) => `${schema}Extra element ${el} in interleave\nElement domaincheckpoint failed to validate content\n`;
  for (const name of ["", " a", "a/b", ".hidden", "é"]) {
    assert.deepEqual(await fails(dom.createCheckpoint(`<domaincheckpoint><name>${name}</name></domaincheckpoint>`)), { code: 92, domain: 5, message: interleave("name") }, name);
  }
  const parent = "<domaincheckpoint><name>c</name><creationTime>1</creationTime><parent><name>a b</name></parent></domaincheckpoint>";
  assert.deepEqual(await fails(dom.createCheckpoint(parent, DomainCheckpoint.CREATE_REDEFINE)), { code: 92, domain: 5, message: interleave("parent") });
  await dom.createCheckpoint("<domaincheckpoint><name>-a.b_1</name></domaincheckpoint>");
});
