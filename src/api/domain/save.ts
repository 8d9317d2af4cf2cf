import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { encodeTypedParams, type ParamTable, type TypedParamValue } from "../typed-params.js";
import { ParamType } from "../../protocol/typed-param-types.js";
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
import { absolutePath, badArg, optStr, paramsObject } from "./args.js";

/** Save/restore parameters (Domain.SAVE_PARAM_*), as Sys::Virt accepts them. */
export type SaveParams = Readonly<Record<string, TypedParamValue | undefined>>;

/** The fields Sys::Virt sends to SaveParams/RestoreParams, with their wire types. */
export const SAVE_PARAM_TYPES: ParamTable = {
  file: ParamType.STRING,
  dxml: ParamType.STRING,
  // Newer libvirt (11.2) only; older servers refuse them.
  image_format: ParamType.STRING,
  "parallel.channels": ParamType.INT,
};

/** The three procedures of the save family or of the restore family. */
interface SaveProcs {
  params(params: remote_typed_param[]): Promise<unknown>;
  flags(file: string, dxml: string | null): Promise<unknown>;
  plain(file: string): Promise<unknown>;
}

/**
 * Sys::Virt's save/restore argument rules: with a params object, file and dxml
 * are folded into it and the *Params procedure is used; otherwise *Flags when
 * dxml or flags are given, else the plain procedure.
 */
async function callSave(file: unknown, dxml: unknown, params: unknown, flags: number, procs: SaveProcs): Promise<void> {
  if ((file === null || file === undefined) && (params === null || params === undefined)) {
    throw badArg("either a file name or a params object must be given");
  }
  const x = optStr("dxml", dxml);
  if (params !== null && params !== undefined) {
    const merged: Record<string, TypedParamValue | undefined> = { ...paramsObject("params", params) };
    // Sent as given (SaveParams does not absolutize), like libvirt's client.
    if (file !== null && file !== undefined) merged["file"] = optStr("file", file) ?? undefined;
    if (x !== null) merged["dxml"] = x;
    // In table order, as Sys::Virt sends them; unknown keys go last (and are refused).
    const ordered: Record<string, TypedParamValue | undefined> = {};
    for (const k of Object.keys(SAVE_PARAM_TYPES)) if (k in merged) ordered[k] = merged[k];
    Object.assign(ordered, merged);
    await procs.params(encodeTypedParams(ordered, SAVE_PARAM_TYPES));
    return;
  }
  const f = absolutePath("file", file);
  await (x !== null || flags !== 0 ? procs.flags(f, x) : procs.plain(f));
}

/** Domain.save or Connection.restoreDomain: Sys::Virt's signature, then callSave on `self`'s procedures. */
export function saveMethod<T>(procs: (self: T, flags: number, opts?: CallOptions) => SaveProcs) {
  return async function (
    this: T,
    file: string | null,
    dxml: string | null = null,
    params: SaveParams | null = null,
    flags = 0,
    opts?: CallOptions,
  ): Promise<void> {
    await callSave(file, dxml, params, flags, procs(this, flags, opts));
  };
}

declare module "./handle.js" {
  interface Domain {
    /**
     * Save the domain's state to a file (Sys::Virt's save($filename, $dxml, $params, $flags)).
     * A plain save (no dxml, params or flags) leaves this handle's id at -1, as libvirt does.
     */
    save(file: string | null, dxml?: string | null, params?: SaveParams | null, flags?: number, opts?: CallOptions): Promise<void>;
    /** Save to the managed location; the next create() restores it. The handle's id becomes -1. */
    managedSave(flags?: number, opts?: CallOptions): Promise<void>;
    managedSaveRemove(flags?: number, opts?: CallOptions): Promise<void>;
    managedSaveGetXmlDescription(flags?: number, opts?: CallOptions): Promise<string>;
    managedSaveDefineXml(xml: string, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.save = saveMethod((dom: Domain, flags, opts) => ({
  params: (p) => dom.conn.call("domain_save_params", { dom: dom.ref, params: p, flags }, opts),
  flags: (to, x) => dom.conn.call("domain_save_flags", { dom: dom.ref, to, dxml: x, flags }, opts),
  plain: async (to) => {
    await dom.conn.call("domain_save", { dom: dom.ref, to }, opts);
    // libvirt's client forgets the id after a plain Save (not SaveFlags/SaveParams).
    dom.setId(-1);
  },
}));

Domain.prototype.managedSave = async function (this: Domain, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_managed_save", { dom: this.ref, flags }, opts);
  this.setId(-1);
};

Domain.prototype.managedSaveRemove = async function (this: Domain, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_managed_save_remove", { dom: this.ref, flags }, opts);
};

Domain.prototype.managedSaveGetXmlDescription = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return (await this.conn.call("domain_managed_save_get_xml_desc", { dom: this.ref, flags }, opts)).xml;
};

Domain.prototype.managedSaveDefineXml = async function (this: Domain, xml: string, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_managed_save_define_xml", { dom: this.ref, dxml: xml, flags }, opts);
};
