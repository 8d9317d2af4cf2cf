// The capabilities document of the test hypervisor (libvirt 9.0 layout).

import type { NodeInfo } from "../../protocol/info-structs.js";
export type { NodeInfo };

export interface Cell {
  /** KiB */
  mem: bigint;
  freeMem: bigint;
  /** Host CPUs of the cell: id, socket, core. */
  cpus: { id: number; socket: number; core: number }[];
}

export const DEFAULT_NODE_INFO: NodeInfo = {
  model: "i686",
  memory: 3145728n,
  cpus: 16,
  mhz: 1400,
  nodes: 2,
  sockets: 2,
  cores: 2,
  threads: 2,
};

/** The two NUMA cells of test:///default: 8 CPUs each, 2 and 4 GiB. */
export function defaultCells(): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < 2; i++) {
    cells.push({ mem: BigInt((i + 1) * 2048 * 1024), freeMem: BigInt((i + 1) * 1024 * 1024), cpus: [] });
  }
  for (let i = 0; i < 16; i++) cells[i >> 3]!.cpus.push({ id: i, socket: i >> 3, core: i % 8 });
  return cells;
}

const PAGE_SIZES = [4, 8, 2048, 1048576];

export function capabilitiesXml(cells: readonly Cell[]): string {
  let s = "<capabilities>\n\n  <host>\n    <cpu>\n      <arch>i686</arch>\n      <features>\n        <pae/>\n        <nonpae/>\n      </features>\n";
  for (const p of PAGE_SIZES) s += `      <pages unit='KiB' size='${p}'/>\n`;
  s += "    </cpu>\n    <power_management/>\n    <iommu support='no'/>\n";
  {
    s += `    <topology>\n      <cells num='${cells.length}'>\n`;
    cells.forEach((c, i) => {
      // Cell 1 reports its memory in 8 KiB pages, the others in 4 KiB ones.
      const first = i === 1 ? PAGE_SIZES[1]! : PAGE_SIZES[0]!;
      s += `        <cell id='${i}'>\n          <memory unit='KiB'>${c.mem}</memory>\n`;
      s += `          <pages unit='KiB' size='${first}'>${c.mem / BigInt(first)}</pages>\n`;
      for (const p of PAGE_SIZES.slice(2)) s += `          <pages unit='KiB' size='${p}'>0</pages>\n`;
      s += `          <cpus num='${c.cpus.length}'>\n`;
      for (const cpu of c.cpus) {
        s += `            <cpu id='${cpu.id}' socket_id='${cpu.socket}' die_id='0' core_id='${cpu.core}' siblings='${cpu.id}'/>\n`;
      }
      s += "          </cpus>\n        </cell>\n";
    });
    s += "      </cells>\n    </topology>\n";
  }
  s += "    <secmodel>\n      <model>testSecurity</model>\n      <doi></doi>\n    </secmodel>\n  </host>\n\n";
  for (const os of ["hvm", "xen"]) {
    s += `  <guest>\n    <os_type>${os}</os_type>\n    <arch name='i686'>\n      <wordsize>32</wordsize>\n`;
    s += "      <emulator>/usr/bin/test-hv</emulator>\n      <domain type='test'/>\n    </arch>\n";
    s += "    <features>\n      <pae/>\n      <nonpae/>\n    </features>\n  </guest>\n\n";
  }
  return `${s}</capabilities>\n`;
}

export const SYSINFO_XML =
  "<sysinfo type='smbios'>\n  <bios>\n    <entry name='vendor'>LENOVO</entry>\n" +
  "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n    <entry name='date'>05/07/2014</entry>\n" +
  "    <entry name='release'>2.61</entry>\n  </bios>\n</sysinfo>\n";
