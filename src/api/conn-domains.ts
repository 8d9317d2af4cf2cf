import { Connection } from "./connection.js";
import { Domain } from "./domain/handle.js";
import type { CallOptions } from "../rpc/call-options.js";
import { uuidToBytes } from "./uuid.js";

declare module "./connection.js" {
  interface Connection {
    /** virDomainLookupByName */
    getDomainByName(name: string, opts?: CallOptions): Promise<Domain>;
    /** virDomainLookupByID */
    getDomainById(id: number, opts?: CallOptions): Promise<Domain>;
    /** virDomainLookupByUUID; accepts the string form or 16 raw bytes. */
    getDomainByUuid(uuid: string | Uint8Array, opts?: CallOptions): Promise<Domain>;
  }
}

Connection.prototype.getDomainByName = async function (this: Connection, name: string, opts?: CallOptions) {
  const r = await this.call("domain_lookup_by_name", { name }, opts);
  return new Domain(this, r.dom);
};

Connection.prototype.getDomainById = async function (this: Connection, id: number, opts?: CallOptions) {
  const r = await this.call("domain_lookup_by_id", { id }, opts);
  return new Domain(this, r.dom);
};

Connection.prototype.getDomainByUuid = async function (this: Connection, uuid: string | Uint8Array, opts?: CallOptions) {
  const r = await this.call("domain_lookup_by_uuid", { uuid: uuidToBytes(uuid) }, opts);
  return new Domain(this, r.dom);
};
