// Where the numbers came from.
import { cpus, loadavg, availableParallelism, release } from "node:os";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  kernel: string;
  node: string;
  /** libvirt of the daemon, as it reports itself. */
  libvirtd: string;
}

export function machineInfo(libvirtd: string): MachineInfo {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    kernel: release(),
    node: process.version,
    libvirtd,
  };
}

export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
}
