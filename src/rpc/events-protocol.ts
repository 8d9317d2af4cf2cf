// Event messages newer than the generated protocol table. A server older than
// them never sends them; a newer one does, and they must decode, not warn.
import type { ProgramDef, ProcedureDef, TypeRef } from "../xdr/schema.js";

const EXTRA_TYPES: Readonly<Record<string, TypeRef>> = {
  // libvirt 11.x: VIR_DOMAIN_EVENT_ID_NIC_MAC_CHANGE (27), flat with callbackID first.
  remote_domain_event_nic_mac_change_msg: {
    t: "struct",
    fields: [
      ["callbackID", "int"],
      ["dom", "remote_nonnull_domain"],
      ["alias", "remote_nonnull_string"],
      ["oldMAC", "remote_nonnull_string"],
      ["newMAC", "remote_nonnull_string"],
    ],
  },
};

const EXTRA_PROCS: readonly ProcedureDef[] = [
  { name: "domain_event_nic_mac_change", num: 453, args: "remote_domain_event_nic_mac_change_msg", ret: null },
];

/** `def` plus the event messages above that it lacks (by procedure number). */
export function withNewerEvents(def: ProgramDef): ProgramDef {
  const have = new Set(def.procedures.map((p) => p.num));
  const procs = EXTRA_PROCS.filter((p) => !have.has(p.num));
  if (procs.length === 0) return def;
  const types: Record<string, TypeRef> = { ...def.types };
  for (const p of procs) {
    const t = p.args ? EXTRA_TYPES[p.args] : undefined;
    if (p.args && t && !(p.args in types)) types[p.args] = t;
  }
  return { ...def, types, procedures: [...def.procedures, ...procs] };
}
