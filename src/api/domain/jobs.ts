// Background jobs (save, dump, migration, backup): progress and abort.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { decodeTypedParams, type TypedParamValue } from "../typed-params.js";
import { u32 } from "./args.js";

/** Sys::Virt's get_job_info hash (virDomainJobInfo); times in ms, sizes in bytes. */
export interface DomainJobInfo {
  /** JOB_NONE, JOB_BOUNDED, JOB_UNBOUNDED, JOB_COMPLETED, JOB_FAILED, JOB_CANCELLED. */
  type: number;
  timeElapsed: bigint;
  timeRemaining: bigint;
  dataTotal: bigint;
  dataProcessed: bigint;
  dataRemaining: bigint;
  memTotal: bigint;
  memProcessed: bigint;
  memRemaining: bigint;
  fileTotal: bigint;
  fileProcessed: bigint;
  fileRemaining: bigint;
}

/** getJobStats: the job type plus the JOB_* typed parameters the driver reports. */
export type DomainJobStats = { type: number } & Record<string, TypedParamValue>;

declare module "./handle.js" {
  interface Domain {
    /** Progress of the current job (virDomainGetJobInfo). */
    getJobInfo(opts?: CallOptions): Promise<DomainJobInfo>;
    /** { type, ...JOB_* fields } of the current (or, with JOB_STATS_COMPLETED, the last) job. */
    getJobStats(flags?: number, opts?: CallOptions): Promise<DomainJobStats>;
    /** Abort the current job; non-zero flags (DOMAIN_ABORT_JOB_*) use virDomainAbortJobFlags (libvirt >= 8.5). */
    abortJob(flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.getJobInfo = async function (this: Domain, opts?: CallOptions): Promise<DomainJobInfo> {
  const r = await this.conn.call("domain_get_job_info", { dom: this.ref }, opts);
  return {
    type: r.type,
    timeElapsed: r.timeElapsed,
    timeRemaining: r.timeRemaining,
    dataTotal: r.dataTotal,
    dataProcessed: r.dataProcessed,
    dataRemaining: r.dataRemaining,
    memTotal: r.memTotal,
    memProcessed: r.memProcessed,
    memRemaining: r.memRemaining,
    fileTotal: r.fileTotal,
    fileProcessed: r.fileProcessed,
    fileRemaining: r.fileRemaining,
  };
};

Domain.prototype.getJobStats = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<DomainJobStats> {
  const r = await this.conn.call("domain_get_job_stats", { dom: this.ref, flags: u32("flags", flags) }, opts);
  // No JOB_* field is called "type", so the job type can share the object.
  return { ...decodeTypedParams(r.params), type: r.type };
};

Domain.prototype.abortJob = async function (this: Domain, flags = 0, opts?: CallOptions) {
  const f = u32("flags", flags);
  if (f === 0) await this.conn.call("domain_abort_job", { dom: this.ref }, opts);
  else await this.conn.call("domain_abort_job_flags", { dom: this.ref, flags: f }, opts);
};
