// virDomainFDAssociate: hand descriptors to the daemon for later use by name.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { badArg, str, u32 } from "./tuning-args.js";
import { fdPassingError } from "./fd-passing.js";

declare module "./handle.js" {
  interface Domain {
    /** Associate descriptors with `name` (libvirt >= 9.0). Always rejects: needs fd passing. */
    fdAssociate(name: string, fds: readonly number[], flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.fdAssociate = async function (this: Domain, name: string, fds: readonly number[], flags = 0, _opts?: CallOptions) {
  str("name", name);
  if (!Array.isArray(fds) || fds.length === 0 || !fds.every((fd) => Number.isInteger(fd) && fd >= 0)) {
    throw badArg("fds must be a non-empty array of file descriptor numbers");
  }
  u32("flags", flags);
  throw fdPassingError(this.conn, "virDomainFDAssociate", "send");
};
