import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";

declare module "./handle.js" {
  interface Domain {
    /** The domain's XML (virDomainGetXMLDesc); flags: Domain.XML_*. */
    getXmlDescription(flags?: number, opts?: CallOptions): Promise<string>;
  }
}

Domain.prototype.getXmlDescription = async function (this: Domain, flags = 0, opts?: CallOptions) {
  return (await this.conn.call("domain_get_xml_desc", { dom: this.ref, flags }, opts)).xml;
};
