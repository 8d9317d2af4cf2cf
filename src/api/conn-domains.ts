import { Connection } from "./connection.js";
import { Domain } from "./domain/handle.js";
import type { CallOptions } from "../rpc/call-options.js";
import { uuidToBytes } from "./uuid.js";
import { refuseFds } from "./domain/lifecycle.js";

declare module "./connection.js" {
  interface Connection {
    /** virDomainLookupByName */
    getDomainByName(name: string, opts?: CallOptions): Promise<Domain>;
    /** virDomainLookupByID */
    getDomainById(id: number, opts?: CallOptions): Promise<Domain>;
    /** virDomainLookupByUUID; accepts the string form or 16 raw bytes. */
    getDomainByUuid(uuid: string | Uint8Array, opts?: CallOptions): Promise<Domain>;
    /** Define (but do not start) a persistent domain; flags: Domain.DEFINE_*. */
    defineDomain(xml: string, flags?: number, opts?: CallOptions): Promise<Domain>;
    /** Create and start a transient domain; flags: Domain.START_*. */
    createDomain(xml: string, flags?: number, opts?: CallOptions): Promise<Domain>;
    /**
     * virDomainCreateXMLWithFiles with an empty fd list; a non-empty list is
     * refused before sending: Node's sockets cannot pass descriptors.
     */
    createDomainWithFiles(xml: string, fds: readonly number[], flags?: number, opts?: CallOptions): Promise<Domain>;
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

Connection.prototype.defineDomain = async function (this: Connection, xml: string, flags = 0, opts?: CallOptions) {
  // Like Sys::Virt: the flags procedure only when flags are given (older servers lack it).
  const r =
    flags !== 0
      ? await this.call("domain_define_xml_flags", { xml, flags }, opts)
      : await this.call("domain_define_xml", { xml }, opts);
  return new Domain(this, r.dom);
};

Connection.prototype.createDomain = async function (this: Connection, xml: string, flags = 0, opts?: CallOptions) {
  const r = await this.call("domain_create_xml", { xml_desc: xml, flags }, opts);
  return new Domain(this, r.dom);
};

Connection.prototype.createDomainWithFiles = async function (
  this: Connection,
  xml: string,
  fds: readonly number[],
  flags = 0,
  opts?: CallOptions,
) {
  refuseFds(this, "virDomainCreateXMLWithFiles", fds);
  const r = await this.call("domain_create_xml_with_files", { xml_desc: xml, flags }, opts);
  return new Domain(this, r.dom);
};
