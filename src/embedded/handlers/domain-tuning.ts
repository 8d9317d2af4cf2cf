// Memory, vCPU, pinning, IOThread and typed-parameter tunable procedures.
import type { HandlerTable } from "./types.js";
import * as CM from "../driver/ops/cpu-memory.js";
import * as PR from "../driver/ops/params.js";
import type { ParamsOrCount } from "../driver/ops/params.js";
import { apiArgErr } from "../driver/errors.js";
import { paramsFromWire, paramsToWire, toRef } from "../convert.js";
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";

function nonZero(v: bigint | number, what: string, fn: string): void {
  if (v === 0 || v === 0n) throw apiArgErr(fn, what, "must not be zero");
}

/** Getter reply: with nparams=0 only the count, else the parameters. */
function counted(r: ParamsOrCount, flags: number): { params: remote_typed_param[]; nparams: number } {
  if ("count" in r) return { params: [], nparams: r.count };
  // libvirtd fills nparams only when the caller asked for the count.
  return { params: paramsToWire(r.params, flags), nparams: 0 };
}

export const domainTuningHandlers: HandlerTable = {
  domain_get_max_memory: (ctx, a) => ({ memory: CM.getMaxMemory(ctx.hv, toRef(a.dom)) }),
  domain_set_max_memory: (ctx, a) => {
    nonZero(a.memory, "memory", "virDomainSetMaxMemory");
    CM.setMemoryFlags(ctx.hv, toRef(a.dom), a.memory, 4);
  },
  domain_set_memory: (ctx, a) => {
    nonZero(a.memory, "memory", "virDomainSetMemory");
    CM.setMemoryFlags(ctx.hv, toRef(a.dom), a.memory, 1);
  },
  domain_set_memory_flags: (ctx, a) => {
    nonZero(a.memory, "memory", "virDomainSetMemoryFlags");
    CM.setMemoryFlags(ctx.hv, toRef(a.dom), a.memory, a.flags);
  },
  domain_set_memory_stats_period: (ctx, a) => CM.setMemoryStatsPeriod(ctx.hv, toRef(a.dom), a.period, a.flags),
  domain_get_max_vcpus: (ctx, a) => ({ num: CM.getMaxVcpus(ctx.hv, toRef(a.dom)) }),
  domain_get_vcpus_flags: (ctx, a) => ({ num: CM.getVcpusFlags(ctx.hv, toRef(a.dom), a.flags) }),
  domain_set_vcpus: (ctx, a) => CM.setVcpusFlags(ctx.hv, toRef(a.dom), a.nvcpus, 1, "virDomainSetVcpus"),
  domain_set_vcpus_flags: (ctx, a) => CM.setVcpusFlags(ctx.hv, toRef(a.dom), a.nvcpus, a.flags),
  domain_get_vcpus: (ctx, a) => {
    if (a.maxinfo < 1) throw apiArgErr("virDomainGetVcpus", "maxinfo", "must be greater than zero");
    const r = CM.getVcpus(ctx.hv, toRef(a.dom), a.maxinfo, a.maplen);
    return { info: r.info.map((i) => ({ number: i.number, state: i.state, cpu_time: i.cpuTime, cpu: i.cpu })), cpumaps: r.cpumaps };
  },
  domain_pin_vcpu: (ctx, a) => CM.pinVcpu(ctx.hv, toRef(a.dom), a.vcpu, a.cpumap, 0),
  domain_pin_vcpu_flags: (ctx, a) => CM.pinVcpu(ctx.hv, toRef(a.dom), a.vcpu, a.cpumap, a.flags),
  domain_get_vcpu_pin_info: (ctx, a) => CM.getVcpuPinInfo(ctx.hv, toRef(a.dom), a.ncpumaps, a.maplen, a.flags),
  domain_pin_emulator: (ctx, a) => CM.pinEmulator(ctx.hv, toRef(a.dom), a.cpumap, a.flags),
  domain_get_emulator_pin_info: (ctx, a) => ({ cpumaps: CM.getEmulatorPinInfo(ctx.hv, toRef(a.dom), a.maplen, a.flags), ret: 1 }),
  domain_get_iothread_info: (ctx, a) => {
    const info = CM.getIoThreadInfo(ctx.hv, toRef(a.dom), a.flags);
    return { info: info.map((i) => ({ iothread_id: i.id, cpumap: i.cpumap })), ret: info.length };
  },
  domain_add_iothread: (ctx, a) => CM.addIoThread(ctx.hv, toRef(a.dom), a.iothread_id, a.flags),
  domain_del_iothread: (ctx, a) => {
    nonZero(a.iothread_id, "iothread_id", "virDomainDelIOThread");
    CM.delIoThread(ctx.hv, toRef(a.dom), a.iothread_id, a.flags);
  },
  domain_pin_iothread: (ctx, a) => CM.pinIoThread(ctx.hv, toRef(a.dom), a.iothreads_id, a.cpumap, a.flags),
  domain_set_iothread_params: (ctx, a) => {
    if (a.params.length === 0) throw apiArgErr("virDomainSetIOThreadParams", "params", "must not be NULL");
    CM.setIoThreadParams(ctx.hv, toRef(a.dom), a.iothread_id, paramsFromWire(a.params), a.flags);
  },
  // The test driver answers without looking the domain up.
  domain_get_scheduler_type: () => PR.schedulerType(),
  domain_get_scheduler_parameters: (ctx, a) => ({ params: paramsToWire(PR.getSchedulerParams(ctx.hv, toRef(a.dom), 0), 0) }),
  // virDomainGetSchedulerParametersFlags adds VIR_TYPED_PARAM_STRING_OKAY in
  // libvirtd, which the test driver then refuses: this call always fails there.
  domain_get_scheduler_parameters_flags: (ctx, a) => ({
    params: paramsToWire(PR.getSchedulerParams(ctx.hv, toRef(a.dom), a.flags | 4), a.flags | 4),
  }),
  domain_set_scheduler_parameters: (ctx, a) => PR.setSchedulerParams(ctx.hv, toRef(a.dom), paramsFromWire(a.params), 0),
  domain_set_scheduler_parameters_flags: (ctx, a) => PR.setSchedulerParams(ctx.hv, toRef(a.dom), paramsFromWire(a.params), a.flags),
  domain_get_memory_parameters: (ctx, a) => counted(PR.getMemoryParams(ctx.hv, toRef(a.dom), a.nparams, a.flags), a.flags),
  domain_set_memory_parameters: (ctx, a) => PR.setMemoryParams(ctx.hv, toRef(a.dom), paramsFromWire(a.params), a.flags),
  domain_get_numa_parameters: (ctx, a) => counted(PR.getNumaParams(ctx.hv, toRef(a.dom), a.nparams, a.flags), a.flags),
  domain_set_numa_parameters: (ctx, a) => PR.setNumaParams(ctx.hv, toRef(a.dom), paramsFromWire(a.params), a.flags),
  domain_get_blkio_parameters: (ctx, a) => counted(PR.getBlkioParams(ctx.hv, toRef(a.dom), a.nparams, a.flags), a.flags),
  domain_set_blkio_parameters: (ctx, a) => PR.setBlkioParams(ctx.hv, toRef(a.dom), paramsFromWire(a.params), a.flags),
  domain_get_interface_parameters: (ctx, a) =>
    counted(PR.getInterfaceParams(ctx.hv, toRef(a.dom), a.device, a.nparams, a.flags), a.flags),
  domain_set_interface_parameters: (ctx, a) =>
    PR.setInterfaceParams(ctx.hv, toRef(a.dom), a.device, paramsFromWire(a.params), a.flags),
  domain_get_block_io_tune: (ctx, a) => counted(PR.getBlockIoTune(ctx.hv, toRef(a.dom), a.disk, a.nparams, a.flags), a.flags),
  domain_set_block_io_tune: (ctx, a) => PR.setBlockIoTune(ctx.hv, toRef(a.dom), a.disk, paramsFromWire(a.params), a.flags),
  domain_get_perf_events: (ctx, a) => ({ params: paramsToWire(PR.getPerfEvents(ctx.hv, toRef(a.dom), a.flags), a.flags) }),
  domain_set_perf_events: (ctx, a) => PR.setPerfEvents(ctx.hv, toRef(a.dom), paramsFromWire(a.params), a.flags),
  domain_set_lifecycle_action: (ctx, a) => PR.setLifecycleAction(ctx.hv, toRef(a.dom), a.type, a.action, a.flags),
};
