// Defining, starting, stopping and looking up domains (test_driver.c's
// lifecycle APIs), with the same checks, state reasons and events.
import { checkFlags, ErrCode, ErrDomain, notRunning, rawErr, testErr, virErr } from "../errors.js";
import { State, type DomainObj, type DomRef } from "../domain-obj.js";
import { Detail, Lifecycle } from "../events.js";
import type { Hypervisor } from "../hypervisor.js";
import { parseDomainXml } from "../xml/domain-parse.js";
import { formatDomain } from "../xml/domain-format.js";
import type { DomainInfo } from "../../../protocol/info-structs.js";

// virDomainState reasons used here.
const RUNNING_BOOTED = 1;
const RUNNING_UNPAUSED = 5;
const PAUSED_USER = 1;
const SHUTOFF_SHUTDOWN = 1;
const SHUTOFF_DESTROYED = 2;

export function checkActive(obj: DomainObj): void {
  if (!obj.active) throw notRunning();
}

export function lookupByName(hv: Hypervisor, name: string): DomRef {
  const d = hv.findByName(name);
  if (!d) throw virErr(ErrCode.NO_DOMAIN, ErrDomain.TEST);
  return d.ref();
}

export function lookupById(hv: Hypervisor, id: number): DomRef {
  const d = hv.findById(id);
  if (!d) throw virErr(ErrCode.NO_DOMAIN, ErrDomain.TEST);
  return d.ref();
}

export function lookupByUuid(hv: Hypervisor, uuid: Uint8Array): DomRef {
  const d = hv.findByUuid(uuid);
  if (!d) throw virErr(ErrCode.NO_DOMAIN, ErrDomain.TEST);
  return d.ref();
}

export function createXml(hv: Hypervisor, xml: string, flags: number): DomRef {
  checkFlags(flags, 16 /* START_VALIDATE */, "testDomainCreateXML");
  const def = parseDomainXml(xml);
  const { obj } = hv.add(def, { live: true, checkLive: true });
  hv.startState(obj, RUNNING_BOOTED);
  hv.emitLifecycle(obj, Lifecycle.STARTED, Detail.STARTED_BOOTED);
  return obj.ref();
}

export function defineXml(hv: Hypervisor, xml: string, flags: number): DomRef {
  checkFlags(flags, 1 /* DEFINE_VALIDATE */, "testDomainDefineXMLFlags");
  const def = parseDomainXml(xml);
  if (def.name.includes("\n")) throw rawErr(ErrCode.XML_DETAIL, ErrDomain.XML, "invalid char in name: \n");
  const { obj, oldDef } = hv.add(def, { live: false, checkLive: false });
  obj.persistent = true;
  hv.emitLifecycle(obj, Lifecycle.DEFINED, oldDef ? Detail.DEFINED_UPDATED : Detail.DEFINED_ADDED);
  return obj.ref();
}

export function undefine(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 1 | 2 /* MANAGED_SAVE | SNAPSHOTS_METADATA */, "testDomainUndefineFlags");
  const obj = hv.obj(ref);
  if (obj.hasManagedSave && !(flags & 1)) {
    throw testErr.opInvalid("Refusing to undefine while domain managed save image exists");
  }
  const n = obj.snapshots.size;
  if (!obj.active && n > 0 && !(flags & 2)) throw testErr.opInvalid(`cannot delete inactive domain with ${n} snapshots`);
  hv.emitLifecycle(obj, Lifecycle.UNDEFINED, Detail.UNDEFINED_REMOVED);
  obj.hasManagedSave = false;
  if (obj.active) obj.persistent = false;
  else hv.remove(obj);
}

/** Returns the domain's new id. */
export function create(hv: Hypervisor, ref: DomRef, flags: number): number {
  checkFlags(flags, 0, "testDomainCreateWithFlags");
  const obj = hv.obj(ref);
  if (obj.state !== State.SHUTOFF) throw testErr.internal(`Domain '${ref.name}' is already running`);
  hv.startState(obj, RUNNING_BOOTED);
  hv.emitLifecycle(obj, Lifecycle.STARTED, Detail.STARTED_BOOTED);
  return obj.def.id;
}

/** Stop a domain; a transient one disappears. */
export function stop(hv: Hypervisor, obj: DomainObj, reason: number, detail: number): void {
  hv.shutdownState(obj, reason);
  hv.emitLifecycle(obj, Lifecycle.STOPPED, detail);
  if (!obj.persistent) hv.remove(obj);
}

export function destroy(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 1 /* GRACEFUL */, "testDomainDestroyFlags");
  const obj = hv.obj(ref);
  checkActive(obj);
  stop(hv, obj, SHUTOFF_DESTROYED, Detail.STOPPED_DESTROYED);
}

export function resume(hv: Hypervisor, ref: DomRef): void {
  const obj = hv.obj(ref);
  if (obj.state !== State.PAUSED) throw testErr.internal(`domain '${ref.name}' not paused`);
  obj.setState(State.RUNNING, RUNNING_UNPAUSED);
  hv.emitLifecycle(obj, Lifecycle.RESUMED, Detail.RESUMED_UNPAUSED);
}

export function suspend(hv: Hypervisor, ref: DomRef): void {
  const obj = hv.obj(ref);
  if (obj.state === State.SHUTOFF || obj.state === State.PAUSED) throw testErr.internal(`domain '${ref.name}' not running`);
  obj.setState(State.PAUSED, PAUSED_USER);
  hv.emitLifecycle(obj, Lifecycle.SUSPENDED, Detail.SUSPENDED_PAUSED);
}

/** testDomainActionSetState: where a guest-initiated power event leaves it. */
function applyAction(obj: DomainObj, action: string): void {
  if (action === "restart" || action === "rename-restart") obj.setState(State.RUNNING, RUNNING_BOOTED);
  else obj.setState(State.SHUTOFF, SHUTOFF_SHUTDOWN);
}

export function shutdown(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 0, "testDomainShutdownFlags");
  const obj = hv.obj(ref);
  if (obj.state === State.SHUTOFF) throw testErr.internal(`domain '${ref.name}' not running`);
  applyAction(obj, obj.def.onPoweroff);
  if (obj.state === State.SHUTOFF) stop(hv, obj, SHUTOFF_SHUTDOWN, Detail.STOPPED_SHUTDOWN);
}

export function reboot(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 0x1f, "testDomainReboot");
  const obj = hv.obj(ref);
  checkActive(obj);
  applyAction(obj, obj.def.onReboot);
  if (obj.state === State.SHUTOFF) stop(hv, obj, SHUTOFF_SHUTDOWN, Detail.STOPPED_SHUTDOWN);
}

export function reset(hv: Hypervisor, ref: DomRef, flags: number): void {
  checkFlags(flags, 0, "testDomainReset");
  checkActive(hv.obj(ref));
}

export function rename(hv: Hypervisor, ref: DomRef, newName: string, flags: number): DomRef {
  checkFlags(flags, 0, "testDomainRename");
  const obj = hv.obj(ref);
  if (obj.active) throw testErr.opInvalid("cannot rename active domain");
  if (!obj.persistent) throw testErr.opInvalid("cannot rename a transient domain");
  if (obj.state !== State.SHUTOFF) throw testErr.opInvalid("domain has to be shutoff before renaming");
  if (obj.def.name === newName) throw virErr(ErrCode.OPERATION_INVALID, ErrDomain.DOMAIN, "Can't rename domain to itself");
  if (hv.findByName(newName)) throw virErr(ErrCode.OPERATION_INVALID, ErrDomain.DOMAIN, `domain with name '${newName}' already exists`);
  if (newName.includes("/")) throw testErr.xml(`name ${newName} cannot contain '/'`);
  hv.emitLifecycle(obj, Lifecycle.UNDEFINED, Detail.UNDEFINED_RENAMED);
  hv.rename(obj, newName);
  hv.emitLifecycle(obj, Lifecycle.DEFINED, Detail.DEFINED_RENAMED);
  return obj.ref();
}

export function getInfo(hv: Hypervisor, ref: DomRef): DomainInfo {
  const obj = hv.obj(ref);
  return {
    state: obj.state,
    maxMem: BigInt(obj.def.memoryKiB),
    memory: BigInt(obj.def.currentMemoryKiB),
    nrVirtCpu: obj.def.vcpuCurrent,
    // The test driver reports wall-clock time as CPU time (g_get_real_time() * 1000).
    cpuTime: BigInt(Date.now()) * 1000000n,
  };
}

export function getState(hv: Hypervisor, ref: DomRef, flags: number): { state: number; reason: number } {
  checkFlags(flags, 0, "testDomainGetState");
  const obj = hv.obj(ref);
  return { state: obj.state, reason: obj.reason };
}

export function getControlInfo(hv: Hypervisor, ref: DomRef, flags: number): { state: number; details: number; stateTime: bigint } {
  checkFlags(flags, 0, "testDomainGetControlInfo");
  const obj = hv.obj(ref);
  checkActive(obj);
  // The test driver derives a control state from the guest clock for tests.
  const s = obj.seconds;
  if (s > 0n && s < 10000n) return { state: 1, details: 0, stateTime: s };
  if (s >= 10000n && s < 30000n) return { state: 2, details: 0, stateTime: s - 10000n };
  if (s >= 30000n && s < 60000n) return { state: 3, details: Number(s % 4n), stateTime: s - 30000n };
  return { state: 0, details: 0, stateTime: 0n };
}

export function getXmlDesc(hv: Hypervisor, ref: DomRef, flags: number): string {
  checkFlags(flags, 1 | 2 | 8 /* SECURE | INACTIVE | MIGRATABLE */, "testDomainGetXMLDesc");
  const obj = hv.obj(ref);
  const inactive = (flags & 2) !== 0;
  const def = inactive && obj.newDef ? obj.newDef : obj.def;
  return formatDomain(def, { active: !inactive, secure: (flags & 1) !== 0 });
}

export function isActive(hv: Hypervisor, ref: DomRef): boolean {
  return hv.obj(ref).active;
}

export function isPersistent(hv: Hypervisor, ref: DomRef): boolean {
  return hv.obj(ref).persistent;
}

export function getAutostart(hv: Hypervisor, ref: DomRef): boolean {
  return hv.obj(ref).autostart;
}

export function setAutostart(hv: Hypervisor, ref: DomRef, on: boolean): void {
  hv.obj(ref).autostart = on;
}

export function getHostname(hv: Hypervisor, ref: DomRef, flags: number): string {
  checkFlags(flags, 0, "testDomainGetHostname");
  checkActive(hv.obj(ref));
  return `${ref.name}host`;
}

/** VIR_CONNECT_LIST_DOMAINS_* filtering (virDomainObjListFilter). */
export function listAll(hv: Hypervisor, flags: number): DomainObj[] {
  checkFlags(flags, 0xffff, "testConnectListAllDomains");
  const pair = (on: number, off: number, test: (d: DomainObj) => boolean) => (d: DomainObj) => {
    const a = (flags & on) !== 0;
    const b = (flags & off) !== 0;
    if (a === b) return true;
    return a ? test(d) : !test(d);
  };
  const filters = [
    pair(1, 2, (d) => d.active),
    pair(4, 8, (d) => d.persistent),
    pair(256, 512, (d) => d.hasManagedSave),
    pair(1024, 2048, (d) => d.autostart),
    pair(4096, 8192, (d) => d.snapshots.size > 0),
    pair(16384, 32768, (d) => d.checkpoints.size > 0),
  ];
  const stateMask = flags & (16 | 32 | 64 | 128);
  return hv.list().filter((d) => {
    if (!filters.every((f) => f(d))) return false;
    if (stateMask) {
      const s = d.state;
      const ok =
        (flags & 16 && s === State.RUNNING) ||
        (flags & 32 && s === State.PAUSED) ||
        (flags & 64 && s === State.SHUTOFF) ||
        (flags & 128 && s !== State.RUNNING && s !== State.PAUSED && s !== State.SHUTOFF);
      if (!ok) return false;
    }
    return true;
  });
}

export function activeIds(hv: Hypervisor, max: number): number[] {
  return hv
    .list()
    .filter((d) => d.active)
    .slice(0, Math.max(0, max))
    .map((d) => d.def.id);
}

export function inactiveNames(hv: Hypervisor, max: number): string[] {
  return hv
    .list()
    .filter((d) => !d.active)
    .slice(0, Math.max(0, max))
    .map((d) => d.def.name);
}

export function numActive(hv: Hypervisor): number {
  return hv.list().filter((d) => d.active).length;
}

export function numInactive(hv: Hypervisor): number {
  return hv.list().filter((d) => !d.active).length;
}

