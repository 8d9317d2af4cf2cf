import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { DomainSnapshot, snapshotNamesRequest } from "../snapshot.js";
import { lookupEach } from "../lookup-each.js";

declare module "./handle.js" {
  interface Domain {
    /** flags: DomainSnapshot.LIST_*. */
    numOfSnapshots(flags?: number, opts?: CallOptions): Promise<number>;
    listSnapshotNames(maxnames: number, flags?: number, opts?: CallOptions): Promise<string[]>;
    /** Count, names, then one lookup each (Sys::Virt's list_snapshots); prefer listAllSnapshots. */
    listSnapshots(opts?: CallOptions): Promise<DomainSnapshot[]>;
    /** flags: DomainSnapshot.LIST_*. */
    listAllSnapshots(flags?: number, opts?: CallOptions): Promise<DomainSnapshot[]>;
    getSnapshotByName(name: string, opts?: CallOptions): Promise<DomainSnapshot>;
    hasCurrentSnapshot(flags?: number, opts?: CallOptions): Promise<boolean>;
    /** Fails with VIR_ERR_NO_DOMAIN_SNAPSHOT when there is no current snapshot. */
    currentSnapshot(flags?: number, opts?: CallOptions): Promise<DomainSnapshot>;
    /** Take a snapshot described by `xml` (<domainsnapshot>); flags: DomainSnapshot.CREATE_*. */
    createSnapshot(xml: string, flags?: number, opts?: CallOptions): Promise<DomainSnapshot>;
  }
}

Domain.prototype.numOfSnapshots = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return (await this.conn.call("domain_snapshot_num", { dom: this.ref, flags }, opts)).num;
};

Domain.prototype.listSnapshotNames = async function (this: Domain, maxnames: number, flags = 0, opts?: CallOptions) {
  // Asks for more than maxnames on purpose: see snapshotNamesRequest.
  const { ask, keep } = snapshotNamesRequest(maxnames);
  return (await this.conn.call("domain_snapshot_list_names", { dom: this.ref, maxnames: ask, flags }, opts)).names.slice(0, keep);
};

Domain.prototype.listSnapshots = async function (this: Domain, opts?: CallOptions) {
  const names = await this.listSnapshotNames(await this.numOfSnapshots(0, opts), 0, opts);
  return lookupEach(names, (name) => this.getSnapshotByName(name, opts));
};

Domain.prototype.listAllSnapshots = async function (this: Domain, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_list_all_snapshots", { dom: this.ref, need_results: 1, flags }, opts);
  return r.snapshots.map((s) => new DomainSnapshot(this, s.name));
};

Domain.prototype.getSnapshotByName = async function (this: Domain, name: string, opts?: CallOptions) {
  const r = await this.conn.call("domain_snapshot_lookup_by_name", { dom: this.ref, name, flags: 0 }, opts);
  return new DomainSnapshot(this, r.snap.name);
};

Domain.prototype.hasCurrentSnapshot = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return (await this.conn.call("domain_has_current_snapshot", { dom: this.ref, flags }, opts)).result !== 0;
};

Domain.prototype.currentSnapshot = async function (this: Domain, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_snapshot_current", { dom: this.ref, flags }, opts);
  return new DomainSnapshot(this, r.snap.name);
};

Domain.prototype.createSnapshot = async function (this: Domain, xml: string, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call("domain_snapshot_create_xml", { dom: this.ref, xml_desc: xml, flags }, opts);
  return new DomainSnapshot(this, r.snap.name);
};
