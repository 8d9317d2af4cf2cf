import { Connection } from "./connection.js";
import type { CallOptions } from "../rpc/call-options.js";
import { saveMethod, type SaveParams } from "./domain/save.js";
import { absolutePath } from "./domain/args.js";

declare module "./connection.js" {
  interface Connection {
    /**
     * Start a domain from a save file (Sys::Virt's restore_domain($file, $dxml, $params, $flags)):
     * with params, RestoreParams (file and dxml folded in); with dxml or flags,
     * RestoreFlags; otherwise Restore. Resolves once the domain runs.
     */
    restoreDomain(file: string | null, dxml?: string | null, params?: SaveParams | null, flags?: number, opts?: CallOptions): Promise<void>;
    /** The domain XML stored in a save file; flags: Domain.SAVE_IMAGE_XML_SECURE. */
    getSaveImageXmlDescription(file: string, flags?: number, opts?: CallOptions): Promise<string>;
    /** Replace the domain XML stored in a save file; flags: Domain.SAVE_RUNNING / SAVE_PAUSED. */
    defineSaveImageXml(file: string, xml: string, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Connection.prototype.restoreDomain = saveMethod((conn: Connection, flags, opts) => ({
  params: (p) => conn.call("domain_restore_params", { params: p, flags }, opts),
  flags: (from, x) => conn.call("domain_restore_flags", { from, dxml: x, flags }, opts),
  plain: (from) => conn.call("domain_restore", { from }, opts),
}));

Connection.prototype.getSaveImageXmlDescription = async function (this: Connection, file: string, flags = 0, opts?: CallOptions) {
  const f = absolutePath("file", file);
  return (await this.call("domain_save_image_get_xml_desc", { file: f, flags }, opts)).xml;
};

Connection.prototype.defineSaveImageXml = async function (this: Connection, file: string, xml: string, flags = 0, opts?: CallOptions) {
  const f = absolutePath("file", file);
  await this.call("domain_save_image_define_xml", { file: f, dxml: xml, flags }, opts);
};
