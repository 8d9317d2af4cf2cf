// DomainDef -> XML in libvirt's element order and spelling.
import { escapeXml, serialize, type XElem } from "./xnode.js";
import { IOTUNE_FIELDS, type BandwidthRate, type Device, type DomainDef } from "./domain-def.js";
import { formatUuid } from "../uuid.js";

export interface FormatOptions {
  /** Include the runtime id (live definition of an active domain). */
  active: boolean;
  /** Indentation of the <domain> element (snapshots nest it). */
  indent?: number;
  /** VIR_DOMAIN_DEF_FORMAT_SECURE: include graphics passwords. */
  secure?: boolean;
}

class Buf {
  s = "";
  constructor(private readonly base: number) {}
  line(depth: number, t: string): void {
    this.s += `${" ".repeat(this.base + depth * 2)}${t}\n`;
  }
  raw(depth: number, e: XElem, doubleQuotes = false): void {
    this.s += serialize(e, this.base + depth * 2, { doubleQuotes });
  }
}

const q = (v: string | number | bigint) => `'${escapeXml(String(v))}'`;

export function formatDomain(def: DomainDef, opts: FormatOptions): string {
  const b = new Buf(opts.indent ?? 0);
  const id = opts.active && def.id >= 0 ? ` id=${q(def.id)}` : "";
  b.line(0, `<domain type=${q(def.virtType)}${id}>`);
  b.line(1, `<name>${escapeXml(def.name)}</name>`);
  b.line(1, `<uuid>${formatUuid(def.uuid)}</uuid>`);
  if (def.genid) b.raw(1, def.genid);
  if (def.title !== null) b.line(1, `<title>${escapeXml(def.title)}</title>`);
  if (def.description !== null) b.line(1, `<description>${escapeXml(def.description)}</description>`);
  if (def.metadata.length) {
    b.line(1, "<metadata>");
    for (const m of def.metadata) b.raw(2, m, true);
    b.line(1, "</metadata>");
  }
  if (def.maxMemory) b.raw(1, def.maxMemory);
  b.line(1, `<memory unit='KiB'>${def.memoryKiB}</memory>`);
  b.line(1, `<currentMemory unit='KiB'>${def.currentMemoryKiB}</currentMemory>`);
  formatBlkio(b, def);
  formatMemtune(b, def);
  if (def.memoryBacking) b.raw(1, def.memoryBacking);
  let vattrs = ` placement=${q(def.vcpuPlacement)}`;
  if (def.cpumask) vattrs += ` cpuset=${q(def.cpumask)}`;
  if (def.vcpuCurrent !== def.vcpuMax) vattrs += ` current=${q(def.vcpuCurrent)}`;
  b.line(1, `<vcpu${vattrs}>${def.vcpuMax}</vcpu>`);
  if (def.iothreadIds.length) {
    b.line(1, `<iothreads>${def.iothreadIds.length}</iothreads>`);
    if (def.iothreadIds.some((t) => !t.autofill)) {
      b.line(1, "<iothreadids>");
      for (const t of def.iothreadIds) b.line(2, `<iothread id=${q(t.id)}/>`);
      b.line(1, "</iothreadids>");
    }
  }
  formatCputune(b, def);
  if (def.numatune) {
    const n = def.numatune;
    b.line(1, "<numatune>");
    if (n.mode !== null) {
      let a = ` mode=${q(n.mode)}`;
      if (n.nodeset !== null) a += ` nodeset=${q(n.nodeset)}`;
      else if (n.placement !== null) a += ` placement=${q(n.placement)}`;
      b.line(2, `<memory${a}/>`);
    }
    for (const e of n.rest) b.raw(2, e);
    b.line(1, "</numatune>");
  }
  if (def.resource) b.raw(1, def.resource);
  for (const s of def.sysinfo) b.raw(1, s);
  const osAttrs = def.osAttrs.map(([k, v]) => ` ${k}=${q(v)}`).join("");
  b.line(1, `<os${osAttrs}>`);
  const machine = def.osMachine !== undefined ? ` machine=${q(def.osMachine)}` : "";
  b.line(2, `<type arch=${q(def.osArch)}${machine}>${escapeXml(def.osType)}</type>`);
  for (const e of def.osRest) b.raw(2, e);
  b.line(1, "</os>");
  if (def.features) b.raw(1, def.features);
  if (def.cpu) b.raw(1, def.cpu);
  b.raw(1, def.clock);
  b.line(1, `<on_poweroff>${def.onPoweroff}</on_poweroff>`);
  b.line(1, `<on_reboot>${def.onReboot}</on_reboot>`);
  b.line(1, `<on_crash>${def.onCrash}</on_crash>`);
  if (def.onLockfailure !== undefined) b.line(1, `<on_lockfailure>${escapeXml(def.onLockfailure)}</on_lockfailure>`);
  if (def.pm) b.raw(1, def.pm);
  if (def.perf.size) {
    b.line(1, "<perf>");
    for (const [name, on] of def.perf) b.line(2, `<event name=${q(name)} enabled=${q(on ? "yes" : "no")}/>`);
    b.line(1, "</perf>");
  }
  b.line(1, "<devices>");
  for (const d of def.devices) formatDevice(b, d, opts.secure ?? false);
  b.line(1, "</devices>");
  for (const s of def.seclabels) b.raw(1, s);
  if (def.keywrap) b.raw(1, def.keywrap);
  if (def.launchSecurity) b.raw(1, def.launchSecurity);
  b.line(0, "</domain>");
  return b.s;
}

function formatBlkio(b: Buf, def: DomainDef): void {
  if (def.blkioWeight === 0 && def.blkioDevices.length === 0) return;
  b.line(1, "<blkiotune>");
  if (def.blkioWeight) b.line(2, `<weight>${def.blkioWeight}</weight>`);
  for (const d of def.blkioDevices) {
    b.line(2, "<device>");
    b.line(3, `<path>${escapeXml(d.path)}</path>`);
    if (d.weight) b.line(3, `<weight>${d.weight}</weight>`);
    if (d.readIops) b.line(3, `<read_iops_sec>${d.readIops}</read_iops_sec>`);
    if (d.writeIops) b.line(3, `<write_iops_sec>${d.writeIops}</write_iops_sec>`);
    if (d.readBps) b.line(3, `<read_bytes_sec>${d.readBps}</read_bytes_sec>`);
    if (d.writeBps) b.line(3, `<write_bytes_sec>${d.writeBps}</write_bytes_sec>`);
    b.line(2, "</device>");
  }
  b.line(1, "</blkiotune>");
}

function formatMemtune(b: Buf, def: DomainDef): void {
  if (def.hardLimit === null && def.softLimit === null && def.swapHardLimit === null && !def.memtuneRest.length) return;
  b.line(1, "<memtune>");
  if (def.hardLimit !== null) b.line(2, `<hard_limit unit='KiB'>${def.hardLimit}</hard_limit>`);
  if (def.softLimit !== null) b.line(2, `<soft_limit unit='KiB'>${def.softLimit}</soft_limit>`);
  if (def.swapHardLimit !== null) b.line(2, `<swap_hard_limit unit='KiB'>${def.swapHardLimit}</swap_hard_limit>`);
  for (const e of def.memtuneRest) b.raw(2, e);
  b.line(1, "</memtune>");
}

function formatCputune(b: Buf, def: DomainDef): void {
  const pins = [...def.vcpuPins.entries()].sort((x, y) => x[0] - y[0]);
  const iopins = def.iothreadIds.filter((t) => t.cpuset !== null);
  if (!pins.length && !def.emulatorPin && !iopins.length && !def.cputuneRest.length) return;
  b.line(1, "<cputune>");
  for (const e of def.cputuneRest) b.raw(2, e);
  for (const [v, set] of pins) b.line(2, `<vcpupin vcpu=${q(v)} cpuset=${q(set)}/>`);
  if (def.emulatorPin) b.line(2, `<emulatorpin cpuset=${q(def.emulatorPin)}/>`);
  for (const t of iopins) b.line(2, `<iothreadpin iothread=${q(t.id)} cpuset=${q(t.cpuset!)}/>`);
  b.line(1, "</cputune>");
}

function rate(tag: string, r: BandwidthRate): string {
  let a = ` average=${q(r.average)}`;
  if (r.peak) a += ` peak=${q(r.peak)}`;
  if (r.floor) a += ` floor=${q(r.floor)}`;
  if (r.burst) a += ` burst=${q(r.burst)}`;
  return `<${tag}${a}/>`;
}

function attrsOf(a: [string, string][]): string {
  return a.map(([k, v]) => ` ${k}=${q(v)}`).join("");
}

// <interface> children after <source>, in the order libvirt writes them.
const NET_ORDER = [
  "vlan", "virtualport", "bandwidth", "ip", "route", "script", "downscript", "backenddomain", "target",
  "guest", "model", "driver", "backend", "filterref", "tune", "teaming", "link", "mtu", "coalesce",
  "portForward", "boot", "alias", "address", "rom", "acpi",
];

// <disk> children in the order libvirt writes them.
const DISK_ORDER = [
  "driver", "auth", "source", "backingStore", "backenddomain", "geometry", "blockio", "mirror", "target",
  "iotune", "readonly", "shareable", "transient", "serial", "wwn", "vendor", "product", "encryption",
  "boot", "alias", "acpi", "address",
];

/** Position of a child in `order`; ones libvirt does not know go before <boot>. */
function rankIn(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.indexOf("boot") - 0.5 : i;
}

const netRank = (name: string): number => rankIn(NET_ORDER, name);
const diskRank = (name: string): number => rankIn(DISK_ORDER, name);

/** Writes parts by rank, keeping document order among equals. */
function inOrder(parts: { rank: number; out: () => void }[]): void {
  parts.map((p, i) => ({ p, i })).sort((x, y) => x.p.rank - y.p.rank || x.i - y.i).forEach((x) => x.p.out());
}

function formatDevice(b: Buf, d: Device, secure: boolean): void {
  switch (d.kind) {
    case "other":
      // A graphics password is shown only to callers asking for secure data.
      if (!secure && d.el.name === "graphics") b.raw(2, { ...d.el, attrs: d.el.attrs.filter(([k]) => k !== "passwd") });
      // libvirt writes an empty redirdev as an open and a close tag.
      else if (d.el.name === "redirdev" && d.el.children.every((c) => typeof c === "string" && c.trim() === "")) {
        b.line(2, `<redirdev${attrsOf(d.el.attrs)}>`);
        b.line(2, "</redirdev>");
      } else b.raw(2, d.el);
      return;
    case "disk": {
      b.line(2, `<disk${attrsOf(d.attrs)}>`);
      const parts: { rank: number; out: () => void }[] = d.rest.map((c) => ({ rank: diskRank(c.name), out: () => b.raw(3, c) }));
      const set = IOTUNE_FIELDS.filter((f) => d.iotune[f] !== undefined && d.iotune[f] !== 0n && d.iotune[f] !== "");
      if (set.length) {
        parts.push({
          rank: diskRank("iotune"),
          out: () => {
            b.line(3, "<iotune>");
            for (const f of set) b.line(4, `<${f}>${escapeXml(String(d.iotune[f]))}</${f}>`);
            b.line(3, "</iotune>");
          },
        });
      }
      inOrder(parts);
      b.line(2, "</disk>");
      return;
    }
    case "interface": {
      b.line(2, `<interface${attrsOf(d.attrs)}>`);
      b.line(3, `<mac address=${q(d.mac)}/>`);
      if (d.source) b.raw(3, d.source);
      // The other children in libvirt's order; ones it does not know go before <boot>.
      const parts: { rank: number; out: () => void }[] = d.rest.map((c) => ({ rank: netRank(c.name), out: () => b.raw(3, c) }));
      if (d.bandwidth && (d.bandwidth.in || d.bandwidth.out)) {
        const bw = d.bandwidth;
        parts.push({
          rank: netRank("bandwidth"),
          out: () => {
            b.line(3, "<bandwidth>");
            if (bw.in) b.line(4, rate("inbound", bw.in));
            if (bw.out) b.line(4, rate("outbound", bw.out));
            b.line(3, "</bandwidth>");
          },
        });
      }
      const ifname = d.ifname;
      if (ifname) parts.push({ rank: netRank("target"), out: () => b.line(3, `<target dev=${q(ifname)}/>`) });
      const model = d.model;
      if (model) parts.push({ rank: netRank("model"), out: () => b.raw(3, model) });
      const address = d.address;
      if (address) parts.push({ rank: netRank("address"), out: () => b.raw(3, address) });
      inOrder(parts);
      b.line(2, "</interface>");
      return;
    }
    case "memballoon": {
      const kids = d.period > 0 || d.rest.length > 0 || d.address !== undefined;
      if (!kids) {
        b.line(2, `<memballoon${attrsOf(d.attrs)}/>`);
        return;
      }
      b.line(2, `<memballoon${attrsOf(d.attrs)}>`);
      if (d.period > 0) b.line(3, `<stats period=${q(d.period)}/>`);
      for (const c of d.rest) b.raw(3, c);
      if (d.address) b.raw(3, d.address);
      b.line(2, "</memballoon>");
      return;
    }
  }
}
