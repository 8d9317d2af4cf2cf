import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { absolutePath } from "./args.js";

declare module "./handle.js" {
  interface Domain {
    /** Dump guest memory to a file on the host (virDomainCoreDump); relative paths are made absolute here. */
    coreDump(file: string, flags?: number, opts?: CallOptions): Promise<void>;
    /** As coreDump, in a Domain.CORE_DUMP_FORMAT_* format (virDomainCoreDumpWithFormat). */
    coreDumpFormat(file: string, format: number, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.coreDump = async function (this: Domain, file: string, flags = 0, opts?: CallOptions) {
  const to = absolutePath("file", file);
  await this.conn.call("domain_core_dump", { dom: this.ref, to, flags }, opts);
};

Domain.prototype.coreDumpFormat = async function (this: Domain, file: string, format: number, flags = 0, opts?: CallOptions) {
  const to = absolutePath("file", file);
  await this.conn.call("domain_core_dump_with_format", { dom: this.ref, to, dumpformat: format, flags }, opts);
};
