// Which daemons a version test runs against, and what each should know.
import type { LibvirtDaemon } from "../helpers/versions.js";
import { availableDaemons, matrixRequired, versionNumber } from "../helpers/versions.js";
import type { Skippable } from "../helpers/live.js";
import { VirtError } from "../../src/index.js";

/**
 * The reachable daemons, oldest first. Under scripts/test-matrix.sh all three
 * generations must be there; otherwise whatever runs (at least the machine's).
 */
export function daemonsOrSkip(t: Skippable): LibvirtDaemon[] {
  const ds = availableDaemons();
  if (matrixRequired()) {
    const suites = ds.map((d) => d.suite).join(",");
    if (suites !== "host,trixie,sid") throw new Error(`matrix needs the host, trixie and sid daemons; running: ${suites || "none"}`);
  }
  if (ds.length === 0) t.skip("no libvirtd reachable (scripts/setup-libvirt.sh, scripts/libvirt-versions.sh start)");
  return ds;
}

/**
 * Callable procedures newer than libvirt 9.0 and the release that added them
 * ("Since" of their API in libvirt 12.8's libvirt-api.xml). 446 and 453..455
 * are events, which only the server sends.
 */
export const PROC_SINCE: ReadonlyMap<number, string> = new Map([
  [444, "9.7.0"], // network_set_metadata
  [445, "9.7.0"], // network_get_metadata
  [447, "10.1.0"], // node_device_update
  [448, "10.2.0"], // domain_graphics_reload
  [449, "11.2.0"], // domain_get_autostart_once
  [450, "11.2.0"], // domain_set_autostart_once
  [451, "11.2.0"], // domain_set_throttle_group
  [452, "11.2.0"], // domain_del_throttle_group
  [456, "12.5.0"], // domain_announce_interface
]);

/** Domain event ids newer than 9.0 and the release that added them. */
export const EVENT_SINCE: ReadonlyMap<number, string> = new Map([
  [27, "11.2.0"], // NIC_MAC_CHANGE
  [28, "12.4.0"], // VCPU_REMOVED
  [29, "12.4.0"], // CHANNEL_LIFECYCLE
]);

export function hasSince(d: LibvirtDaemon, since: string): boolean {
  return d.versionNumber >= versionNumber(since);
}

export function knowsProc(d: LibvirtDaemon, proc: number): boolean {
  const since = PROC_SINCE.get(proc);
  if (since === undefined) throw new Error(`no release recorded for procedure ${proc}`);
  return hasSince(d, since);
}

/** The daemon's refusal of a procedure it does not have: VIR_ERR_RPC (39) from VIR_FROM_RPC (7). */
export function isUnknownProcedure(e: unknown, proc: number): boolean {
  return e instanceof VirtError && e.code === 39 && e.domain === 7 && e.message === `unknown procedure: ${proc}`;
}
