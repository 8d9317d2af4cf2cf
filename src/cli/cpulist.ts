// virshParseCPUList: a host CPU list ("0-3,^2", or "r" for all of them) as
// the cpumap the pin calls take, with virsh's messages for bad lists.
import { CliError } from "./errors.js";
import { bitsSet, cpuMap, formatCpuList, parseCpuList } from "./format/values.js";

export interface PinMap {
  cpus: number[];
  map: Buffer;
}

export function parsePinList(cpulist: string, maxcpu: number): PinMap {
  let cpus: number[] | null;
  if (cpulist.startsWith("r")) cpus = Array.from({ length: maxcpu }, (_, i) => i);
  else {
    cpus = parseCpuList(cpulist);
    // libvirt's own bitmap parser reports a second line for malformed lists.
    if (!cpus) throw new CliError(`Invalid cpulist '${cpulist}'`, { cause: new Error(`invalid argument: Failed to parse bitmap '${cpulist}'`) });
    if (cpus.length === 0) throw new CliError(`Invalid cpulist '${cpulist}'`);
    const lastcpu = cpus[cpus.length - 1] as number;
    if (lastcpu >= maxcpu) throw new CliError(`CPU ${lastcpu} in cpulist '${cpulist}' exceed the maxcpu ${maxcpu}`);
  }
  const map = cpuMap(cpus, Math.floor((cpus[cpus.length - 1] as number) / 8) + 1);
  return { cpus, map };
}

/** virshPrintPinInfo: the CPUs set among the first `maxcpu`, as "0-3,5". */
export function pinText(map: Uint8Array, maxcpu: number): string {
  return formatCpuList(bitsSet(map.subarray(0, Math.ceil(maxcpu / 8))));
}
