// Domain XML -> DomainDef, with libvirt 9.0's defaults and error reports for
// the fields the test driver models.
import { randomBytes } from "node:crypto";
import { ErrCode, ErrDomain, rawErr, virErr } from "../errors.js";
import { parseUuid, randomUuid } from "../uuid.js";
import { formatSet, parseSet } from "../bitmap.js";
import { attr, child, childText, el, elems, localName, parseRoot, text, type XElem } from "./xnode.js";
import { invalidValue, parseScaledKiB, parseUInt, parseUIntNum } from "./units.js";
import { DEVICE_ORDER, type BandwidthRate, type BlkioDevice, type Device, type DiskDevice, type DomainDef, type IoTune, type NetDevice, type TestNs } from "./domain-def.js";
import { IOTUNE_FIELDS, PERF_EVENTS } from "./domain-def.js";
import { applyDeviceDefaults } from "./device-defaults.js";
import { checkDiskTargets, checkUsb, insertDisk, numberControllers } from "./device-list.js";

export const TEST_NS_URI = "http://libvirt.org/schemas/domain/test/1.0";

const VIRT_TYPES = new Set([
  "none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test", "vmware",
  "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz",
]);
const OS_TYPES = new Set(["hvm", "xen", "linux", "exe", "uml", "xenpvh"]);
// The <os> children in the order libvirt writes them.
const OS_ORDER = [
  "init", "initarg", "initenv", "initdir", "inituser", "initgroup", "firmware", "loader", "nvram",
  "kernel", "initrd", "cmdline", "shim", "dtb", "root", "acpi", "boot", "bootmenu", "bios", "smbios",
];
// Architecture names libvirt knows (virArch).
const ARCHES = new Set([
  "i686", "x86_64", "aarch64", "alpha", "armv6l", "armv7l", "armv7b", "cris", "loongarch64", "lm32",
  "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc",
  "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x",
  "sh4", "sh4eb", "sparc", "sparc64", "unicore32", "xtensa", "xtensaeb",
]);
const LIFECYCLE = new Set(["destroy", "restart", "rename-restart", "preserve"]);
const CRASH = new Set([...LIFECYCLE, "coredump-destroy", "coredump-restart"]);

export interface ParseOptions {
  /** Where the XML came from, for libvirt-style parser messages. */
  url?: string;
}

export function parseDomainXml(xml: string, opts: ParseOptions = {}): DomainDef {
  const root = parseRoot(xml, opts.url ?? "domain_definition", "domain", ErrDomain.DOMAIN);
  return parseDomainElem(root);
}

function dErr(code: number, detail?: string): Error {
  return virErr(code, ErrDomain.DOMAIN, detail);
}

/** Prefixes bound to the test driver's namespace on the root element. */
function testPrefixes(root: XElem): Set<string> {
  const s = new Set<string>();
  for (const [k, v] of root.attrs) if (k.startsWith("xmlns:") && v === TEST_NS_URI) s.add(k.slice(6));
  return s;
}

export function parseDomainElem(root: XElem): DomainDef {
  const virtType = attr(root, "type");
  if (virtType === undefined) throw dErr(ErrCode.INTERNAL_ERROR, "missing domain type attribute");
  if (!VIRT_TYPES.has(virtType)) throw dErr(ErrCode.CONFIG_UNSUPPORTED, `invalid domain type ${virtType}`);

  const name = childText(root, "name")?.trim();
  if (!name) throw virErr(ErrCode.NO_NAME, ErrDomain.DOMAIN);
  if (name.includes("/")) throw dErr(ErrCode.XML_ERROR, `name ${name} cannot contain '/'`);

  const uuidText = childText(root, "uuid");
  let uuid: Uint8Array;
  if (uuidText === undefined) uuid = randomUuid();
  else {
    const u = parseUuid(uuidText);
    if (!u) throw dErr(ErrCode.INTERNAL_ERROR, "malformed uuid element");
    uuid = u;
  }

  const memEl = child(root, "memory");
  let memoryKiB = 0n;
  if (memEl) memoryKiB = parseScaledKiB(text(memEl), attr(memEl, "unit"), "./memory[1]");
  if (memoryKiB === 0n) throw dErr(ErrCode.XML_ERROR, "Memory size must be specified via <memory> or in the <numa> configuration");
  const curEl = child(root, "currentMemory");
  let cur = curEl ? parseScaledKiB(text(curEl), attr(curEl, "unit"), "./currentMemory[1]") : 0n;
  if (cur === 0n || cur > memoryKiB) cur = memoryKiB;

  const vcpuEl = child(root, "vcpu");
  let vcpuMax = 1;
  let vcpuCurrent = 1;
  let vcpuPlacement = "static";
  let cpumask: string | null = null;
  if (vcpuEl) {
    const t = text(vcpuEl).trim();
    if (!/^\d+$/.test(t)) throw dErr(ErrCode.XML_ERROR, "maximum vcpus count must be an integer");
    vcpuMax = Number(t);
    const c = attr(vcpuEl, "current");
    if (c !== undefined) {
      if (!/^\d+$/.test(c.trim())) throw dErr(ErrCode.XML_ERROR, "current vcpus count must be an integer");
      vcpuCurrent = Number(c);
    } else vcpuCurrent = vcpuMax;
    if (vcpuMax === 0) throw dErr(ErrCode.INTERNAL_ERROR, "CPU IDs in <numa> exceed the <vcpu> count");
    if (vcpuCurrent > vcpuMax) throw dErr(ErrCode.CONFIG_UNSUPPORTED, "maximum vCPU count must not be less than current vCPU count");
    if (vcpuCurrent === 0) vcpuCurrent = vcpuMax;
    const pl = attr(vcpuEl, "placement");
    if (pl !== undefined) {
      if (pl !== "static" && pl !== "auto") throw dErr(ErrCode.CONFIG_UNSUPPORTED, `Unsupported CPU placement mode '${pl}'`);
      vcpuPlacement = pl;
    }
    const cs = attr(vcpuEl, "cpuset");
    if (cs !== undefined) cpumask = canonSet(cs, "cpuset");
  }

  const osEl = child(root, "os");
  const typeEl = osEl ? child(osEl, "type") : undefined;
  if (!osEl || !typeEl) throw dErr(ErrCode.XML_ERROR, "an os <type> must be specified");
  const osType = text(typeEl).trim();
  if (!OS_TYPES.has(osType)) throw dErr(ErrCode.CONFIG_UNSUPPORTED, `unknown OS type '${osType}'`);
  const osArch = attr(typeEl, "arch") ?? "i686";
  if (!ARCHES.has(osArch)) throw dErr(ErrCode.CONFIG_UNSUPPORTED, `Unknown architecture ${osArch}`);
  const osRest = parseOsChildren(osEl, osType, root);

  const lifecycle = (tag: string, allowed: Set<string>, dflt: string): string => {
    const v = childText(root, tag)?.trim();
    if (v === undefined) return dflt;
    if (!allowed.has(v)) throw dErr(ErrCode.CONFIG_UNSUPPORTED, `unknown ${tag} action: ${v}`);
    return v;
  };

  // Automatic vCPU placement implies automatic memory placement.
  const autoNuma = vcpuPlacement === "auto" && !child(root, "numatune");

  const def: DomainDef = {
    virtType,
    id: -1,
    name,
    uuid,
    genid: child(root, "genid"),
    title: childText(root, "title") ?? null,
    description: childText(root, "description") ?? null,
    metadata: child(root, "metadata") ? elems(child(root, "metadata")!) : [],
    maxMemory: child(root, "maxMemory"),
    memoryKiB: Number(memoryKiB),
    currentMemoryKiB: Number(cur),
    blkioWeight: 0,
    blkioDevices: [],
    hardLimit: null,
    softLimit: null,
    swapHardLimit: null,
    memtuneRest: [],
    memoryBacking: child(root, "memoryBacking"),
    vcpuMax,
    vcpuCurrent,
    vcpuPlacement,
    cpumask,
    vcpuPins: new Map(),
    emulatorPin: null,
    iothreadIds: [],
    cputuneRest: [],
    numatune: null,
    resource: child(root, "resource"),
    sysinfo: elems(root, "sysinfo"),
    osType,
    osArch,
    osMachine: attr(typeEl, "machine"),
    osRest,
    osAttrs: osEl.attrs,
    features: child(root, "features"),
    cpu: canonCpu(child(root, "cpu")),
    clock: child(root, "clock") ?? el("clock", [["offset", "utc"]]),
    onPoweroff: lifecycle("on_poweroff", LIFECYCLE, "destroy"),
    onReboot: lifecycle("on_reboot", LIFECYCLE, "restart"),
    onCrash: lifecycle("on_crash", CRASH, "destroy"),
    onLockfailure: childText(root, "on_lockfailure"),
    pm: child(root, "pm"),
    perf: new Map(),
    devices: [],
    seclabels: elems(root, "seclabel"),
    keywrap: child(root, "keywrap"),
    launchSecurity: child(root, "launchSecurity"),
    test: parseTestNs(root),
  };
  parseTunables(root, def);
  if (autoNuma) def.numatune = { mode: "strict", nodeset: null, placement: "auto", rest: [] };
  parseDevices(root, def);
  return def;
}

/** The <os> children after <type>, in libvirt's order, with its defaults. */
function parseOsChildren(osEl: XElem, osType: string, root: XElem): XElem[] {
  const firmware = attr(osEl, "firmware");
  const rest = elems(osEl)
    .filter((e) => e.name !== "type")
    .map((e) => {
      if (e.name !== "loader") return e;
      if (firmware !== undefined && attr(e, "readonly") !== undefined) {
        throw rawErr(ErrCode.XML_DETAIL, ErrDomain.DOMAIN, "loader attribute 'readonly' cannot be specified when firmware autoselection is enabled");
      }
      // A loader named without a type is a ROM.
      return firmware === undefined && attr(e, "type") === undefined ? { ...e, attrs: [...e.attrs, ["type", "rom"] as [string, string]] } : e;
    });
  // Devices carrying <boot order> replace <os><boot>; with neither, hvm boots from disk.
  const devices = child(root, "devices");
  const deviceBoot = devices ? elems(devices).some((d) => child(d, "boot") !== undefined) : false;
  if (deviceBoot && rest.some((e) => e.name === "boot")) {
    throw dErr(ErrCode.CONFIG_UNSUPPORTED, "per-device boot elements cannot be used together with os/boot elements");
  }
  if (osType === "hvm" && !deviceBoot && !rest.some((e) => e.name === "boot")) rest.push(el("boot", [["dev", "hd"]]));
  const rank = (e: XElem): number => {
    const i = OS_ORDER.indexOf(e.name);
    return i < 0 ? OS_ORDER.length : i;
  };
  return rest.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map((x) => x.e);
}

/** A custom CPU model without fallback gets fallback='allow'. */
function canonCpu(cpu: XElem | undefined): XElem | undefined {
  if (!cpu) return cpu;
  const mode = attr(cpu, "mode") ?? "custom";
  if (mode !== "custom") return cpu;
  return {
    ...cpu,
    children: cpu.children.map((c) =>
      typeof c !== "string" && c.name === "model" && attr(c, "fallback") === undefined ? { ...c, attrs: [...c.attrs, ["fallback", "allow"]] } : c,
    ),
  };
}

function canonSet(s: string, what: string): string {
  const set = parseSet(s);
  if (!set) throw dErr(ErrCode.XML_ERROR, `Invalid value '${s}' for ${what}`);
  return formatSet(set);
}

function parseTunables(root: XElem, def: DomainDef): void {
  const blk = child(root, "blkiotune");
  if (blk) {
    const w = childText(blk, "weight");
    if (w !== undefined) def.blkioWeight = parseUIntNum(w, "./blkiotune/weight");
    for (const d of elems(blk, "device")) {
      const dev: BlkioDevice = { path: childText(d, "path") ?? "", weight: 0, readIops: 0, writeIops: 0, readBps: 0n, writeBps: 0n };
      const num = (n: string) => childText(d, n);
      if (num("weight") !== undefined) dev.weight = parseUIntNum(num("weight")!, "weight");
      if (num("read_iops_sec") !== undefined) dev.readIops = parseUIntNum(num("read_iops_sec")!, "read_iops_sec");
      if (num("write_iops_sec") !== undefined) dev.writeIops = parseUIntNum(num("write_iops_sec")!, "write_iops_sec");
      if (num("read_bytes_sec") !== undefined) dev.readBps = parseUInt(num("read_bytes_sec")!, "read_bytes_sec");
      if (num("write_bytes_sec") !== undefined) dev.writeBps = parseUInt(num("write_bytes_sec")!, "write_bytes_sec");
      def.blkioDevices.push(dev);
    }
  }
  const mt = child(root, "memtune");
  if (mt) {
    for (const e of elems(mt)) {
      const kib = () => parseScaledKiB(text(e), attr(e, "unit"), `./memtune/${e.name}`);
      if (e.name === "hard_limit") def.hardLimit = kib();
      else if (e.name === "soft_limit") def.softLimit = kib();
      else if (e.name === "swap_hard_limit") def.swapHardLimit = kib();
      else def.memtuneRest.push(e);
    }
  }
  const iot = childText(root, "iothreads");
  let nIothreads = 0;
  if (iot !== undefined) nIothreads = parseUIntNum(iot, "./iothreads[1]");
  const ids = child(root, "iothreadids");
  if (ids) {
    for (const t of elems(ids, "iothread")) {
      const id = parseUIntNum(attr(t, "id") ?? "", "id");
      if (id === 0) throw dErr(ErrCode.XML_ERROR, "invalid iothread 'id' value '0'");
      if (def.iothreadIds.some((x) => x.id === id)) throw dErr(ErrCode.XML_ERROR, `duplicate iothread id '${id}' found`);
      def.iothreadIds.push({ id, cpuset: null, autofill: false });
    }
  }
  // <iothreads>N</iothreads> without ids: libvirt numbers the missing ones from 1.
  for (let next = 1; def.iothreadIds.length < nIothreads; next++) {
    if (!def.iothreadIds.some((x) => x.id === next)) def.iothreadIds.push({ id: next, cpuset: null, autofill: true });
  }
  const ct = child(root, "cputune");
  if (ct) {
    for (const e of elems(ct)) {
      if (e.name === "vcpupin") {
        const v = parseUIntNum(attr(e, "vcpu") ?? "", "vcpu");
        if (v >= def.vcpuMax) throw dErr(ErrCode.CONFIG_UNSUPPORTED, "vcpupin id must be lower than maximum vcpu count");
        def.vcpuPins.set(v, canonSet(attr(e, "cpuset") ?? "", "cpuset"));
      } else if (e.name === "emulatorpin") def.emulatorPin = canonSet(attr(e, "cpuset") ?? "", "cpuset");
      else if (e.name === "iothreadpin") {
        const id = parseUIntNum(attr(e, "iothread") ?? "", "iothread");
        const t = def.iothreadIds.find((x) => x.id === id);
        if (!t) throw dErr(ErrCode.XML_ERROR, `Cannot find 'iothread' : ${id}`);
        t.cpuset = canonSet(attr(e, "cpuset") ?? "", "cpuset");
      } else def.cputuneRest.push(e);
    }
  }
  const nt = child(root, "numatune");
  if (nt) {
    const mem = child(nt, "memory");
    def.numatune = {
      mode: mem ? attr(mem, "mode") ?? "strict" : null,
      nodeset: mem && attr(mem, "nodeset") !== undefined ? canonSet(attr(mem, "nodeset")!, "nodeset") : null,
      placement: mem ? attr(mem, "placement") ?? null : null,
      rest: elems(nt).filter((e) => e.name !== "memory"),
    };
  }
  const perf = child(root, "perf");
  if (perf) {
    for (const e of elems(perf, "event")) {
      const n = attr(e, "name") ?? "";
      if (!(PERF_EVENTS as readonly string[]).includes(n)) throw dErr(ErrCode.CONFIG_UNSUPPORTED, `Unknown perf event '${n}'`);
      def.perf.set(n, attr(e, "enabled") === "yes");
    }
  }
}

function parseDevices(root: XElem, def: DomainDef): void {
  const devs = child(root, "devices");
  if (!devs) return;
  const list = elems(devs)
    .filter((e) => DEVICE_ORDER.includes(e.name))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => DEVICE_ORDER.indexOf(a.e.name) - DEVICE_ORDER.indexOf(b.e.name) || a.i - b.i)
    .map((x) => x.e);
  for (const e of list) {
    const d = parseDevice(e);
    if (d.kind === "disk") insertDisk(def.devices, d);
    else def.devices.push(d);
  }
  checkDiskTargets(def);
  numberControllers(def);
  checkUsb(def);
  assignIfnames(def);
  applyDeviceDefaults(def);
}

function parseDevice(e: XElem): Device {
  switch (e.name) {
    case "disk":
      return parseDisk(e);
    case "interface":
      return parseNet(e);
    case "memballoon": {
      const model = attr(e, "model");
      if (model === undefined) throw virErr(ErrCode.XML_ERROR, ErrDomain.XML, "Missing required attribute 'model' in element 'memballoon'");
      const stats = child(e, "stats");
      return {
        kind: "memballoon",
        model,
        period: stats ? parseUIntNum(attr(stats, "period") ?? "0", "period") : 0,
        rest: elems(e).filter((c) => c.name !== "stats" && c.name !== "address"),
        address: canonAddress(child(e, "address")),
        attrs: e.attrs,
      };
    }
    default:
      return { kind: "other", el: e };
  }
}

// The <source> attribute holding the path of each local storage type.
const LOCAL_PATH_ATTR: Record<string, string> = { file: "file", block: "dev", dir: "dir" };
const PATH_ATTRS = new Set(Object.values(LOCAL_PATH_ATTR));
// Device types allowed on a device='lun' disk.
const LUN_TYPES = new Set(["block", "volume", "network"]);

function parseDisk(e: XElem): DiskDevice {
  let src = child(e, "source");
  // A disk without <source> is an empty file disk, whatever type it names.
  const type = src ? attr(e, "type") ?? "file" : "file";
  const device = attr(e, "device") ?? "disk";
  const pathAttr = LOCAL_PATH_ATTR[type];
  if (type === "network" && src && attr(src, "protocol") === undefined) {
    throw virErr(ErrCode.XML_ERROR, ErrDomain.XML, "Missing required attribute 'protocol' in element 'source'");
  }
  let srcPath: string | null;
  if (src && pathAttr) {
    srcPath = attr(src, pathAttr) || null;
    // Only the type's own path attribute counts, and an empty one is none.
    src = { ...src, attrs: src.attrs.filter(([k]) => !PATH_ATTRS.has(k) || (k === pathAttr && srcPath !== null)) };
  } else srcPath = src ? attr(src, "name") ?? attr(src, "volume") ?? null : null;
  // A <source> left with nothing to say is not written.
  if (src && !src.attrs.length && !elems(src).length) src = undefined;
  const target = child(e, "target");
  const dst = target ? attr(target, "dev") : undefined;
  if (!dst) throw rawErr(ErrCode.NO_TARGET, ErrDomain.DOMAIN, `missing target information for device ${srcPath ?? ""}`);
  if (device === "lun" && !LUN_TYPES.has(type)) throw dErr(ErrCode.CONFIG_UNSUPPORTED, "disk device='lun' is only valid for block type disk source");
  // Only removable media may be empty.
  if (device === "disk" && pathAttr && srcPath === null) throw rawErr(ErrCode.NO_SOURCE, ErrDomain.DOMAIN, `missing source information for device ${dst}`);
  const iotune: IoTune = {};
  const io = child(e, "iotune");
  if (io) {
    for (const f of elems(io)) {
      if (f.name === "group_name") iotune.group_name = text(f);
      else if ((IOTUNE_FIELDS as readonly string[]).includes(f.name)) iotune[f.name] = parseUInt(text(f), `./iotune/${f.name}`);
    }
  }
  const attrs: [string, string][] = [["type", type], ["device", device], ...e.attrs.filter(([k]) => k !== "type" && k !== "device")];
  const rest = elems(e).flatMap((c) => (c.name === "iotune" ? [] : c.name === "source" ? (src ? [src] : []) : [c.name === "address" ? canonAddress(c)! : c]));
  // A CD-ROM is always read-only.
  if (device === "cdrom" && !child(e, "readonly")) rest.push(el("readonly"));
  return { kind: "disk", type, device, dst, bus: attr(target!, "bus"), src: srcPath, iotune, rest, attrs };
}

function parseRate(e: XElem | undefined): BandwidthRate | null {
  if (!e) return null;
  const n = (k: string) => (attr(e, k) !== undefined ? parseUIntNum(attr(e, k)!, k) : 0);
  return { average: n("average"), peak: n("peak"), burst: n("burst"), floor: n("floor") };
}

function parseNet(e: XElem): NetDevice {
  const type = attr(e, "type") ?? "user";
  const macEl = child(e, "mac");
  let mac: string;
  if (macEl) {
    const a = (attr(macEl, "address") ?? "").toLowerCase();
    if (!/^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/.test(a)) throw dErr(ErrCode.XML_ERROR, `unable to parse mac address '${attr(macEl, "address") ?? ""}'`);
    mac = a.split(":").map((x) => x.padStart(2, "0")).join(":");
    if (parseInt(mac.slice(0, 2), 16) & 1) throw dErr(ErrCode.XML_ERROR, `expected unicast mac address, found multicast '${attr(macEl, "address") ?? ""}'`);
  } else mac = randomMac();
  let source = child(e, "source");
  let network: string | undefined;
  if (type === "network") {
    if (!source || attr(source, "network") === undefined) throw dErr(ErrCode.XML_ERROR, "interface type='network' requires a 'source' element");
    network = attr(source, "network");
    source = el("source", [["network", network], ["portgroup", attr(source, "portgroup")]]);
  } else if (type === "user") source = undefined;
  const target = child(e, "target");
  const bw = child(e, "bandwidth");
  return {
    kind: "interface",
    type,
    mac,
    network,
    // Names with the prefixes libvirt generates itself are dropped (and made anew).
    ifname: target && !/^(vnet|macvtap|macvlan)/.test(attr(target, "dev") ?? "") ? attr(target, "dev") ?? null : null,
    bandwidth: bw ? { in: parseRate(child(bw, "inbound")), out: parseRate(child(bw, "outbound")) } : null,
    source,
    model: child(e, "model"),
    rest: elems(e).filter((c) => !["mac", "source", "target", "model", "address", "bandwidth"].includes(c.name)),
    address: canonAddress(child(e, "address")),
    attrs: [["type", type], ...e.attrs.filter(([k]) => k !== "type")],
  };
}

function randomMac(): string {
  const b = randomBytes(3);
  return `52:54:00:${[...b].map((x) => x.toString(16).padStart(2, "0")).join(":")}`;
}

/** Interfaces without a target name get the first free testnetN. */
export function assignIfnames(def: DomainDef): void {
  const nets = def.devices.filter((d): d is NetDevice => d.kind === "interface");
  for (const n of nets) {
    if (n.ifname) continue;
    for (let i = 0; ; i++) {
      const cand = `testnet${i}`;
      if (!nets.some((o) => o.ifname === cand)) {
        n.ifname = cand;
        break;
      }
    }
  }
}

/** PCI addresses are re-spelt canonically (slot='0x1' -> '0x01'). */
function canonAddress(a: XElem | undefined): XElem | undefined {
  if (!a || attr(a, "type") !== "pci") return a;
  const num = (k: string) => {
    const v = attr(a, k);
    if (v === undefined) return 0;
    const n = Number(v.startsWith("0x") ? parseInt(v.slice(2), 16) : parseInt(v, 10));
    if (!Number.isFinite(n)) throw invalidValue(v, k);
    return n;
  };
  const hex = (n: number, w: number) => `0x${n.toString(16).padStart(w, "0")}`;
  const extra = a.attrs.filter(([k]) => !["type", "domain", "bus", "slot", "function"].includes(k));
  return el(
    "address",
    [
      ["type", "pci"],
      ["domain", hex(num("domain"), 4)],
      ["bus", hex(num("bus"), 2)],
      ["slot", hex(num("slot"), 2)],
      ["function", hex(num("function"), 1)],
      ...extra,
    ],
    a.children,
  );
}

function parseTestNs(root: XElem): TestNs {
  const pfx = testPrefixes(root);
  const ns: TestNs = { runstate: 1, transient: false, hasManagedSave: false, snapshots: [] };
  if (pfx.size === 0) return ns;
  const mine = elems(root).filter((e) => {
    const i = e.name.indexOf(":");
    return i > 0 && pfx.has(e.name.slice(0, i));
  });
  const tErr = (m: string) => virErr(ErrCode.XML_ERROR, ErrDomain.TEST, m);
  for (const e of mine) {
    const n = localName(e.name);
    if (n === "transient") ns.transient = true;
    else if (n === "hasmanagedsave") ns.hasManagedSave = true;
    else if (n === "domainsnapshot") ns.snapshots.push(e);
  }
  const rs = mine.find((e) => localName(e.name) === "runstate");
  if (rs) {
    const t = text(rs).trim();
    if (!/^\d+$/.test(t)) throw tErr("invalid runstate");
    const v = Number(t);
    if (v >= 8) throw tErr(`runstate '${v}' out of range'`);
    ns.runstate = v;
  }
  if (ns.transient && ns.runstate === 5) throw tErr("transient domain cannot have runstate 'shutoff'");
  if (ns.hasManagedSave && ns.runstate !== 5) throw tErr("domain with managedsave data can only have runstate 'shutoff'");
  return ns;
}
