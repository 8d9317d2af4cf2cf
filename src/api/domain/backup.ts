// Point-in-time backup jobs (push to files, or pull over NBD).
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { optStr, str, u32 } from "./args.js";

declare module "./handle.js" {
  interface Domain {
    /**
     * Start a backup described by <domainbackup> XML, optionally creating the
     * checkpoint in `checkpointxml` at the same instant. The job runs in the
     * background: watch it with getJobInfo/getJobStats, stop it with abortJob.
     */
    backupBegin(backupxml: string, checkpointxml?: string | null, flags?: number, opts?: CallOptions): Promise<void>;
    /** The <domainbackup> XML of the running backup job. */
    backupGetXmlDescription(flags?: number, opts?: CallOptions): Promise<string>;
  }
}

Domain.prototype.backupBegin = async function (
  this: Domain,
  backupxml: string,
  checkpointxml: string | null = null,
  flags = 0,
  opts?: CallOptions,
) {
  const args = {
    dom: this.ref,
    backup_xml: str("backupxml", backupxml),
    checkpoint_xml: optStr("checkpointxml", checkpointxml),
    flags: u32("flags", flags),
  };
  await this.conn.call("domain_backup_begin", args, opts);
};

Domain.prototype.backupGetXmlDescription = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return (await this.conn.call("domain_backup_get_xml_desc", { dom: this.ref, flags: u32("flags", flags) }, opts)).xml;
};
