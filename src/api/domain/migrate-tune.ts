// Tuning of a running (or about to run) migration job on the source.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { u32, u64 } from "./args.js";

declare module "./handle.js" {
  interface Domain {
    /** Longest pause (ms) allowed at switch-over. */
    migrateSetMaxDowntime(downtime: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    migrateGetMaxDowntime(flags?: number, opts?: CallOptions): Promise<bigint>;
    /** Bandwidth limit in MiB/s (MIGRATE_MAX_SPEED_POSTCOPY: of the post-copy phase). */
    migrateSetMaxSpeed(bandwidth: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    migrateGetMaxSpeed(flags?: number, opts?: CallOptions): Promise<bigint>;
    /** XBZRLE compression cache size in bytes. */
    migrateSetCompressionCache(cacheSize: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    migrateGetCompressionCache(flags?: number, opts?: CallOptions): Promise<bigint>;
    /** Switch a migration started with MIGRATE_POSTCOPY to post-copy mode. */
    migrateStartPostCopy(flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.migrateSetMaxDowntime = async function (this: Domain, downtime: number | bigint, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, downtime: u64("downtime", downtime), flags: u32("flags", flags) };
  await this.conn.call("domain_migrate_set_max_downtime", args, opts);
};

Domain.prototype.migrateGetMaxDowntime = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return (await this.conn.call("domain_migrate_get_max_downtime", { dom: this.ref, flags: u32("flags", flags) }, opts)).downtime;
};

Domain.prototype.migrateSetMaxSpeed = async function (this: Domain, bandwidth: number | bigint, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, bandwidth: u64("bandwidth", bandwidth), flags: u32("flags", flags) };
  await this.conn.call("domain_migrate_set_max_speed", args, opts);
};

Domain.prototype.migrateGetMaxSpeed = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return (await this.conn.call("domain_migrate_get_max_speed", { dom: this.ref, flags: u32("flags", flags) }, opts)).bandwidth;
};

Domain.prototype.migrateSetCompressionCache = async function (this: Domain, cacheSize: number | bigint, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, cacheSize: u64("cacheSize", cacheSize), flags: u32("flags", flags) };
  await this.conn.call("domain_migrate_set_compression_cache", args, opts);
};

Domain.prototype.migrateGetCompressionCache = async function (this: Domain, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_migrate_get_compression_cache", { dom: this.ref, flags: u32("flags", flags) }, opts);
  return r.cacheSize;
};

Domain.prototype.migrateStartPostCopy = async function (this: Domain, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_migrate_start_post_copy", { dom: this.ref, flags: u32("flags", flags) }, opts);
};
