// Connection and host procedures.
import type { HandlerTable } from "./types.js";
import * as node from "../driver/ops/node.js";
import * as L from "../driver/ops/lifecycle.js";
import { MAX_VCPUS } from "../driver/ops/cpu-memory.js";
import { apiArgErr, ErrDomain, unknownCauseErr, unsetErr } from "../driver/errors.js";
import { charsOf, fixedChars, fromRef, paramsToWire, toRef } from "../convert.js";


function nonNegative(v: number, what: string, fn: string): void {
  if (v < 0) throw apiArgErr(fn, what, "must be zero or greater", ErrDomain.NONE);
}

export const connectHandlers: HandlerTable = {
  connect_get_type: () => ({ type: node.HV_TYPE }),
  connect_get_version: () => ({ hv_ver: node.HV_VERSION }),
  connect_get_lib_version: () => ({ lib_ver: node.LIB_VERSION }),
  connect_get_hostname: () => ({ hostname: node.connectHostname() }),
  connect_get_uri: (ctx) => ({ uri: ctx.uri }),
  connect_get_max_vcpus: () => ({ max_vcpus: MAX_VCPUS }),
  connect_get_capabilities: (ctx) => ({ capabilities: ctx.hv.capabilities() }),
  connect_get_sysinfo: (_ctx, a) => ({ sysinfo: node.sysinfo(a.flags) }),
  connect_is_secure: () => ({ secure: 1 }),
  node_get_info: (ctx) => {
    const n = node.nodeInfo(ctx.hv);
    return {
      model: fixedChars(n.model, 32),
      memory: n.memory,
      cpus: n.cpus,
      mhz: n.mhz,
      nodes: n.nodes,
      sockets: n.sockets,
      cores: n.cores,
      threads: n.threads,
    };
  },
  node_get_cells_free_memory: (ctx, a) => {
    nonNegative(a.startCell, "startCell", "virNodeGetCellsFreeMemory");
    if (a.maxcells <= 0) throw apiArgErr("virNodeGetCellsFreeMemory", "maxCells", "must be greater than zero", ErrDomain.NONE);
    return { cells: node.cellsFreeMemory(ctx.hv, a.startCell, a.maxcells) };
  },
  node_get_free_memory: (ctx) => {
    // 0 is virNodeGetFreeMemory's error value: instances without NUMA cells fail.
    const freeMem = node.freeMemory(ctx.hv);
    if (freeMem === 0n) throw unknownCauseErr();
    return { freeMem };
  },
  node_get_cpu_stats: (_ctx, a) => {
    const r = node.nodeCpuStats(a.nparams, a.flags);
    // libvirtd echoes nparams only when the caller asked for the count.
    return { params: r.params, nparams: a.nparams === 0 ? r.count : 0 };
  },
  node_get_free_pages: (_ctx, a) => {
    node.freePages(a.pages.length, a.cellCount, a.flags);
    // The test driver returns 0 filled pages, which libvirtd treats as a failure without an error.
    throw unsetErr();
  },
  node_get_cpu_map: (_ctx, a) => {
    const r = node.cpuMap(a.flags);
    return { cpumap: a.need_map ? r.map : Buffer.alloc(0), online: a.need_online ? r.online : 0, ret: r.ret };
  },
  node_get_security_model: () => ({ model: charsOf("testSecurity", true), doi: charsOf("", true) }),
  connect_num_of_domains: (ctx) => ({ num: L.numActive(ctx.hv) }),
  connect_list_domains: (ctx, a) => ({ ids: L.activeIds(ctx.hv, a.maxids) }),
  connect_num_of_defined_domains: (ctx) => ({ num: L.numInactive(ctx.hv) }),
  connect_list_defined_domains: (ctx, a) => ({ names: L.inactiveNames(ctx.hv, a.maxnames) }),
  connect_list_all_domains: (ctx, a) => {
    const list = L.listAll(ctx.hv, a.flags);
    return { domains: a.need_results ? list.map((d) => fromRef(d.ref())) : [], ret: list.length };
  },
  connect_get_all_domain_stats: (ctx, a) => {
    const recs = node.allDomainStats(ctx.hv, a.doms.length ? a.doms.map(toRef) : null, a.stats, a.flags);
    return { retStats: recs.map((r) => ({ dom: fromRef(r.obj.ref()), params: paramsToWire(r.params, null) })) };
  },
};
