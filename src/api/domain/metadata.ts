import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { optStr } from "./args.js";

declare module "./handle.js" {
  interface Domain {
    /**
     * A metadata item (virDomainGetMetadata): type is Domain.METADATA_*; for
     * METADATA_ELEMENT `uri` names the XML namespace, otherwise it is null.
     */
    getMetadata(type: number, uri?: string | null, flags?: number, opts?: CallOptions): Promise<string>;
    /**
     * Set or (with metadata null) remove a metadata item (virDomainSetMetadata);
     * for METADATA_ELEMENT `key` is the namespace prefix and `uri` the namespace.
     */
    setMetadata(
      type: number,
      metadata?: string | null,
      key?: string | null,
      uri?: string | null,
      flags?: number,
      opts?: CallOptions,
    ): Promise<void>;
  }
}

Domain.prototype.getMetadata = async function (this: Domain, type: number, uri: string | null = null, flags = 0, opts?: CallOptions) {
  const u = optStr("uri", uri);
  return (await this.conn.call("domain_get_metadata", { dom: this.ref, type, uri: u, flags }, opts)).metadata;
};

Domain.prototype.setMetadata = async function (
  this: Domain,
  type: number,
  metadata: string | null = null,
  key: string | null = null,
  uri: string | null = null,
  flags = 0,
  opts?: CallOptions,
) {
  const args = {
    dom: this.ref,
    type,
    metadata: optStr("metadata", metadata),
    key: optStr("key", key),
    uri: optStr("uri", uri),
    flags,
  };
  await this.conn.call("domain_set_metadata", args, opts);
};
