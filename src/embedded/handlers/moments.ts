// Snapshot and checkpoint procedures.
import type { HandlerTable } from "./types.js";
import * as SN from "../driver/ops/snapshots.js";
import * as CK from "../driver/ops/checkpoints.js";
import { denySecure, ErrCode, ErrDomain, virErr } from "../driver/errors.js";
import { toRef } from "../convert.js";
import type { remote_nonnull_domain } from "../../protocol/generated/remote-types.js";

const snap = (dom: remote_nonnull_domain, name: string) => ({ name, dom });

function maxNames(n: number, fn: string): void {
  if (n < 0) throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN_SNAPSHOT, `nameslen in ${fn} must be zero or greater`);
}

export const momentHandlers: HandlerTable = {
  domain_snapshot_create_xml: (ctx, a) => {
    const r = SN.snapshotCreate(ctx.hv, toRef(a.dom), a.xml_desc, a.flags);
    return { snap: snap(r.halted ? { ...a.dom, id: -1 } : a.dom, r.name) };
  },
  domain_snapshot_get_xml_desc: (ctx, a) => {
    denySecure(ctx.readonly, a.flags, "virDomainSnapshotGetXMLDesc", ErrDomain.DOMAIN_SNAPSHOT);
    return { xml: SN.snapshotXml(ctx.hv, toRef(a.snap.dom), a.snap.name, a.flags) };
  },
  domain_snapshot_num: (ctx, a) => ({ num: SN.snapshotList(ctx.hv, toRef(a.dom), a.flags, "testDomainSnapshotNum").length }),
  domain_snapshot_list_names: (ctx, a) => {
    maxNames(a.maxnames, "virDomainSnapshotListNames");
    return { names: SN.snapshotList(ctx.hv, toRef(a.dom), a.flags, "testDomainSnapshotListNames").slice(0, a.maxnames) };
  },
  domain_list_all_snapshots: (ctx, a) => {
    const names = SN.snapshotList(ctx.hv, toRef(a.dom), a.flags);
    return { snapshots: a.need_results ? names.map((n) => snap(a.dom, n)) : [], ret: names.length };
  },
  domain_snapshot_num_children: (ctx, a) => ({
    num: SN.snapshotChildren(ctx.hv, toRef(a.snap.dom), a.snap.name, a.flags, "testDomainSnapshotNumChildren").length,
  }),
  domain_snapshot_list_children_names: (ctx, a) => {
    maxNames(a.maxnames, "virDomainSnapshotListChildrenNames");
    const names = SN.snapshotChildren(ctx.hv, toRef(a.snap.dom), a.snap.name, a.flags, "testDomainSnapshotListChildrenNames");
    return { names: names.slice(0, a.maxnames) };
  },
  domain_snapshot_list_all_children: (ctx, a) => {
    const names = SN.snapshotChildren(ctx.hv, toRef(a.snapshot.dom), a.snapshot.name, a.flags);
    return { snapshots: a.need_results ? names.map((n) => snap(a.snapshot.dom, n)) : [], ret: names.length };
  },
  domain_snapshot_lookup_by_name: (ctx, a) => ({ snap: snap(a.dom, SN.snapshotLookup(ctx.hv, toRef(a.dom), a.name, a.flags)) }),
  domain_has_current_snapshot: (ctx, a) => ({ result: SN.hasCurrentSnapshot(ctx.hv, toRef(a.dom), a.flags) ? 1 : 0 }),
  domain_snapshot_get_parent: (ctx, a) => ({
    snap: snap(a.snap.dom, SN.snapshotParent(ctx.hv, toRef(a.snap.dom), a.snap.name, a.flags)),
  }),
  domain_snapshot_current: (ctx, a) => ({ snap: snap(a.dom, SN.snapshotCurrent(ctx.hv, toRef(a.dom), a.flags)) }),
  domain_snapshot_is_current: (ctx, a) => ({
    current: SN.snapshotIsCurrent(ctx.hv, toRef(a.snap.dom), a.snap.name, a.flags) ? 1 : 0,
  }),
  domain_snapshot_has_metadata: (ctx, a) => ({
    metadata: SN.snapshotHasMetadata(ctx.hv, toRef(a.snap.dom), a.snap.name, a.flags) ? 1 : 0,
  }),
  domain_revert_to_snapshot: (ctx, a) => SN.snapshotRevert(ctx.hv, toRef(a.snap.dom), a.snap.name, a.flags),
  domain_snapshot_delete: (ctx, a) => SN.snapshotDelete(ctx.hv, toRef(a.snap.dom), a.snap.name, a.flags),

  domain_checkpoint_create_xml: (ctx, a) => ({
    checkpoint: snap(a.dom, CK.checkpointCreate(ctx.hv, toRef(a.dom), a.xml_desc, a.flags)),
  }),
  domain_checkpoint_get_xml_desc: (ctx, a) => {
    denySecure(ctx.readonly, a.flags, "virDomainCheckpointGetXMLDesc", ErrDomain.DOMAIN_CHECKPOINT);
    return { xml: CK.checkpointXml(ctx.hv, toRef(a.checkpoint.dom), a.checkpoint.name, a.flags) };
  },
  domain_list_all_checkpoints: (ctx, a) => {
    const names = CK.checkpointList(ctx.hv, toRef(a.dom), null, a.flags);
    return { checkpoints: a.need_results ? names.map((n) => snap(a.dom, n)) : [], ret: names.length };
  },
  domain_checkpoint_list_all_children: (ctx, a) => {
    const names = CK.checkpointList(ctx.hv, toRef(a.checkpoint.dom), a.checkpoint.name, a.flags);
    return { checkpoints: a.need_results ? names.map((n) => snap(a.checkpoint.dom, n)) : [], ret: names.length };
  },
  domain_checkpoint_lookup_by_name: (ctx, a) => ({
    checkpoint: snap(a.dom, CK.checkpointLookup(ctx.hv, toRef(a.dom), a.name, a.flags)),
  }),
  domain_checkpoint_get_parent: (ctx, a) => ({
    parent: snap(a.checkpoint.dom, CK.checkpointParent(ctx.hv, toRef(a.checkpoint.dom), a.checkpoint.name, a.flags)),
  }),
  domain_checkpoint_delete: (ctx, a) => CK.checkpointDelete(ctx.hv, toRef(a.checkpoint.dom), a.checkpoint.name, a.flags),
};
