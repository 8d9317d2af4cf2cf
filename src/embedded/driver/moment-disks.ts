// The disks a snapshot or checkpoint request names, matched to the domain's
// disks the way both libvirt alignments do it before their own rules.
import { ErrCode, virErr } from "./errors.js";
import type { DiskDevice } from "./xml/domain-def.js";

/**
 * Each request keyed by the target of the disk it names (by target or
 * source), in request order; `check` vets a pairing before the next one.
 * Errors carry `errDomain` (snapshot or checkpoint).
 */
export function matchRequestedDisks<R extends { name: string }>(
  disks: readonly DiskDevice[],
  requested: readonly R[],
  errDomain: number,
  check?: (disk: DiskDevice, r: R) => void,
): Map<string, R> {
  const byTarget = new Map<string, R>();
  for (const r of requested) {
    const disk = disks.find((d) => d.dst === r.name || d.src === r.name);
    if (!disk) throw virErr(ErrCode.CONFIG_UNSUPPORTED, errDomain, `no disk named '${r.name}'`);
    if (byTarget.has(disk.dst)) throw virErr(ErrCode.CONFIG_UNSUPPORTED, errDomain, `disk '${disk.dst}' specified twice`);
    check?.(disk, r);
    byTarget.set(disk.dst, r);
  }
  return byTarget;
}
