// Domain XML of many element kinds: tuning blocks, OS boot variants,
// features, clock timers, and a zoo of devices, each defined, read back
// inactive and live, and compared. Implicit devices libvirt adds (controllers,
// serial behind a console, video) must match too.
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder, normDomainXml, outcome } from "../record.js";

const ZOO = `<domain type='test'>
  <name>zoo</name>
  <uuid>5a5a5a5a-0000-4000-8000-00000000200f</uuid>
  <genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90e</genid>
  <metadata><z:zoo xmlns:z='http://example.org/zoo'><animal kind='cat'/></z:zoo></metadata>
  <maxMemory slots='16' unit='KiB'>16777216</maxMemory>
  <memory unit='GiB'>2</memory>
  <currentMemory unit='MiB'>1024</currentMemory>
  <blkiotune><weight>800</weight><device><path>/dev/sda</path><weight>1000</weight></device></blkiotune>
  <memtune><hard_limit unit='KiB'>1048576</hard_limit><soft_limit unit='G'>1</soft_limit></memtune>
  <memoryBacking><hugepages/><nosharepages/></memoryBacking>
  <vcpu placement='static' cpuset='0-3,^2'>4</vcpu>
  <cputune>
    <shares>2048</shares>
    <period>1000000</period>
    <quota>-1</quota>
    <vcpupin vcpu='0' cpuset='1'/>
    <emulatorpin cpuset='0-1'/>
  </cputune>
  <numatune><memory mode='interleave' nodeset='0-1'/></numatune>
  <resource><partition>/machine</partition></resource>
  <sysinfo type='smbios'><bios><entry name='vendor'>Virtwire</entry></bios></sysinfo>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>/boot/vmlinuz</kernel>
    <initrd>/boot/initrd.img</initrd>
    <cmdline>console=ttyS0 root=/dev/vda1</cmdline>
    <bootmenu enable='yes' timeout='3000'/>
    <smbios mode='sysinfo'/>
    <bios useserial='yes' rebootTimeout='0'/>
  </os>
  <features>
    <acpi/>
    <apic eoi='on'/>
    <hyperv mode='custom'><relaxed state='on'/><spinlocks state='on' retries='8191'/></hyperv>
    <kvm><hidden state='on'/></kvm>
    <vmport state='off'/>
  </features>
  <cpu mode='host-model' check='partial'>
    <topology sockets='1' dies='1' cores='2' threads='2'/>
    <numa>
      <cell id='0' cpus='0-1' memory='1048576' unit='KiB'/>
      <cell id='1' cpus='2-3' memory='1048576' unit='KiB'/>
    </numa>
  </cpu>
  <clock offset='variable' adjustment='3600' basis='utc'>
    <timer name='rtc' tickpolicy='catchup'/>
    <timer name='pit' tickpolicy='delay'/>
    <timer name='hpet' present='no'/>
  </clock>
  <on_poweroff>preserve</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>coredump-restart</on_crash>
  <pm><suspend-to-mem enabled='no'/><suspend-to-disk enabled='yes'/></pm>
  <perf><event name='cmt' enabled='yes'/></perf>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw' cache='none' io='native'/>
      <source protocol='nbd' name='export'><host name='nbd.example.org' port='10809'/></source>
      <target dev='vdb' bus='virtio'/>
      <iotune><total_bytes_sec>10000000</total_bytes_sec></iotune>
      <serial>S0001</serial>
      <boot order='1'/>
    </disk>
    <disk type='file' device='disk'>
      <source file='/var/lib/images/zoo.img'/>
      <target dev='vda' bus='virtio'/>
      <shareable/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='sdc' bus='sata'/>
      <readonly/>
    </disk>
    <disk type='file' device='floppy'>
      <source file='/img/floppy.img'/>
      <target dev='fda' bus='fdc'/>
    </disk>
    <controller type='usb' model='qemu-xhci'/>
    <controller type='virtio-serial' index='0' ports='16'/>
    <controller type='pci' index='0' model='pci-root'/>
    <filesystem type='mount' accessmode='passthrough'>
      <source dir='/srv/share'/>
      <target dir='share'/>
    </filesystem>
    <interface type='user'>
      <mac address='52:54:00:aa:bb:01'/>
      <model type='e1000'/>
    </interface>
    <interface type='direct'>
      <mac address='52:54:00:aa:bb:02'/>
      <source dev='eth0' mode='bridge'/>
      <bandwidth><inbound average='1000' peak='5000' burst='1024'/><outbound average='128'/></bandwidth>
      <link state='down'/>
      <mtu size='9000'/>
    </interface>
    <interface type='network'>
      <source network='default' portgroup='pg1'/>
      <target dev='vnet7'/>
      <model type='virtio'/>
      <driver name='vhost' queues='2'/>
    </interface>
    <smartcard mode='passthrough' type='spicevmc'/>
    <console type='pty'/>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <channel type='spicevmc'>
      <target type='virtio' name='com.redhat.spice.0'/>
    </channel>
    <input type='keyboard' bus='usb'/>
    <input type='mouse' bus='ps2'/>
    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
    <graphics type='spice' autoport='yes'>
      <image compression='off'/>
    </graphics>
    <graphics type='vnc' port='5907' autoport='no' listen='127.0.0.1' keymap='en-us'/>
    <sound model='ich9'><codec type='micro'/></sound>
    <audio id='1' type='spice'/>
    <video><model type='qxl' heads='2'/></video>
    <video><model type='virtio'/></video>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source>
    </hostdev>
    <redirdev bus='usb' type='spicevmc'/>
    <hub type='usb'/>
    <watchdog model='i6300esb' action='reset'/>
    <memballoon model='virtio' autodeflate='on'>
      <stats period='10'/>
    </memballoon>
    <rng model='virtio'><rate bytes='1234' period='2000'/><backend model='random'>/dev/urandom</backend></rng>
    <panic model='isa'/>
    <shmem name='ivshmem0'><model type='ivshmem-plain'/><size unit='M'>4</size></shmem>
    <vsock model='virtio'><cid auto='yes'/></vsock>
  </devices>
  <seclabel type='dynamic' model='selinux' relabel='yes'/>
</domain>`;

/** Cases each defined alone: a name and the XML. */
const SMALL: [string, string][] = [
  ["xen pv", `<domain type='test'><name>pv</name><memory>1024</memory><os><type>xen</type></os></domain>`],
  ["linux os", `<domain type='test'><name>lx</name><memory>1024</memory><os><type>linux</type></os></domain>`],
  ["exe os", `<domain type='test'><name>exe</name><memory>1024</memory><os><type>exe</type><init>/bin/sh</init></os></domain>`],
  ["efi", `<domain type='test'><name>efi</name><memory>1024</memory><os firmware='efi'><type>hvm</type><loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader><nvram>/var/lib/nvram/efi.fd</nvram></os></domain>`],
  ["efi plain", `<domain type='test'><name>efp</name><memory>1024</memory><os firmware='efi'><type>hvm</type></os></domain>`],
  ["loader plain", `<domain type='test'><name>lp</name><memory>1024</memory><os><type>hvm</type><loader readonly='yes'>/l.fd</loader></os></domain>`],
  ["os and device boot", `<domain type='test'><name>odb</name><memory>1024</memory><os><type>hvm</type><boot dev='cdrom'/></os><devices><disk type='file'><source file='/a'/><target dev='vda'/><boot order='1'/></disk></devices></domain>`],
  ["kernel boot", `<domain type='test'><name>kb</name><memory>1024</memory><os><type>hvm</type><kernel>/k</kernel><cmdline>x</cmdline></os></domain>`],
  ["aarch64", `<domain type='test'><name>arm</name><memory>1024</memory><os><type arch='aarch64' machine='virt'>hvm</type></os></domain>`],
  ["unindexed controllers", `<domain type='test'><name>uc</name><memory>1024</memory><os><type>hvm</type></os><devices><controller type='usb'/><controller type='usb' index='3'/><controller type='usb'/><smartcard mode='host'/><smartcard mode='host'/></devices></domain>`],
  ["reserved ifnames", `<domain type='test'><name>ri</name><memory>1024</memory><os><type>hvm</type></os><devices><interface type='bridge'><mac address='52:54:00:00:00:0b'/><source bridge='br0'/><target dev='macvtap3'/></interface><interface type='user'><mac address='52:54:00:00:00:0c'/><target dev='foo0'/></interface></devices></domain>`],
  ["redirdev without usb", `<domain type='test'><name>rnu</name><memory>1024</memory><os><type>hvm</type></os><devices><redirdev bus='usb' type='spicevmc'/></devices></domain>`],
  ["usb hostdev", `<domain type='test'><name>uh</name><memory>1024</memory><os><type>hvm</type></os><devices><hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/><product id='0xbeef'/></source></hostdev><input type='tablet' bus='usb'/><hub type='usb'/></devices></domain>`],
  ["vcpu auto", `<domain type='test'><name>va</name><memory>1024</memory><vcpu placement='auto'>2</vcpu><os><type>hvm</type></os></domain>`],
  ["memory units", `<domain type='test'><name>mu</name><memory unit='b'>1048576000</memory><currentMemory unit='KB'>1000</currentMemory><os><type>hvm</type></os></domain>`],
  ["current above max", `<domain type='test'><name>cam</name><memory>1024</memory><currentMemory>4096</currentMemory><os><type>hvm</type></os></domain>`],
  ["zero memory", `<domain type='test'><name>zm</name><memory>0</memory><os><type>hvm</type></os></domain>`],
  ["vcpus current above max", `<domain type='test'><name>vc</name><memory>1024</memory><vcpu current='4'>2</vcpu><os><type>hvm</type></os></domain>`],
  ["bad lifecycle", `<domain type='test'><name>bl</name><memory>1024</memory><os><type>hvm</type></os><on_reboot>explode</on_reboot></domain>`],
  ["bad arch", `<domain type='test'><name>ba</name><memory>1024</memory><os><type arch='z80'>hvm</type></os></domain>`],
  ["duplicate disk target", `<domain type='test'><name>dd</name><memory>1024</memory><os><type>hvm</type></os><devices><disk type='file'><source file='/a'/><target dev='vda'/></disk><disk type='file'><source file='/b'/><target dev='vda'/></disk></devices></domain>`],
  ["disk without target", `<domain type='test'><name>dt</name><memory>1024</memory><os><type>hvm</type></os><devices><disk type='file'><source file='/a'/></disk></devices></domain>`],
  ["unknown device", `<domain type='test'><name>ud</name><memory>1024</memory><os><type>hvm</type></os><devices><gizmo/></devices></domain>`],
  ["bad mac", `<domain type='test'><name>bm</name><memory>1024</memory><os><type>hvm</type></os><devices><interface type='user'><mac address='zz:00'/></interface></devices></domain>`],
  ["multicast mac", `<domain type='test'><name>mm</name><memory>1024</memory><os><type>hvm</type></os><devices><interface type='user'><mac address='01:00:00:00:00:01'/></interface></devices></domain>`],
  ["name with slash", `<domain type='test'><name>a/b</name><memory>1024</memory><os><type>hvm</type></os></domain>`],
  ["name escapes", `<domain type='test'><name>a&amp;b &lt;c&gt; 'd'</name><memory>1024</memory><os><type>hvm</type></os></domain>`],
  ["unknown top element", `<domain type='test'><name>ut</name><memory>1024</memory><os><type>hvm</type></os><frobnicate/></domain>`],
  ["namespaced extra", `<domain type='test' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><name>nx</name><memory>1024</memory><os><type>hvm</type></os><qemu:commandline><qemu:arg value='-S'/></qemu:commandline></domain>`],
];

export const defineZoo: Scenario = {
  name: "define: a zoo of elements and devices, and small edge cases",
  instance: "private",
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const zoo = await r.call("define zoo", conn.defineDomain(ZOO));
    if (zoo) {
      // Interfaces defined without a MAC get a generated one (N2).
      const norm = (x: string): string => normDomainXml(x, { mac: true });
      r.set("zoo xml", norm(await zoo.getXmlDescription()));
      r.set("zoo xml secure", norm(await zoo.getXmlDescription(Domain.XML_SECURE)));
      await r.call("start zoo", zoo.create());
      r.set("zoo live xml", await outcome(zoo.getXmlDescription(), norm));
      r.set("zoo info", await outcome(zoo.getInfo(), (i) => [i.state, i.maxMem, i.memory, i.nrVirtCpu]));
      r.set("zoo vcpus", await outcome(zoo.getVcpus(0)));
      r.set("zoo iothreads", await outcome(zoo.getIothreadInfo(0), (l) => l.map((x) => x.number)));
      r.set("zoo blkio", await outcome(zoo.getBlkioParameters()));
      r.set("zoo memory params", await outcome(zoo.getMemoryParameters()));
      r.set("zoo numa", await outcome(zoo.getNumaParameters()));
      r.set("zoo iotune vdb", await outcome(zoo.getBlockIotune("vdb")));
      r.set("zoo interface vnet7", await outcome(zoo.getInterfaceParameters("vnet7")));
      r.set("zoo perf", await outcome(zoo.getPerfEvents(), (p) => p["cmt"]));
      r.set("zoo emulator pin", await outcome(zoo.getEmulatorPinInfo(), (b) => b.toString("hex")));
      r.set("zoo fs info", await outcome(zoo.getFsInfo()));
      r.set("zoo block info", await outcome(zoo.getBlockInfo("vdb")));
      r.set("zoo disk errors", await outcome(zoo.getDiskErrors()));
      await r.call("destroy zoo", zoo.destroy());
      await r.call("undefine zoo", zoo.undefine());
    }
    for (const [label, xml] of SMALL) {
      const d = await r.call(`define ${label}`, conn.defineDomain(xml));
      if (!d) continue;
      r.set(`${label} xml`, await outcome(d.getXmlDescription(), (x) => normDomainXml(x, { uuid: true, mac: true })));
      await r.call(`start ${label}`, d.create());
      r.set(`${label} state`, await outcome(d.getState()));
      await d.destroy().catch(() => undefined);
      await r.call(`undefine ${label}`, d.undefine());
    }
    return r.done();
  },
};
