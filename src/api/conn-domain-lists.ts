import { Connection } from "./connection.js";
import { Domain } from "./domain/handle.js";
import type { CallOptions } from "../rpc/call-options.js";
import { REMOTE_CONST } from "../protocol/generated/remote.js";
import { intArg } from "./validate.js";
import { VirtError } from "../rpc/errors.js";
import { lookupEach } from "./lookup-each.js";

const LIST_MAX = REMOTE_CONST.REMOTE_DOMAIN_LIST_MAX;

declare module "./connection.js" {
  interface Connection {
    /** Number of running domains. */
    numOfDomains(opts?: CallOptions): Promise<number>;
    /** Ids of up to `maxids` running domains. */
    listDomainIds(maxids: number, opts?: CallOptions): Promise<number[]>;
    /** Number of defined, inactive domains. */
    numOfDefinedDomains(opts?: CallOptions): Promise<number>;
    /** Names of up to `maxnames` defined, inactive domains. */
    listDefinedDomainNames(maxnames: number, opts?: CallOptions): Promise<string[]>;
    /** All domains in one call; flags: Domain.LIST_* filters. */
    listAllDomains(flags?: number, opts?: CallOptions): Promise<Domain[]>;
    /** Running domains by count, ids, then one lookup each (Sys::Virt's list_domains); prefer listAllDomains. */
    listDomains(opts?: CallOptions): Promise<Domain[]>;
    /** Inactive domains by count, names, then one lookup each (Sys::Virt's list_defined_domains). */
    listDefinedDomains(opts?: CallOptions): Promise<Domain[]>;
  }
}

Connection.prototype.numOfDomains = async function (this: Connection, opts?: CallOptions) {
  return (await this.call("connect_num_of_domains", undefined, opts)).num;
};

Connection.prototype.listDomainIds = async function (this: Connection, maxids: number, opts?: CallOptions) {
  const n = intArg(VirtError.FROM_DOMAIN, "maxids", maxids, 0, LIST_MAX);
  return (await this.call("connect_list_domains", { maxids: n }, opts)).ids;
};

Connection.prototype.numOfDefinedDomains = async function (this: Connection, opts?: CallOptions) {
  return (await this.call("connect_num_of_defined_domains", undefined, opts)).num;
};

Connection.prototype.listDefinedDomainNames = async function (this: Connection, maxnames: number, opts?: CallOptions) {
  const n = intArg(VirtError.FROM_DOMAIN, "maxnames", maxnames, 0, LIST_MAX);
  return (await this.call("connect_list_defined_domains", { maxnames: n }, opts)).names;
};

Connection.prototype.listAllDomains = async function (this: Connection, flags = 0, opts?: CallOptions) {
  const r = await this.call("connect_list_all_domains", { need_results: 1, flags }, opts);
  return r.domains.map((d) => new Domain(this, d));
};

Connection.prototype.listDomains = async function (this: Connection, opts?: CallOptions) {
  const ids = await this.listDomainIds(await this.numOfDomains(opts), opts);
  return lookupEach(ids, (id) => this.getDomainById(id, opts));
};

Connection.prototype.listDefinedDomains = async function (this: Connection, opts?: CallOptions) {
  const names = await this.listDefinedDomainNames(await this.numOfDefinedDomains(opts), opts);
  return lookupEach(names, (name) => this.getDomainByName(name, opts));
};
