// virDomainFDAssociate: hand descriptors to the daemon for later use by name.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { fdList, str, u32 } from "./args.js";
import { fdPassingError } from "./fd-passing.js";

declare module "./handle.js" {
  interface Domain {
    /** Associate descriptors with `name` (libvirt >= 9.0). Always rejects: needs fd passing. */
    fdAssociate(name: string, fds: readonly number[], flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.fdAssociate = async function (this: Domain, name: string, fds: readonly number[], flags = 0, _opts?: CallOptions) {
  str("name", name);
  fdList("fds", fds, true);
  u32("flags", flags);
  throw fdPassingError(this.conn, "virDomainFDAssociate", "send");
};
