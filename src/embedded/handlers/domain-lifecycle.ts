// Domain lookup, definition, lifecycle, XML and save/restore procedures.
import type { HandlerTable } from "./types.js";
import * as L from "../driver/ops/lifecycle.js";
import * as S from "../driver/ops/save.js";
import { apiArgErr, argErr, denySecure, ErrCode, ErrDomain, exclusiveFlags, virErr } from "../driver/errors.js";
import { fromRef, toRef } from "../convert.js";
import type { DomRef } from "../driver/domain-obj.js";

/** Reply with the handle libvirt would hand back (id as cached, updated on start). */
const dom = (r: DomRef) => ({ dom: fromRef(r) });

/** The save family's public API refuses RUNNING with PAUSED before any driver call. */
function runningOrPaused(flags: number, fn: string): number {
  if (flags & 2 && flags & 4) throw exclusiveFlags("VIR_DOMAIN_SAVE_RUNNING", "VIR_DOMAIN_SAVE_PAUSED", ErrDomain.DOMAIN, fn);
  return flags;
}

/** A call the test driver lacks, after its public API's flag check. */
const savingUnsupported = (fn: string) => (_ctx: unknown, a: { flags: number }) => {
  runningOrPaused(a.flags, fn);
  throw virErr(ErrCode.NO_SUPPORT, ErrDomain.DOMAIN, fn);
};

export const domainLifecycleHandlers: HandlerTable = {
  domain_lookup_by_name: (ctx, a) => dom(L.lookupByName(ctx.hv, a.name)),
  domain_lookup_by_id: (ctx, a) => dom(L.lookupById(ctx.hv, a.id)),
  domain_lookup_by_uuid: (ctx, a) => dom(L.lookupByUuid(ctx.hv, a.uuid)),
  domain_create_xml: (ctx, a) => dom(L.createXml(ctx.hv, a.xml_desc, a.flags)),
  domain_create_xml_with_files: (ctx, a) => dom(L.createXml(ctx.hv, a.xml_desc, a.flags)),
  domain_define_xml: (ctx, a) => dom(L.defineXml(ctx.hv, a.xml, 0)),
  domain_define_xml_flags: (ctx, a) => dom(L.defineXml(ctx.hv, a.xml, a.flags)),
  domain_undefine: (ctx, a) => L.undefine(ctx.hv, toRef(a.dom), 0),
  domain_undefine_flags: (ctx, a) => L.undefine(ctx.hv, toRef(a.dom), a.flags),
  domain_create: (ctx, a) => void L.create(ctx.hv, toRef(a.dom), 0),
  domain_create_with_flags: (ctx, a) => {
    const id = L.create(ctx.hv, toRef(a.dom), a.flags);
    return { dom: { ...a.dom, id } };
  },
  domain_create_with_files: (ctx, a) => {
    const id = L.create(ctx.hv, toRef(a.dom), a.flags);
    return { dom: { ...a.dom, id } };
  },
  domain_destroy: (ctx, a) => L.destroy(ctx.hv, toRef(a.dom), 0),
  domain_destroy_flags: (ctx, a) => L.destroy(ctx.hv, toRef(a.dom), a.flags),
  domain_suspend: (ctx, a) => L.suspend(ctx.hv, toRef(a.dom)),
  domain_resume: (ctx, a) => L.resume(ctx.hv, toRef(a.dom)),
  domain_shutdown: (ctx, a) => L.shutdown(ctx.hv, toRef(a.dom), 0),
  domain_shutdown_flags: (ctx, a) => L.shutdown(ctx.hv, toRef(a.dom), a.flags),
  domain_reboot: (ctx, a) => L.reboot(ctx.hv, toRef(a.dom), a.flags),
  domain_reset: (ctx, a) => L.reset(ctx.hv, toRef(a.dom), a.flags),
  domain_rename: (ctx, a) => {
    if (a.new_name === null) throw apiArgErr("virDomainRename", "new_name", "must not be NULL");
    if (a.new_name === "") throw argErr(ErrDomain.DOMAIN, "virDomainRename", "new_name", "string new_name in virDomainRename must not be empty");
    L.rename(ctx.hv, toRef(a.dom), a.new_name, a.flags);
    return { retcode: 0 };
  },
  domain_get_info: (ctx, a) => L.getInfo(ctx.hv, toRef(a.dom)),
  domain_get_state: (ctx, a) => L.getState(ctx.hv, toRef(a.dom), a.flags),
  domain_get_control_info: (ctx, a) => L.getControlInfo(ctx.hv, toRef(a.dom), a.flags),
  domain_get_xml_desc: (ctx, a) => {
    denySecure(ctx.readonly, a.flags, "virDomainGetXMLDesc");
    return { xml: L.getXmlDesc(ctx.hv, toRef(a.dom), a.flags) };
  },
  // The test driver answers these without looking the domain up.
  domain_get_os_type: () => ({ type: "linux" }),
  domain_is_updated: () => ({ updated: 0 }),
  domain_is_active: (ctx, a) => ({ active: L.isActive(ctx.hv, toRef(a.dom)) ? 1 : 0 }),
  domain_is_persistent: (ctx, a) => ({ persistent: L.isPersistent(ctx.hv, toRef(a.dom)) ? 1 : 0 }),
  domain_get_autostart: (ctx, a) => ({ autostart: L.getAutostart(ctx.hv, toRef(a.dom)) ? 1 : 0 }),
  domain_set_autostart: (ctx, a) => L.setAutostart(ctx.hv, toRef(a.dom), a.autostart !== 0),
  domain_get_hostname: (ctx, a) => ({ hostname: L.getHostname(ctx.hv, toRef(a.dom), a.flags) }),
  domain_save: (ctx, a) => S.save(ctx.hv, toRef(a.dom), a.to, null, 0),
  domain_save_flags: (ctx, a) => S.save(ctx.hv, toRef(a.dom), a.to, a.dxml, runningOrPaused(a.flags, "virDomainSaveFlags")),
  domain_save_params: savingUnsupported("virDomainSaveParams"),
  domain_restore: (ctx, a) => S.restore(ctx.hv, a.from, null, 0),
  domain_restore_flags: (ctx, a) => S.restore(ctx.hv, a.from, a.dxml, runningOrPaused(a.flags, "virDomainRestoreFlags")),
  domain_restore_params: savingUnsupported("virDomainRestoreParams"),
  domain_save_image_get_xml_desc: (ctx, a) => {
    if (ctx.readonly && a.flags & 1) {
      throw virErr(ErrCode.OPERATION_DENIED, ErrDomain.DOMAIN, "read only access prevents virDomainSaveImageGetXMLDesc");
    }
    return { xml: S.saveImageGetXmlDesc(ctx.hv, a.file, a.flags) };
  },
  domain_save_image_define_xml: (ctx, a) => S.saveImageDefineXml(ctx.hv, a.file, a.dxml, runningOrPaused(a.flags, "virDomainSaveImageDefineXML")),
  domain_managed_save: (ctx, a) => S.managedSave(ctx.hv, toRef(a.dom), runningOrPaused(a.flags, "virDomainManagedSave")),
  domain_managed_save_define_xml: savingUnsupported("virDomainManagedSaveDefineXML"),
  domain_has_managed_save_image: (ctx, a) => ({ result: S.hasManagedSave(ctx.hv, toRef(a.dom), a.flags) ? 1 : 0 }),
  domain_managed_save_remove: (ctx, a) => S.managedSaveRemove(ctx.hv, toRef(a.dom), a.flags),
  domain_core_dump: (ctx, a) => S.coreDump(ctx.hv, toRef(a.dom), a.to, 0, a.flags),
  domain_core_dump_with_format: (ctx, a) => S.coreDump(ctx.hv, toRef(a.dom), a.to, a.dumpformat, a.flags),
};
