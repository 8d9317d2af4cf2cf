// Device and tuning commands (domif-setlink ... change-media) on the embedded
// test driver, compared byte for byte with virsh on libvirt's test driver.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sameAsVirshOn, virtwire } from "./cli-helpers.js";

const URI = "test:///default";

test("domif-setlink: the interface XML by MAC or target, errors for unknown ones and bad states", async (t) => {
  await sameAsVirshOn(t, URI, [
    "domif-setlink test aa:bb:cc:dd:ee:ff down --print-xml; domif-setlink test TESTNET0 up --print-xml --config",
    "domif-setlink test testnet0 up --persistent --print-xml",
    "domif-setlink test AA:bb:cc:dd:ee:ff down",
    "domif-setlink test vnet0 down",
    "domif-setlink test testnet0 sideways",
  ]);
  await sameAsVirshOn(t, URI, ["domif-setlink test testnet0 down"], { flags: ["-q"] });
});

test("domiftune: show, set, and virsh's rate-string checks", async (t) => {
  await sameAsVirshOn(t, URI, [
    "domiftune test testnet0; domiftune test aa:bb:cc:dd:ee:ff --inbound 100,200,300 --outbound 5,,7; domiftune test testnet0 --config",
    "domiftune test testnet0 --inbound x; domiftune test testnet0 --inbound 1,2,3,4,5; domiftune test testnet0 --inbound ,2",
    "domiftune test testnet0 --inbound 0,,,5; domiftune test testnet0 --inbound 1,; domiftune test testnet0 --outbound 1,,,4",
    "domiftune test testnet0 --outbound 0,3; domiftune test testnet0 --outbound 5000000000",
    "domiftune test testnet0 --inbound ''",
    "domiftune test vnet0",
    "domiftune test vnet0 --outbound 1",
  ]);
  await sameAsVirshOn(t, URI, ["domiftune test testnet0"], { flags: ["-q"] });
});

test("blkdeviotune: the parameter list, setting, aliases and parse errors", async (t) => {
  await sameAsVirshOn(t, URI, [
    "blkdeviotune test vda; blkdeviotune test vda --total-bytes-sec-max 5k; blkdeviotune test vda 3 --current; blkdeviotune test vda --total_iops_sec 7; blkdeviotune test vda",
    "blkdeviotune test vda --total-bytes-sec 5 --read-bytes-sec 1",
    "blkdeviotune test vdb",
    "blkdeviotune test vdb --total-iops-sec 1",
    "blkdeviotune test vda --total-bytes-sec x",
    "blkdeviotune test vda --total-iops-sec 1k",
    "blkdeviotune test vda --group-name ''",
    "blkdeviotune test vda --live --current",
  ]);
});

test("iothreadadd, iothreadpin, iothreadset, iothreaddel", async (t) => {
  await sameAsVirshOn(t, URI, [
    "iothreadadd test 5; iothreadpin test 5 0-1,^1; iothreadset test 5 --poll-max-ns 100 --poll-grow 2 --poll-shrink 3; dumpxml test; iothreaddel test 5; dumpxml test",
    "iothreadadd test 5; iothreadset test 5",
    "iothreadadd test 5; iothreadinfo test; setvcpus test 1 --live; iothreadinfo test; iothreadadd test 6 --config; iothreadinfo test --config",
    "iothreadadd test 5; iothreadpin test 5 99",
    "iothreadadd test 5; iothreadpin test 5 x",
    "iothreadadd test 0",
    "iothreadadd test x",
    "iothreaddel test -1",
    "iothreaddel test 3",
    "iothreadpin test 4 0",
    "iothreadpin test -1 0",
    "iothreadset test 0 --poll-grow 1",
    "iothreadset test 1 --poll-max-ns -1",
    "iothreadset test 1 --poll-grow 4294967296",
    "iothreadset test 1 --poll-shrink 1",
    "iothreadadd test 3; iothreadset test 3 --thread-pool-min 1; iothreadset test 3 --thread-pool-min 2 --thread-pool-max 1; iothreadset test 3 --config --poll-max-ns 5",
    "iothreadadd test 3; iothreadset test 3 --live --poll-max-ns 5; iothreadadd test 4 --live --config; iothreaddel test 3 --live --config; iothreadpin test 3 1 --live --config",
    "iothreaddel test 0",
  ]);
});

test("set-lifecycle-action, domrename, inject-nmi, send-process-signal, setvcpu, blockresize", async (t) => {
  await sameAsVirshOn(t, URI, [
    "set-lifecycle-action test crash coredump-restart --config; set-lifecycle-action test reboot preserve; dumpxml test --inactive; dumpxml test",
    "set-lifecycle-action test poweroff foo",
    "set-lifecycle-action test foo restart",
    "domrename test other",
    "destroy test; domrename test t3; list --all",
    "domrename 6695eb01-f6a4-8304-79aa-97f2502e193f zz",
    "inject-nmi test",
    "send-process-signal test 1 SIGKILL; send-process-signal test 1 Kill; send-process-signal test 1 rt32; send-process-signal test 1 nop; send-process-signal test 1 15",
    "send-process-signal test 1 99",
    "send-process-signal test 1 sigrtmin",
    "send-process-signal test 1 -5",
    "send-process-signal test -1 sigkill",
    "send-process-signal test x 9",
    "setvcpu test 1 --enable",
    "setvcpu test 1",
    "setvcpu test 1 --enable --disable",
    "blockresize test vda 1G",
    "blockresize test vda 10b",
    "blockresize test vda x",
    "blockresize test vda",
  ]);
  await sameAsVirshOn(t, URI, ["destroy test; domrename test t3"], { flags: ["-q"] });
});

test("update-device and detach-device-alias: the driver's refusal after virsh's context line", async (t) => {
  await sameAsVirshOn(t, URI, [
    "update-device test /nonexistent.xml",
    "update-device test /dev/null --persistent --current",
    "detach-device-alias test ua-1",
    "detach-device-alias test ua-1 --live --current",
    "detach-device-alias test ''",
  ]);
});

test("attach-disk --print-xml: the XML virsh builds from each option", async (t) => {
  await sameAsVirshOn(t, URI, [
    "attach-disk test /tmp/x.img vdb --print-xml; attach-disk test /dev/null vdc --print-xml --targetbus virtio --driver qemu --subdriver qcow2 --iothread 1 " +
      "--cache none --io native --type cdrom --mode readonly --serial 'a<b' --wwn 0x5000c50015ea71ac --alias ua-x --rawio --address pci:0000.00.0a.0 --multifunction",
    "attach-disk test '' hdc --print-xml --address ide:0.1.0; attach-disk test 'vol&1' sda --source-protocol rbd --source-host-name h:6789 --sourcetype network --print-xml --address scsi:0.0.1",
    "attach-disk test x sdb --source-protocol nbd --source-host-transport unix --source-host-socket /s --print-xml --address usb:1.2; attach-disk test x vdd --address ccw:0xfe.0.0a --print-xml",
    "attach-disk test x sdd --address sata:1.2.3xyz --mode shareable --print-xml --sourcetype block",
    "attach-disk test x vdd --address ide:0.0.0 --print-xml",
    "attach-disk test x sdd --address scsi:0.0 --print-xml",
    "attach-disk test x vdd --wwn 123 --print-xml",
    "attach-disk test x vdd --mode rw --print-xml",
    "attach-disk test x vdd --sourcetype foo --print-xml",
    "attach-disk test x vdd --sourcetype network --print-xml",
    "attach-disk test x vdd --source-host-name h --print-xml",
    "attach-disk test x vdd --driver ''",
    "attach-disk test x vdb --shareable --print-xml",
    "attach-disk test x vdb --shareable --mode readonly --print-xml",
    "attach-disk test x vdb --shareable=1 --print-xml",
    "attach-disk test x vdb",
    "attach-disk test x vdb --persistent",
    "attach-disk test x vdb --current",
  ]);
});

test("attach-interface --print-xml: sources by type, bandwidth, and virsh's checks", async (t) => {
  await sameAsVirshOn(t, URI, [
    "attach-interface test network default --print-xml --target vnet9 --mac 52:54:00:00:00:01 --script /s --model virtio --alias ua-n --inbound 1,2,3,4 --outbound 5,6,7 --managed; " +
      "attach-interface test bridge br0 --print-xml --inbound 0,,,4 --outbound 1; attach-interface test direct eth0 --print-xml; " +
      "attach-interface test hostdev 0000:00:05.0 --print-xml; attach-interface test vhostuser /sock --print-xml --source-mode client",
    "attach-interface test null x --inbound x",
    "attach-interface test foo x",
    "attach-interface test user x",
    "attach-interface test hostdev 0000:00 --print-xml",
    "attach-interface test vhostuser /sock --print-xml",
    "attach-interface test vhostuser /sock --source-mode x",
    "attach-interface test network default --inbound 0,1",
    "attach-interface test network default --outbound 1,,,1",
    "attach-interface test network default",
    "attach-interface test network default --config",
  ]);
});

/** A domain "cd" with a CD-ROM (with media), an empty floppy, a disk with a backing chain and three interfaces. */
const CD_XML = `<domain type='test'>
  <name>cd</name>
  <memory unit='KiB'>1048576</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='i686'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='cdrom'>
      <source file='/tmp/a.iso' startupPolicy='optional'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <disk type='file' device='floppy'>
      <target dev='fda' bus='fdc'/>
    </disk>
    <disk type='block' device='disk'>
      <source dev='/dev/sdz'/>
      <backingStore type='file'>
        <format type='raw'/>
        <source file='/b.img'/>
      </backingStore>
      <target dev='vdb' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:0a:00:01'/>
      <source network='default'/>
    </interface>
    <interface type='network'>
      <mac address='52:54:00:0A:00:02'/>
      <source network='default'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:0a:00:03'/>
      <source bridge='br0'/>
    </interface>
  </devices>
</domain>
`;

/** Run `f` with the path of CD_XML written to a temporary file. */
async function withCdDomain(f: (define: string) => Promise<unknown>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "virtwire-devices-"));
  try {
    writeFileSync(join(dir, "cd.xml"), CD_XML);
    await f(`define ${join(dir, "cd.xml")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("detach-disk and detach-interface: the device found by target, source or MAC, printed or detached", async (t) => {
  await sameAsVirshOn(t, URI, [
    "detach-disk test vda --print-xml; detach-disk test /guest/diskimage1 --print-xml --config",
    "detach-disk test vda",
    "detach-disk test vda --current",
    "detach-device test /dev/null --current; attach-device test /dev/null --current",
    "detach-disk test vdz",
    "detach-disk test ''",
    "detach-interface test network --print-xml; detach-interface test network --mac AA:BB:cc:dd:ee:ff --print-xml --config --live; detach-interface test network",
    "detach-interface test bridge",
    "detach-interface test bridge --print-xml",
    "detach-interface test network --mac 00:11:22:33:44:55",
    "detach-interface test network --mac 00:11:22:33:44:55 --config --print-xml",
    "detach-interface test ''",
  ]);
  await withCdDomain((define) =>
    sameAsVirshOn(t, URI, [
      `${define}; detach-disk cd vdb --print-xml; detach-disk cd /tmp/a.iso --print-xml --config; detach-disk cd /b.img --persistent`,
      `${define}; detach-interface cd network`,
      `${define}; detach-interface cd network --mac 52:54:0:A:0:1 --print-xml; detach-interface cd network --mac 52:54:00:0a:00:02 --persistent`,
      // virMacAddrCompare: leading zeros anywhere ignored, a trailing blank not.
      `${define}; detach-interface cd network --mac 052:54:000:0a:00:001 --print-xml; detach-interface cd network --mac '52:54:00:0a:00:01 ' --print-xml`,
    ]),
  );
});

test("change-media: eject, insert and update rewrite the drive's XML as virsh does", async (t) => {
  await withCdDomain((define) =>
    sameAsVirshOn(t, URI, [
      `${define}; change-media cd hdc --eject --print-xml; change-media cd hdc /tmp/b.iso --print-xml; change-media cd hdc --source /dev/sr0 --block --update --print-xml --config; ` +
        "change-media cd fda /f.img --insert --print-xml; change-media cd hdc --update --print-xml",
      `${define}; change-media cd hdc --insert /x --print-xml`,
      `${define}; change-media cd fda --eject`,
      `${define}; change-media cd fda`,
      `${define}; change-media cd vdb /x`,
      `${define}; change-media cd hdc /x --force --live`,
      `${define}; change-media cd hdc --eject --block`,
      "change-media test hdc /x",
      "change-media test hdc --source ''",
    ]),
  );
  await withCdDomain((define) => sameAsVirshOn(t, URI, [`${define}; change-media cd hdc --eject`], { flags: ["-q"] }));
});

test("help pages match virsh's", async (t) => {
  const names = ["domif-setlink", "domiftune", "blkdeviotune", "setvcpu", "iothreadadd", "iothreaddel", "iothreadpin", "iothreadset", "set-lifecycle-action",
    "domrename", "inject-nmi", "send-process-signal", "blockresize", "update-device", "detach-device-alias", "attach-disk", "attach-interface", "detach-disk", "detach-interface", "change-media"];
  // One command string for all the pages: each is followed by virsh's blank separator line.
  await sameAsVirshOn(t, URI, [names.map((n) => `help ${n}`).join("; ")]);
});

test("--json results", async () => {
  const json = async (cmd: string): Promise<unknown> => {
    const r = await virtwire(["-c", URI, "--json", cmd]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
  };
  assert.deepEqual(await json("domiftune test testnet0 --inbound 5"), { name: "test", interface: "testnet0", set: { "inbound.average": 5 } });
  assert.equal(((await json("blkdeviotune test vda")) as Record<string, unknown>)["group_name"], "");
  assert.deepEqual(await json("send-process-signal test 1 kill"), { name: "test", pid: 1, signal: 9 });
  assert.match(((await json("attach-disk test x vdb --print-xml")) as { xml: string }).xml, /^<disk type='file'>\n/);
});

test("domblkthreshold: scaled thresholds and libvirt's second line for a bad suffix or an overflow", async (t) => {
  await sameAsVirshOn(t, URI, [
    "domblkthreshold test vda 100",
    "domblkthreshold test vda 1k",
    "domblkthreshold test vda 10%",
    "domblkthreshold test vda 1.5k",
    "domblkthreshold test vda 17179869184E",
    "domblkthreshold test vda x",
    "domblkthreshold test vda",
    "setmem test ' 1024' --config; setmem test 16E --config; setmem test 1kx --config",
  ]);
});
