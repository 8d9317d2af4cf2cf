import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { DomainCheckpoint } from "../checkpoint.js";

declare module "./handle.js" {
  interface Domain {
    /** flags: DomainCheckpoint.LIST_*. */
    listAllCheckpoints(flags?: number, opts?: CallOptions): Promise<DomainCheckpoint[]>;
    getCheckpointByName(name: string, opts?: CallOptions): Promise<DomainCheckpoint>;
    /** Create a checkpoint described by `xml` (<domaincheckpoint>); flags: DomainCheckpoint.CREATE_*. */
    createCheckpoint(xml: string, flags?: number, opts?: CallOptions): Promise<DomainCheckpoint>;
  }
}

Domain.prototype.listAllCheckpoints = async function (this: Domain, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_list_all_checkpoints", { dom: this.ref, need_results: 1, flags }, opts);
  return r.checkpoints.map((c) => new DomainCheckpoint(this, c.name));
};

Domain.prototype.getCheckpointByName = async function (this: Domain, name: string, opts?: CallOptions) {
  const r = await this.conn.call("domain_checkpoint_lookup_by_name", { dom: this.ref, name, flags: 0 }, opts);
  return new DomainCheckpoint(this, r.checkpoint.name);
};

Domain.prototype.createCheckpoint = async function (this: Domain, xml: string, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_checkpoint_create_xml", { dom: this.ref, xml_desc: xml, flags }, opts);
  return new DomainCheckpoint(this, r.checkpoint.name);
};
