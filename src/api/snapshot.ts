import { MomentHandle } from "./moment-handle.js";
import type { CallOptions } from "../rpc/call-options.js";
import type { remote_nonnull_domain_snapshot } from "../protocol/generated/remote-types.js";
import { REMOTE_CONST } from "../protocol/generated/remote.js";
import { DomainSnapshot as SnapshotConstants } from "../protocol/generated/constants.js";
import { intArg } from "./validate.js";
import { lookupEach } from "./lookup-each.js";
import { VirtError } from "../rpc/errors.js";

/**
 * maxnames to send for the snapshot ListNames calls. libvirtd (9.0 and
 * later, every driver) counts past maxnames while filling the names array and
 * then crashes encoding the reply when fewer slots were asked for than there
 * are snapshots. So ask for at least 1024 (REMOTE_DOMAIN_SNAPSHOT_LIST_MAX of
 * the oldest servers) and trim the answer to the caller's maxnames here.
 */
export function snapshotNamesRequest(maxnames: number): { ask: number; keep: number } {
  const keep = intArg(VirtError.FROM_DOMAIN_SNAPSHOT, "maxnames", maxnames, 0, REMOTE_CONST.REMOTE_DOMAIN_SNAPSHOT_LIST_MAX);
  return { ask: Math.max(keep, 1024), keep };
}

/**
 * A snapshot of a domain (Sys::Virt::DomainSnapshot). The name is known
 * locally; everything else is a call. Obtained from Domain.createSnapshot,
 * getSnapshotByName, currentSnapshot and the list calls.
 */
class DomainSnapshotClass extends MomentHandle {
  /** @internal the wire form */
  get ref(): remote_nonnull_domain_snapshot {
    return this.wireRef();
  }

  /** flags: DomainSnapshot.XML_SECURE. */
  async getXmlDescription(flags = 0, opts?: CallOptions): Promise<string> {
    return (await this.domain.conn.call("domain_snapshot_get_xml_desc", { snap: this.ref, flags }, opts)).xml;
  }

  /** Return the domain to this snapshot's state; flags: DomainSnapshot.REVERT_*. */
  async revertTo(flags = 0, opts?: CallOptions): Promise<void> {
    await this.domain.conn.call("domain_revert_to_snapshot", { snap: this.ref, flags }, opts);
  }

  /** flags: DomainSnapshot.DELETE_*. */
  async delete(flags = 0, opts?: CallOptions): Promise<void> {
    await this.domain.conn.call("domain_snapshot_delete", { snap: this.ref, flags }, opts);
  }

  /** The parent snapshot; fails with VIR_ERR_NO_DOMAIN_SNAPSHOT for a root. */
  async getParent(flags = 0, opts?: CallOptions): Promise<DomainSnapshotClass> {
    const r = await this.domain.conn.call("domain_snapshot_get_parent", { snap: this.ref, flags }, opts);
    return new DomainSnapshotClass(this.domain, r.snap.name);
  }

  /** flags: DomainSnapshot.LIST_* (LIST_DESCENDANTS counts the whole subtree). */
  async numOfChildSnapshots(flags = 0, opts?: CallOptions): Promise<number> {
    return (await this.domain.conn.call("domain_snapshot_num_children", { snap: this.ref, flags }, opts)).num;
  }

  async listChildSnapshotNames(maxnames: number, flags = 0, opts?: CallOptions): Promise<string[]> {
    const { ask, keep } = snapshotNamesRequest(maxnames);
    const r = await this.domain.conn.call("domain_snapshot_list_children_names", { snap: this.ref, maxnames: ask, flags }, opts);
    return r.names.slice(0, keep);
  }

  /** Children by count, names, then one lookup each (Sys::Virt's list_child_snapshots); prefer listAllChildren. */
  async listChildSnapshots(opts?: CallOptions): Promise<DomainSnapshotClass[]> {
    const n = await this.numOfChildSnapshots(0, opts);
    const names = await this.listChildSnapshotNames(n, 0, opts);
    return lookupEach(names, (name) => this.domain.getSnapshotByName(name, opts));
  }

  /** flags: DomainSnapshot.LIST_*. */
  async listAllChildren(flags = 0, opts?: CallOptions): Promise<DomainSnapshotClass[]> {
    const r = await this.domain.conn.call("domain_snapshot_list_all_children", { snapshot: this.ref, need_results: 1, flags }, opts);
    // Children are bound to this snapshot's domain handle, as libvirt's client does.
    return r.snapshots.map((c) => new DomainSnapshotClass(this.domain, c.name));
  }

  async isCurrent(flags = 0, opts?: CallOptions): Promise<boolean> {
    return (await this.domain.conn.call("domain_snapshot_is_current", { snap: this.ref, flags }, opts)).current !== 0;
  }

  async hasMetadata(flags = 0, opts?: CallOptions): Promise<boolean> {
    return (await this.domain.conn.call("domain_snapshot_has_metadata", { snap: this.ref, flags }, opts)).metadata !== 0;
  }
}

/** DomainSnapshot with Sys::Virt::DomainSnapshot's constants as static members (DomainSnapshot.LIST_ROOTS, ...). */
export const DomainSnapshot = Object.assign(DomainSnapshotClass, SnapshotConstants);
export type DomainSnapshot = DomainSnapshotClass;
