// Domain XML: what getXmlDescription gives back for definitions of several
// shapes (defaults filled in, generated uuid and MAC), with XML flags, and the
// errors of bad definitions.
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { Recorder, normDomainXml, normUuid, outcome, type Outcome } from "../record.js";
import { EventLog } from "../event-log.js";
import { expectErr, infoOf } from "./common.js";
import { ckptXml, momentXml, snapXml } from "./moments.js";
import { join } from "node:path";

const MINIMAL = `<domain type='test'><name>minimal</name><memory>1024</memory><os><type>hvm</type></os></domain>`;

const RICH = `<domain type='test'>
  <name>rich</name>
  <uuid>4dea22b3-1d52-d8f3-2516-782e98a23fa0</uuid>
  <title>A rich one</title>
  <description>Many devices</description>
  <memory unit='MiB'>512</memory>
  <currentMemory unit='MiB'>256</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <iothreads>2</iothreads>
  <os>
    <type arch='x86_64'>hvm</type>
    <boot dev='cdrom'/>
    <boot dev='hd'/>
  </os>
  <features><acpi/><apic/><pae/></features>
  <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>
  <clock offset='localtime'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>restart</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/images/rich.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <source file='/isos/install.iso'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <disk type='block' device='disk'>
      <source dev='/dev/sdb'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <interface type='network'>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:12:34:56'/>
      <source bridge='br0'/>
    </interface>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <input type='tablet' bus='usb'/>
    <graphics type='vnc' port='-1' autoport='yes' passwd='secret'/>
    <video><model type='vga' vram='16384' heads='1'/></video>
    <memballoon model='virtio'/>
  </devices>
</domain>`;

/** XML with the MAC of an interface given without one (and nothing else) normalised. */
const normRich = (x: string): string => normDomainXml(x, { mac: true });

export const defineXml: Scenario = {
  name: "define: domain XML round trip, flags, redefine and bad definitions",
  instance: "private",
  async run(env) {
    const r = new Recorder();
    const conn = await env.open();
    const log = await EventLog.attach(conn);
    const min = await conn.defineDomain(MINIMAL);
    r.alias(min.getUuidString(), "$UUID-minimal");
    r.set("minimal uuid", normUuid(min.getUuidString()));
    r.set("minimal id", min.getId());
    r.set("minimal xml", normDomainXml(await min.getXmlDescription(), { uuid: true }));
    r.set("events define minimal", await log.take());
    const rich = await conn.defineDomain(RICH);
    r.set("rich xml", normRich(await rich.getXmlDescription()));
    r.set("rich xml inactive secure", normRich(await rich.getXmlDescription(Domain.XML_INACTIVE | Domain.XML_SECURE)));
    r.set("rich xml migratable", await outcome(rich.getXmlDescription(Domain.XML_MIGRATABLE), normRich));
    await r.call("rich xml UPDATE_CPU", rich.getXmlDescription(Domain.XML_UPDATE_CPU));
    await r.call("start rich", rich.create());
    r.set("rich live xml", normRich(await rich.getXmlDescription()));
    r.set("rich live xml secure", normRich(await rich.getXmlDescription(Domain.XML_SECURE)));
    r.set("rich inactive xml while running", normRich(await rich.getXmlDescription(Domain.XML_INACTIVE)));
    r.set("rich vcpus", await outcome(rich.getVcpus(0)));
    r.set("rich max vcpus", await outcome(rich.getMaxVcpus()));
    r.set("rich info", await infoOf(rich));
    r.set("events start rich", await log.take());
    // Redefine while running: the new config waits for the next start.
    const changed = RICH.replace("<title>A rich one</title>", "<title>Changed</title>");
    await r.call("redefine running", conn.defineDomain(changed), (d) => d.getId());
    r.set("updated flag", await rich.isUpdated());
    r.set("live title", /<title>([^<]*)</.exec(await rich.getXmlDescription())?.[1] ?? null);
    r.set("config title", /<title>([^<]*)</.exec(await rich.getXmlDescription(Domain.XML_INACTIVE))?.[1] ?? null);
    r.set("events redefine", await log.take());
    await rich.destroy();
    r.set("title after restart", /<title>([^<]*)</.exec(await rich.getXmlDescription())?.[1] ?? null);
    await log.take();
    // Passwords: only secure XML shows them, in snapshots, checkpoints and save images too.
    const gfx = (o: Outcome<string | undefined>): unknown => ("ok" in o ? /<graphics[^>]*>/.exec(o.ok ?? "")?.[0] ?? null : o);
    await r.call("start rich again", rich.create());
    const rs = await rich.createSnapshot(snapXml("rs"));
    r.set("snapshot graphics", gfx(await momentXml(rs)));
    r.set("snapshot graphics secure", gfx(await momentXml(rs, 1)));
    await rs.delete();
    const rc = await rich.createCheckpoint(ckptXml("rc"));
    r.set("checkpoint graphics", gfx(await momentXml(rc)));
    r.set("checkpoint graphics secure", gfx(await momentXml(rc, 1)));
    await rc.delete();
    const image = join(env.scratch, "rich.save");
    await r.call("save rich", rich.save(image));
    r.set("image graphics", gfx(await outcome(conn.getSaveImageXmlDescription(image))));
    r.set("image graphics secure", gfx(await outcome(conn.getSaveImageXmlDescription(image, Domain.SAVE_IMAGE_XML_SECURE))));
    await r.call("restore rich", conn.restoreDomain(image));
    r.set("graphics after restore", gfx(await outcome(rich.getXmlDescription(Domain.XML_SECURE))));
    await r.call("destroy rich", rich.destroy());
    await log.take();
    // Errors.
    await r.call("duplicate name", conn.defineDomain(MINIMAL.replace("<name>", "<uuid>11111111-2222-4333-8444-555555555555</uuid><name>")));
    await r.call("duplicate uuid", conn.defineDomain(RICH.replace("<name>rich</name>", "<name>other</name>")));
    await r.call("malformed", conn.defineDomain("<domain type='test'><name>x</name>"));
    await r.call("not a domain", conn.defineDomain("<network/>"));
    await r.call("no name", conn.defineDomain("<domain type='test'><memory>1024</memory><os><type>hvm</type></os></domain>"));
    await r.call("wrong type", conn.defineDomain(MINIMAL.replace("type='test'", "type='kvm'").replace("minimal", "kvm1")));
    await r.call("no os type", conn.defineDomain("<domain type='test'><name>noos</name><memory>1024</memory></domain>"), (d) => d.getName());
    await r.call("bad uuid", conn.defineDomain(MINIMAL.replace("<name>minimal</name>", "<name>bu</name><uuid>zzz</uuid>")));
    await r.call("bad memory", conn.defineDomain(MINIMAL.replace("1024", "lots").replace("minimal", "bm")));
    await r.call("empty", conn.defineDomain(""));
    await r.call("define flags VALIDATE", conn.defineDomain(MINIMAL.replace("minimal", "validated"), Domain.DEFINE_VALIDATE), (d) => d.getName());
    r.set("events errors", await log.take());
    // Transient domains from XML.
    const tr = await conn.createDomain(MINIMAL.replace("minimal", "trans"));
    r.alias(tr.getUuidString(), "$UUID-trans");
    r.set("transient", { id: tr.getId(), persistent: await tr.isPersistent(), state: await tr.getState() });
    r.set("transient xml", normDomainXml(await tr.getXmlDescription(), { uuid: true }));
    await r.call("transient again", conn.createDomain(MINIMAL.replace("minimal", "trans")));
    await r.call("create over defined", conn.createDomain(MINIMAL), (d) => [d.getId(), d.getName()]);
    r.set("minimal after create", await outcome(min.isPersistent()));
    await r.call("transient START_PAUSED", conn.createDomain(MINIMAL.replace("minimal", "tp"), Domain.START_PAUSED));
    r.set("events transient", await log.take());
    await r.call("destroy transient", tr.destroy());
    await r.call("lookup transient", conn.getDomainByName("trans"));
    await r.call("undefine transient", tr.undefine());
    r.set("events destroy transient", await log.take());
    await r.call("start minimal", min.create());
    await r.call("undefine minimal running", min.undefine());
    r.set("minimal after undefine", { persistent: await outcome(min.isPersistent()), state: await outcome(min.getState()) });
    await r.call("destroy minimal", min.destroy());
    await r.call("lookup minimal", conn.getDomainByName("minimal"));
    r.set("events undefine", await log.take());
    return r.done();
  },
  known(t) {
    expectErr(t, "duplicate name", 9, 20);
    expectErr(t, "duplicate uuid", 9, 20);
    expectErr(t, "lookup transient", 42, 12);
  },
};
