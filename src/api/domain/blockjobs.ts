// Block jobs: pull, rebase/copy, commit, and control of the running job.
// Bandwidths are MiB/s unless the call's *_BANDWIDTH_BYTES flag says bytes/s.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { encodeTypedParams, type ParamTable } from "../typed-params.js";
import { ParamType } from "../../protocol/typed-param-types.js";
import { optStr, paramsObject, reportInvalidArg, str, u32, u64 } from "./args.js";
import type { ParamsInput } from "./typed-fetch.js";

/** Sys::Virt's get_block_job_info hash; all zero when no job runs on the disk. */
export interface BlockJobInfo {
  /** BLOCK_JOB_TYPE_* (0 = no job). */
  type: number;
  bandwidth: bigint;
  cur: bigint;
  end: bigint;
}

/** blockCopy's typed parameters (VIR_DOMAIN_BLOCK_COPY_*), types as libvirt-domain.h documents them. */
export const BLOCK_COPY_PARAMS: ParamTable = {
  [C.BLOCK_COPY_BANDWIDTH]: ParamType.ULLONG,
  [C.BLOCK_COPY_GRANULARITY]: ParamType.UINT,
  [C.BLOCK_COPY_BUF_SIZE]: ParamType.ULLONG,
};

// Flags of virDomainBlockRebase that only make sense for a copy job.
const COPY_ONLY_FLAGS =
  C.BLOCK_REBASE_SHALLOW | C.BLOCK_REBASE_REUSE_EXT | C.BLOCK_REBASE_COPY_RAW | C.BLOCK_REBASE_COPY_DEV;

declare module "./handle.js" {
  interface Domain {
    /** The block job running on `path` (a target such as "vda" or a source path). */
    getBlockJobInfo(path: string, flags?: number, opts?: CallOptions): Promise<BlockJobInfo>;
    setBlockJobSpeed(path: string, bandwidth: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    /** Cancel the job, or with BLOCK_JOB_ABORT_PIVOT switch to the copy / commit result. */
    abortBlockJob(path: string, flags?: number, opts?: CallOptions): Promise<void>;
    /** Merge the backing chain into the top image. */
    blockPull(path: string, bandwidth: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    /** Pull from `base` (null: the whole chain), or with BLOCK_REBASE_COPY copy to the file `base`. */
    blockRebase(path: string, base: string | null, bandwidth: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    /** Copy the disk to the destination described by a <disk> XML; `params` are BLOCK_COPY_*. */
    blockCopy(path: string, destxml: string, params?: ParamsInput, flags?: number, opts?: CallOptions): Promise<void>;
    /** Commit `top` (null: the active layer's backing file) down into `base` (null: the deepest). */
    blockCommit(path: string, base: string | null, top: string | null, bandwidth: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.getBlockJobInfo = async function (this: Domain, path: string, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_get_block_job_info", { dom: this.ref, path: str("path", path), flags: u32("flags", flags) }, opts);
  // found == 0: libvirt leaves the info zeroed and Sys::Virt returns that.
  if (r.found === 0) return { type: 0, bandwidth: 0n, cur: 0n, end: 0n };
  return { type: r.type, bandwidth: r.bandwidth, cur: r.cur, end: r.end };
};

Domain.prototype.setBlockJobSpeed = async function (this: Domain, path: string, bandwidth: number | bigint, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, path: str("path", path), bandwidth: u64("bandwidth", bandwidth), flags: u32("flags", flags) };
  await this.conn.call("domain_block_job_set_speed", args, opts);
};

Domain.prototype.abortBlockJob = async function (this: Domain, path: string, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_block_job_abort", { dom: this.ref, path: str("path", path), flags: u32("flags", flags) }, opts);
};

Domain.prototype.blockPull = async function (this: Domain, path: string, bandwidth: number | bigint, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, path: str("path", path), bandwidth: u64("bandwidth", bandwidth), flags: u32("flags", flags) };
  await this.conn.call("domain_block_pull", args, opts);
};

Domain.prototype.blockRebase = async function (
  this: Domain,
  path: string,
  base: string | null,
  bandwidth: number | bigint,
  flags = 0,
  opts?: CallOptions,
) {
  const p = str("path", path);
  const b = optStr("base", base);
  const bw = u64("bandwidth", bandwidth);
  const f = u32("flags", flags);
  // The same checks (and words: no "invalid argument:" prefix) as libvirt's virDomainBlockRebase.
  if ((f & C.BLOCK_REBASE_COPY) !== 0) {
    if (b === null) throw reportInvalidArg("base in virDomainBlockRebase must not be NULL");
  } else if ((f & COPY_ONLY_FLAGS) !== 0) {
    throw reportInvalidArg("use of flags requires a copy job");
  }
  await this.conn.call("domain_block_rebase", { dom: this.ref, path: p, base: b, bandwidth: bw, flags: f }, opts);
};

Domain.prototype.blockCopy = async function (
  this: Domain,
  path: string,
  destxml: string,
  params: ParamsInput = {},
  flags = 0,
  opts?: CallOptions,
) {
  const args = {
    dom: this.ref,
    path: str("path", path),
    destxml: str("destxml", destxml),
    params: encodeTypedParams(paramsObject("params", params), BLOCK_COPY_PARAMS),
    flags: u32("flags", flags),
  };
  await this.conn.call("domain_block_copy", args, opts);
};

Domain.prototype.blockCommit = async function (
  this: Domain,
  path: string,
  base: string | null,
  top: string | null,
  bandwidth: number | bigint,
  flags = 0,
  opts?: CallOptions,
) {
  const args = {
    dom: this.ref,
    disk: str("path", path),
    base: optStr("base", base),
    top: optStr("top", top),
    bandwidth: u64("bandwidth", bandwidth),
    flags: u32("flags", flags),
  };
  await this.conn.call("domain_block_commit", args, opts);
};
