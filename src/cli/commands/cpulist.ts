// virshParseCPUList: a <cpulist> option as the cpumap the pinning calls take.
import { CliError } from "../errors.js";
import { cpuMap, parseCpuList } from "../format/values.js";

export interface Pinning {
  cpus: number[];
  map: Buffer;
}

/** "r" means every host CPU; otherwise a libvirt bitmap ("0-3,^2") checked against `maxcpu`. */
export function pinningFor(cpulist: string, maxcpu: number): Pinning {
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
  return { cpus, map: cpuMap(cpus, Math.floor((cpus[cpus.length - 1] as number) / 8) + 1) };
}
