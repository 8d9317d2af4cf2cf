// Read-only information commands (device lists, vCPU and CPU figures,
// displays, tunables, agent and migration queries) against the embedded test
// driver, compared with virsh on its own test driver, plain and with -q.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sameAsVirshOn, virtwire } from "./cli-helpers.js";

const URI = "test:///default";

/** One command string through virsh and virtwire, plain and with -q. */
const sameAsVirsh = (t: { skip(msg?: string): void }, commandString: string) => sameAsVirshOn(t, URI, [commandString], { quiet: true });


const domainXml = (name: string, devices: string): string =>
  `<domain type='test'><name>${name}</name><memory>65536</memory><vcpu current='1'>2</vcpu><os><type>hvm</type></os><devices>${devices}</devices></domain>`;

// Disks of every source kind, interfaces with and without link state, and two displays.
const RICH = domainXml(
  "rich",
  "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='vda'/></disk>" +
    "<disk type='network' device='cdrom'><source protocol='nbd' name='vol1'><host name='h'/></source><target dev='sda'/></disk>" +
    "<disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='vdb'/></disk>" +
    "<disk type='nvme' device='disk'><source type='pci' managed='yes' namespace='1'><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source><target dev='vde'/></disk>" +
    "<disk type='volume' device='disk'><source pool='p' volume='v1'/><target dev='vdf'/></disk>" +
    "<disk type='dir' device='disk'><source dir='/srv'/><target dev='hda'/></disk>" +
    "<interface type='bridge'><mac address='52:54:00:11:22:33'/><source bridge='br0'/><model type='virtio'/><link state='down'/></interface>" +
    "<interface type='user'><mac address='52:54:00:11:22:44'/></interface>" +
    "<interface type='direct'><mac address='52:54:00:aa:00:01'/><source dev='eth0' mode='vepa'/></interface>" +
    "<graphics type='vnc' port='5907' autoport='no' listen='127.0.0.1' passwd='secret'><listen type='address' address='127.0.0.1'/></graphics>" +
    "<graphics type='spice' port='5930' tlsPort='5931' autoport='no' passwd='pw2'><listen type='address' address='::1'/></graphics>",
);
const WILDCARD = domainXml("wild", "<graphics type='vnc' port='5902' autoport='no' listen='0.0.0.0'/>");
const SOCKET = domainXml("sock", "<graphics type='spice' autoport='no'><listen type='socket' socket='/tmp/spice.sock'/></graphics>");
const DBUS = domainXml(
  "dbus",
  "<graphics type='dbus' address='unix:path=/tmp/x,guid=1'/><graphics type='spice' port='5930' tlsPort='5931' autoport='no'/>" +
    "<graphics type='rdp' port='3389' autoport='no' listen='10.0.0.1'/>",
);
// A D-Bus address virsh cannot turn into a URI: named only when no display is found.
const TCP_DBUS = domainXml("tcp", "<graphics type='dbus' address='tcp:host=x'/>");

// Tunables set in the XML. Every IOThread is pinned: libvirt's test driver gives
// unpinned ones the real host's CPUs, virtwire's embedded one the test node's.
const TUNED =
  "<domain type='test'><name>tuned</name><memory>65536</memory><vcpu>2</vcpu><iothreads>2</iothreads>" +
  "<cputune><emulatorpin cpuset='1-2'/><iothreadpin iothread='1' cpuset='0'/><iothreadpin iothread='2' cpuset='3,5'/></cputune>" +
  "<numatune><memory mode='interleave' nodeset='0'/></numatune><perf><event name='cmt' enabled='yes'/></perf>" +
  "<os><type>hvm</type></os><devices/></domain>";

function withFiles(files: Record<string, string>, body: (dir: string) => Promise<unknown>): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), "virtwire-info-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test("domblklist, domiflist and domif-getlink read the domain XML as virsh does", async (t) => {
  await withFiles({ "rich.xml": RICH }, (dir) =>
    sameAsVirsh(
      t,
      `domblklist test; domblklist test --details --inactive; domiflist test; create ${dir}/rich.xml; domblklist rich; ` +
        "domblklist rich --details; domiflist rich; domiflist rich --inactive; domif-getlink rich 52:54:00:11:22:33; " +
        "domif-getlink rich 52:54:00:11:22:44 --config; domif-getlink rich A:B:C:D:E:F; domif-getlink rich testnet0; " +
        "domif-getlink rich vnet9; domif-getlink test AA:BB:CC:DD:EE:FF",
    ),
  );
});

test("domif-getlink: what virMacAddrParse takes for a MAC (else a device name)", async (t) => {
  await withFiles({ "rich.xml": RICH }, (dir) =>
    sameAsVirsh(
      t,
      // Not MACs: a blank before a part, three digits in one; MACs: a blank or any non-ASCII character after the last.
      `create ${dir}/rich.xml; domif-getlink rich ' 52:54:00:11:22:33'; domif-getlink rich '52: 54:00:11:22:33'; ` +
        "domif-getlink rich 52:54:000:11:22:33; domif-getlink rich '52:54:0:11:22:33 x'; domif-getlink rich 52:54:00:11:22:33é; " +
        "domif-getlink rich 52:54:00:11:22:33~",
    ),
  );
});

test("vcpucount: the table, single counts, and the option clashes", async (t) => {
  await withFiles({ "rich.xml": RICH }, (dir) =>
    sameAsVirsh(
      t,
      `vcpucount test; define ${dir}/rich.xml; vcpucount rich; vcpucount rich --maximum --config; vcpucount rich --live; ` +
        "vcpucount rich --current; vcpucount rich --current --maximum; start rich; vcpucount rich; vcpucount rich --active --live; " +
        "vcpucount test --guest; vcpucount test --active --maximum; vcpucount test --live --config; vcpucount test --guest --config",
    ),
  );
});

test("domcontrol, domblkerror and domfsinfo", async (t) => {
  await sameAsVirshOn(t, URI, ["domcontrol test; domblkerror test; domfsinfo test; destroy test; domcontrol test; domfsinfo test"], { quiet: true });
});

test("cpu-stats: per-CPU, total, --start and --count, and their range checks", async (t) => {
  await sameAsVirsh(
    t,
    "cpu-stats test; cpu-stats test --total; cpu-stats test --start 1; cpu-stats test --count 1; cpu-stats test --count 1 --total; " +
      "cpu-stats test --count 0; cpu-stats test --start 2; cpu-stats test --start -1; cpu-stats test --count -1; cpu-stats test --start x",
  );
});

test("iothreadinfo, emulatorpin (query and pin), numatune and perf (show and set)", async (t) => {
  await sameAsVirsh(
    t,
    "iothreadinfo test; iothreadinfo test --config; iothreadinfo test --live --current; emulatorpin test; emulatorpin test --config; " +
      "emulatorpin test 0-2; emulatorpin test; emulatorpin test r --config; emulatorpin test x; emulatorpin test 0-99; " +
      "numatune test; numatune test --mode foo; numatune test --mode interleave; numatune test --mode 0x1 --nodeset 0 --config; " +
      "numatune test --config; numatune test --mode -1 --nodeset 0; " +
      "perf test; perf test --enable cmt,,mbmt --disable cpu_cycles; perf test; perf test --disable cmt --config; perf test --current --live",
  );
});

test("the same commands on a domain with IOThreads, pins, NUMA and perf settings", async (t) => {
  await withFiles({ "tuned.xml": TUNED }, (dir) =>
    sameAsVirsh(
      t,
      `define ${dir}/tuned.xml; iothreadinfo tuned; emulatorpin tuned; numatune tuned; perf tuned; start tuned; iothreadinfo tuned; ` +
        "emulatorpin tuned --live; numatune tuned --live; perf tuned; emulatorpin tuned 0; emulatorpin tuned; emulatorpin tuned --config",
    ),
  );
});

test("domdisplay, vncdisplay and ttyconsole", async (t) => {
  await withFiles({ "rich.xml": RICH, "wild.xml": WILDCARD, "sock.xml": SOCKET, "dbus.xml": DBUS, "tcp.xml": TCP_DBUS }, (dir) =>
    sameAsVirsh(
      t,
      "domdisplay test; domdisplay test --type vnc; domdisplay test --all --type vnc; vncdisplay test; ttyconsole test; " +
        `create ${dir}/rich.xml; domdisplay rich; domdisplay rich --all; domdisplay rich --include-password --all; ` +
        "domdisplay rich --type spice --include-password; vncdisplay rich; " +
        `create ${dir}/wild.xml; domdisplay wild; vncdisplay wild; create ${dir}/sock.xml; domdisplay sock --type spice; ` +
        `create ${dir}/dbus.xml; domdisplay dbus; domdisplay dbus --all; domdisplay dbus --type rdp; create ${dir}/tcp.xml; ` +
        "domdisplay tcp; domdisplay tcp --type dbus; domfsinfo tcp; domblklist tcp; domiflist tcp; destroy test; domdisplay test; vncdisplay test",
    ),
  );
});

test("launch security, migration tunables and agent queries report the test driver's errors", async (t) => {
  await sameAsVirsh(
    t,
    "domlaunchsecinfo test; migrate-getspeed test; migrate-getspeed test --postcopy; migrate-getmaxdowntime test; " +
      "guestvcpus test; guestvcpus test --cpulist 1 --enable; guestvcpus test --enable; guestvcpus test --cpulist 1; " +
      "guestvcpus test --enable --disable; guestinfo test; guestinfo test --os --user --disk",
  );
});

test("empty option values are refused where virsh refuses them", async (t) => {
  await sameAsVirsh(
    t,
    "perf nosuch --enable ''; numatune test --mode ''; numatune test --nodeset ''; domdisplay test --type ''; " +
      "guestvcpus test --cpulist ''; domif-getlink nosuch ''; emulatorpin test --cpulist ''",
  );
});

test("help pages match virsh's", async (t) => {
  const names = ["domblklist", "domiflist", "vcpucount", "domif-getlink", "domcontrol", "domblkerror", "cpu-stats", "iothreadinfo", "emulatorpin", "numatune"];
  names.push("domdisplay", "vncdisplay", "ttyconsole", "perf", "domlaunchsecinfo", "migrate-getspeed", "migrate-getmaxdowntime", "guestvcpus", "guestinfo", "domfsinfo");
  await sameAsVirshOn(t, URI, [names.map((n) => `help ${n}`).join("; ")], { quiet: true });
});

test("JSON results", async () => {
  const cmds = ["domblklist test --details", "domiflist test", "domif-getlink test testnet0", "vcpucount test", "domblkerror test"];
  cmds.push("emulatorpin test", "numatune test", "cpu-stats test --start 1", "domfsinfo test");
  const r = await virtwire(["-c", URI, "--json", cmds.join("; ")]);
  assert.equal(r.code, 0, r.stderr);
  const [blk, ifs, link, vcpus, errs, pin, numa, stats, fs] = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as unknown);
  assert.deepEqual(blk, [{ type: "file", device: "disk", target: "vda", source: "/guest/diskimage1" }]);
  assert.deepEqual(ifs, [{ interface: "testnet0", type: "network", source: "default", model: null, mac: "aa:bb:cc:dd:ee:ff" }]);
  assert.deepEqual(link, { interface: "testnet0", state: "up" });
  assert.deepEqual(vcpus, { maximum: { config: 2, live: 2 }, current: { config: 2, live: 2 } });
  assert.deepEqual(errs, [{ disk: "vda", error: "unspecified error", code: 1 }]);
  assert.deepEqual(pin, { affinity: "0-7" });
  assert.deepEqual(numa, { numa_mode: "strict", numa_nodeset: "" });
  assert.deepEqual((stats as { cpus: { cpu: number }[] }).cpus.map((c) => c.cpu), [1]);
  assert.deepEqual(fs, [
    { mountpoint: "/", name: "vda1", fstype: "ext4", devalias: ["vda"] },
    { mountpoint: "/boot", name: "vda2", fstype: "ext4", devalias: ["vda"] },
  ]);
});

test("ttyconsole: the test driver keeps no tty, so it fails silently as virsh does", async (t) => {
  await withFiles({ "c.xml": domainXml("c", "<console type='pty' tty='/dev/pts/7'><target type='serial' port='0'/></console>") }, async (dir) => {
    await sameAsVirshOn(t, URI, [`create ${dir}/c.xml; ttyconsole c`], { quiet: true });
  });
});
