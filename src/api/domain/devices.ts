// Device hotplug. As Sys::Virt does, flags 0 selects the old flag-less
// procedures (ATTACH_DEVICE / DETACH_DEVICE), which act on the live domain
// only; any flag selects the *_FLAGS procedures.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { str, u32 } from "./args.js";

declare module "./handle.js" {
  interface Domain {
    /** Hotplug the device described by `xml` (DEVICE_MODIFY_* flags; 0 = live only). */
    attachDevice(xml: string, flags?: number, opts?: CallOptions): Promise<void>;
    /** Hot-unplug the device described by `xml`. */
    detachDevice(xml: string, flags?: number, opts?: CallOptions): Promise<void>;
    /** Hot-unplug the device with this alias (e.g. "ua-disk1"). */
    detachDeviceAlias(alias: string, flags?: number, opts?: CallOptions): Promise<void>;
    /** Change an existing device (media change, link state, ...). */
    updateDevice(xml: string, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.attachDevice = async function (this: Domain, xml: string, flags = 0, opts?: CallOptions) {
  const x = str("xml", xml);
  const f = u32("flags", flags);
  if (f === 0) await this.conn.call("domain_attach_device", { dom: this.ref, xml: x }, opts);
  else await this.conn.call("domain_attach_device_flags", { dom: this.ref, xml: x, flags: f }, opts);
};

Domain.prototype.detachDevice = async function (this: Domain, xml: string, flags = 0, opts?: CallOptions) {
  const x = str("xml", xml);
  const f = u32("flags", flags);
  if (f === 0) await this.conn.call("domain_detach_device", { dom: this.ref, xml: x }, opts);
  else await this.conn.call("domain_detach_device_flags", { dom: this.ref, xml: x, flags: f }, opts);
};

Domain.prototype.detachDeviceAlias = async function (this: Domain, alias: string, flags = 0, opts?: CallOptions) {
  const a = str("alias", alias);
  await this.conn.call("domain_detach_device_alias", { dom: this.ref, alias: a, flags: u32("flags", flags) }, opts);
};

Domain.prototype.updateDevice = async function (this: Domain, xml: string, flags = 0, opts?: CallOptions) {
  const x = str("xml", xml);
  await this.conn.call("domain_update_device_flags", { dom: this.ref, xml: x, flags: u32("flags", flags) }, opts);
};
