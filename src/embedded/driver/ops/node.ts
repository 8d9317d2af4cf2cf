// Host-level queries: node info, NUMA memory, CPU statistics and the
// all-domain statistics call (state group only, as the test driver has).
import { hostname } from "node:os";
import { checkFlags, ErrCode, ErrDomain, testErr, virErr } from "../errors.js";
import type { DomainObj, DomRef } from "../domain-obj.js";
import type { Hypervisor } from "../hypervisor.js";
import { SYSINFO_XML, type NodeInfo } from "../capabilities.js";
import { formatUuid } from "../uuid.js";
import { tp, type TypedParam } from "../typed-params.js";
import { listAll } from "./lifecycle.js";

export const HV_TYPE = "TEST";
export const HV_VERSION = 2n;
/** The libvirt release the embedded driver behaves like (9.0.0). */
export const LIB_VERSION = 9000000n;

export function nodeInfo(hv: Hypervisor): NodeInfo {
  return hv.nodeInfo;
}

export function connectHostname(): string {
  return hostname();
}

export function sysinfo(flags: number): string {
  checkFlags(flags, 0, "testConnectGetSysinfo");
  return SYSINFO_XML;
}

export function cellsFreeMemory(hv: Hypervisor, startCell: number, maxCells: number): bigint[] {
  if (startCell >= hv.cells.length) throw testErr.invalidArg("Range exceeds available cells");
  const out: bigint[] = [];
  for (let c = startCell; c < hv.cells.length && out.length < maxCells; c++) out.push(hv.cells[c]!.mem);
  return out;
}

export function freeMemory(hv: Hypervisor): bigint {
  return hv.cells.reduce((a, c) => a + c.freeMem, 0n);
}

export function nodeCpuStats(nparams: number, flags: number): { count: number; params: { field: string; value: bigint }[] } {
  checkFlags(flags, 0, "testNodeGetCPUStats");
  const all = [
    { field: "user", value: 9797400000n },
    { field: "kernel", value: 34678723400000n },
    { field: "idle", value: 87264900000n },
    { field: "iowait", value: 763600000n },
  ];
  if (nparams === 0) return { count: 4, params: [] };
  const params = all.slice(0, nparams);
  return { count: params.length, params };
}

export function freePages(npages: number, cellCount: number, flags: number): bigint[] {
  checkFlags(flags, 0, "testNodeGetFreePages");
  const out: bigint[] = [];
  let x = 6n;
  for (let i = 0; i < cellCount; i++) {
    for (let j = 0; j < npages; j++) {
      x = x * 2n + 7n;
      out.push(x);
    }
  }
  return out;
}

export function cpuMap(flags: number): { map: Buffer; online: number; ret: number } {
  checkFlags(flags, 0, "testNodeGetCPUMap");
  return { map: Buffer.from([0x15]), online: 3, ret: 8 };
}

export interface DomainStatsRecord {
  obj: DomainObj;
  params: TypedParam[];
}

const STATS_STATE = 1;
const LIST_FILTERS = 0xff; // active, persistent and state groups
const NOWAIT = 1 << 29;
const BACKING = 1 << 30;
const ENFORCE = 1 << 31;

export function allDomainStats(hv: Hypervisor, doms: readonly DomRef[] | null, stats: number, flags: number): DomainStatsRecord[] {
  checkFlags(flags, LIST_FILTERS | NOWAIT | BACKING | ENFORCE, "testConnectGetAllDomainStats");
  let want = stats >>> 0;
  if (want === 0) want = STATS_STATE;
  else if ((flags & ENFORCE) !== 0 && (want & ~STATS_STATE) !== 0) {
    throw testErr.argUnsupported(`Stats types bits 0x${(want & ~STATS_STATE).toString(16)} are not supported by this daemon`);
  }
  let objs: DomainObj[];
  const filtered = listAll(hv, flags & LIST_FILTERS);
  if (doms && doms.length) {
    objs = doms.map((r) => {
      const o = hv.findByUuid(r.uuid);
      if (!o) throw virErr(ErrCode.NO_DOMAIN, ErrDomain.DOMAIN, `no domain with matching uuid '${formatUuid(r.uuid)}' (${r.name})`);
      return o;
    });
    objs = objs.filter((o) => filtered.includes(o));
  } else objs = filtered;
  return objs.map((obj) => ({
    obj,
    params: want & STATS_STATE ? [tp.int("state.state", obj.state), tp.int("state.reason", obj.reason)] : [],
  }));
}
