// Conversion between domain XML and a hypervisor's native configuration
// (Sys::Virt's domain_xml_from_native / domain_xml_to_native).
import { Connection } from "./connection.js";
import type { CallOptions } from "../rpc/call-options.js";
import { str, u32 } from "./domain/args.js";

declare module "./connection.js" {
  interface Connection {
    /** Domain XML for `config` written in `format` (e.g. "qemu-argv"). */
    domainXmlFromNative(format: string, config: string, flags?: number, opts?: CallOptions): Promise<string>;
    /** The native configuration in `format` for domain `xml`. */
    domainXmlToNative(format: string, xml: string, flags?: number, opts?: CallOptions): Promise<string>;
  }
}

Connection.prototype.domainXmlFromNative = async function (this: Connection, format: string, config: string, flags = 0, opts?: CallOptions) {
  const args = { nativeFormat: str("format", format), nativeConfig: str("config", config), flags: u32("flags", flags) };
  return (await this.call("connect_domain_xml_from_native", args, opts)).domainXml;
};

Connection.prototype.domainXmlToNative = async function (this: Connection, format: string, xml: string, flags = 0, opts?: CallOptions) {
  const args = { nativeFormat: str("format", format), domainXml: str("xml", xml), flags: u32("flags", flags) };
  return (await this.call("connect_domain_xml_to_native", args, opts)).nativeConfig;
};
