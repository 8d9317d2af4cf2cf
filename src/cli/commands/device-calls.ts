// virsh's choice of hotplug procedure: the *_FLAGS one whenever a flag or
// --current was given, the flag-less one otherwise. The API picks by flags
// alone (0 = flag-less), so --current alone is made here through Connection.call.
import type { Args } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";

export async function attachDeviceAs(ctx: Ctx, a: Args, d: Domain, xml: string, flags: number): Promise<void> {
  if (flags !== 0 || !a.bool("current")) return d.attachDevice(xml, flags, ctx.call);
  await d.getConnection().call("domain_attach_device_flags", { dom: d.ref, xml, flags: 0 }, ctx.call);
}

export async function detachDeviceAs(ctx: Ctx, a: Args, d: Domain, xml: string, flags: number): Promise<void> {
  if (flags !== 0 || !a.bool("current")) return d.detachDevice(xml, flags, ctx.call);
  await d.getConnection().call("domain_detach_device_flags", { dom: d.ref, xml, flags: 0 }, ctx.call);
}
