import { MomentHandle } from "./moment-handle.js";
import type { CallOptions } from "../rpc/call-options.js";
import type { remote_nonnull_domain_checkpoint } from "../protocol/generated/remote-types.js";
import { DomainCheckpoint as CheckpointConstants } from "../protocol/generated/constants.js";

/**
 * A checkpoint of a domain's disks (Sys::Virt::DomainCheckpoint), the base
 * for incremental backups. Obtained from Domain.createCheckpoint,
 * getCheckpointByName and listAllCheckpoints.
 */
class DomainCheckpointClass extends MomentHandle {
  /** @internal the wire form */
  get ref(): remote_nonnull_domain_checkpoint {
    return this.wireRef();
  }

  /** flags: DomainCheckpoint.XML_*. */
  async getXmlDescription(flags = 0, opts?: CallOptions): Promise<string> {
    return (await this.domain.conn.call("domain_checkpoint_get_xml_desc", { checkpoint: this.ref, flags }, opts)).xml;
  }

  /** flags: DomainCheckpoint.DELETE_*. */
  async delete(flags = 0, opts?: CallOptions): Promise<void> {
    await this.domain.conn.call("domain_checkpoint_delete", { checkpoint: this.ref, flags }, opts);
  }

  /** The parent checkpoint; fails with VIR_ERR_NO_DOMAIN_CHECKPOINT for a root. */
  async getParent(flags = 0, opts?: CallOptions): Promise<DomainCheckpointClass> {
    const r = await this.domain.conn.call("domain_checkpoint_get_parent", { checkpoint: this.ref, flags }, opts);
    return new DomainCheckpointClass(this.domain, r.parent.name);
  }

  /** flags: DomainCheckpoint.LIST_*. */
  async listAllChildren(flags = 0, opts?: CallOptions): Promise<DomainCheckpointClass[]> {
    const r = await this.domain.conn.call(
      "domain_checkpoint_list_all_children",
      { checkpoint: this.ref, need_results: 1, flags },
      opts,
    );
    return r.checkpoints.map((c) => new DomainCheckpointClass(this.domain, c.name));
  }
}

/** DomainCheckpoint with Sys::Virt::DomainCheckpoint's constants as static members. */
export const DomainCheckpoint = Object.assign(DomainCheckpointClass, CheckpointConstants);
export type DomainCheckpoint = DomainCheckpointClass;
