// The parts of a domain definition the test driver reads or changes, kept as
// plain data (structuredClone-able). Elements libvirt knows but the test
// driver never touches are kept as XElem trees and written back as they came.
import type { XElem } from "./xnode.js";

export interface IoTune {
  [field: string]: bigint | string | undefined;
  group_name?: string;
}

export interface BandwidthRate {
  average: number;
  peak: number;
  burst: number;
  floor: number;
}

export interface DiskDevice {
  kind: "disk";
  type: string;
  device: string;
  /** target dev, e.g. "vda". */
  dst: string;
  bus: string | undefined;
  /** Source file/dev/dir/name; null for an empty drive. */
  src: string | null;
  iotune: IoTune;
  /** Children other than target and iotune, in document order. */
  rest: XElem[];
  attrs: [string, string][];
}

export interface NetDevice {
  kind: "interface";
  type: string;
  mac: string;
  /** Network name for type='network'. */
  network: string | undefined;
  ifname: string | null;
  bandwidth: { in: BandwidthRate | null; out: BandwidthRate | null } | null;
  source: XElem | undefined;
  model: XElem | undefined;
  rest: XElem[];
  address: XElem | undefined;
  attrs: [string, string][];
}

export interface BalloonDevice {
  kind: "memballoon";
  model: string;
  period: number;
  rest: XElem[];
  address: XElem | undefined;
  attrs: [string, string][];
}

export interface OtherDevice {
  kind: "other";
  el: XElem;
}

export type Device = DiskDevice | NetDevice | BalloonDevice | OtherDevice;

export interface BlkioDevice {
  path: string;
  weight: number;
  readIops: number;
  writeIops: number;
  readBps: bigint;
  writeBps: bigint;
}

export interface NumaTune {
  mode: string | null;
  nodeset: string | null;
  placement: string | null;
  rest: XElem[];
}

export interface IoThreadId {
  id: number;
  cpuset: string | null;
  /** Numbered by libvirt from <iothreads>N</iothreads>, not written as <iothreadids>. */
  autofill: boolean;
}

/** Test-driver namespace data (xmlns:test=http://libvirt.org/schemas/domain/test/1.0). */
export interface TestNs {
  runstate: number;
  transient: boolean;
  hasManagedSave: boolean;
  snapshots: XElem[];
}

export interface DomainDef {
  virtType: string;
  id: number;
  name: string;
  uuid: Uint8Array;
  genid: XElem | undefined;
  title: string | null;
  description: string | null;
  /** Children of <metadata>, each carrying its own namespace. */
  metadata: XElem[];
  maxMemory: XElem | undefined;
  memoryKiB: number;
  currentMemoryKiB: number;
  blkioWeight: number;
  blkioDevices: BlkioDevice[];
  hardLimit: bigint | null;
  softLimit: bigint | null;
  swapHardLimit: bigint | null;
  memtuneRest: XElem[];
  memoryBacking: XElem | undefined;
  vcpuMax: number;
  vcpuCurrent: number;
  vcpuPlacement: string;
  /** Default cpuset of all vcpus (vcpu cpuset='...'). */
  cpumask: string | null;
  vcpuPins: Map<number, string>;
  emulatorPin: string | null;
  iothreadIds: IoThreadId[];
  cputuneRest: XElem[];
  numatune: NumaTune | null;
  resource: XElem | undefined;
  sysinfo: XElem[];
  osType: string;
  osArch: string;
  osMachine: string | undefined;
  /** <os> children other than <type>, e.g. boot, kernel. */
  osRest: XElem[];
  osAttrs: [string, string][];
  features: XElem | undefined;
  cpu: XElem | undefined;
  clock: XElem;
  onPoweroff: string;
  onReboot: string;
  onCrash: string;
  onLockfailure: string | undefined;
  pm: XElem | undefined;
  perf: Map<string, boolean>;
  devices: Device[];
  seclabels: XElem[];
  keywrap: XElem | undefined;
  launchSecurity: XElem | undefined;
  test: TestNs;
}

/** Perf event names in libvirt 9.0's order (virPerfEvent). */
export const PERF_EVENTS = [
  "cmt",
  "mbmt",
  "mbml",
  "cpu_cycles",
  "instructions",
  "cache_references",
  "cache_misses",
  "branch_instructions",
  "branch_misses",
  "bus_cycles",
  "stalled_cycles_frontend",
  "stalled_cycles_backend",
  "ref_cpu_cycles",
  "cpu_clock",
  "task_clock",
  "page_faults",
  "context_switches",
  "cpu_migrations",
  "page_faults_min",
  "page_faults_maj",
  "alignment_faults",
  "emulation_faults",
] as const;

/** Block I/O tune fields in the order the test driver reports them. */
export const IOTUNE_FIELDS = [
  "total_bytes_sec",
  "read_bytes_sec",
  "write_bytes_sec",
  "total_iops_sec",
  "read_iops_sec",
  "write_iops_sec",
  "total_bytes_sec_max",
  "read_bytes_sec_max",
  "write_bytes_sec_max",
  "total_iops_sec_max",
  "read_iops_sec_max",
  "write_iops_sec_max",
  "size_iops_sec",
  "group_name",
  "total_bytes_sec_max_length",
  "read_bytes_sec_max_length",
  "write_bytes_sec_max_length",
  "total_iops_sec_max_length",
  "read_iops_sec_max_length",
  "write_iops_sec_max_length",
] as const;

export function copyDef(d: DomainDef): DomainDef {
  return structuredClone(d);
}

/** The domain's <disk> devices (cdroms and floppies too), in device order. */
export function domainDisks(def: DomainDef): DiskDevice[] {
  return def.devices.filter((d): d is DiskDevice => d.kind === "disk");
}

/** The order libvirt formats <devices> children in. */
export const DEVICE_ORDER = [
  "emulator", "disk", "controller", "lease", "filesystem", "interface", "smartcard", "serial",
  "parallel", "console", "channel", "input", "tpm", "graphics", "sound", "audio", "video",
  "hostdev", "redirdev", "redirfilter", "hub", "watchdog", "memballoon", "rng", "nvram",
  "panic", "shmem", "memory", "iommu", "vsock", "crypto",
];
