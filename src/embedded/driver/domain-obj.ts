// One domain of the test hypervisor: its definitions, run state and the
// bookkeeping the test driver keeps beside them.
import { ErrCode, ErrDomain, exclusiveFlags, notRunning, virErr } from "./errors.js";
import { copyDef, type DomainDef } from "./xml/domain-def.js";
import { MomentTree } from "./moments.js";
import type { CheckpointDef, SnapshotDef } from "./xml/moment-xml.js";

/** virDomainState */
export const State = {
  NOSTATE: 0,
  RUNNING: 1,
  BLOCKED: 2,
  PAUSED: 3,
  SHUTDOWN: 4,
  SHUTOFF: 5,
  CRASHED: 6,
  PMSUSPENDED: 7,
} as const;

/** Flags shared by the "affect" APIs (virDomainModificationImpact). */
export const AFFECT_LIVE = 1;
export const AFFECT_CONFIG = 2;

export interface DomRef {
  name: string;
  uuid: Uint8Array;
  id: number;
}

export class DomainObj {
  /** Live definition when active, the persistent one otherwise. */
  def: DomainDef;
  /** Persistent definition while a persistent domain runs. */
  newDef: DomainDef | null = null;
  state: number = State.SHUTOFF;
  reason = 0;
  persistent = true;
  autostart = false;
  hasManagedSave = false;
  readonly snapshots = new MomentTree<SnapshotDef>({ noun: "snapshot", missing: ErrCode.NO_DOMAIN_SNAPSHOT });
  readonly checkpoints = new MomentTree<CheckpointDef>({ noun: "checkpoint", missing: ErrCode.NO_DOMAIN_CHECKPOINT });
  /** Guest clock for Get/SetTime (the test driver starts it at a fixed value). */
  seconds = 627319920n;
  nseconds = 0;
  /** Frozen state of "/" and "/boot" for FSFreeze/FSThaw. */
  frozen: [boolean, boolean] = [false, false];
  /** Tainting / deprecation messages (virDomainObjTaint). */
  messages: string[] = [];
  taints = new Set<string>();

  constructor(def: DomainDef) {
    this.def = def;
  }

  get active(): boolean {
    return this.def.id !== -1;
  }

  ref(): DomRef {
    return { name: this.def.name, uuid: this.def.uuid, id: this.def.id };
  }

  setState(state: number, reason: number): void {
    this.state = state;
    this.reason = reason;
  }

  /** virDomainObjSetDefTransient: keep the persistent config aside while running. */
  setDefTransient(): void {
    if (this.persistent && !this.newDef) this.newDef = copyDef(this.def);
  }

  /**
   * virDomainObjRemoveTransientDef: back to the persistent definition on stop.
   * A transient domain keeps its live definition, id included (libvirt
   * reports that id in its STOPPED event before dropping the domain).
   */
  removeTransientDef(): void {
    if (!this.newDef) return;
    this.def = this.newDef;
    this.newDef = null;
    this.def.id = -1;
  }

  persistentDef(): DomainDef {
    return this.active && this.newDef ? this.newDef : this.def;
  }

  /**
   * virDomainObjUpdateModificationImpact + GetDefs: resolve AFFECT_CURRENT
   * and return the live and/or persistent definitions the flags name.
   */
  getDefs(flags: number): { live: DomainDef | null; config: DomainDef | null; flags: number } {
    let f = flags;
    if ((f & (AFFECT_LIVE | AFFECT_CONFIG)) === 0) f |= this.active ? AFFECT_LIVE : AFFECT_CONFIG;
    if (f & AFFECT_LIVE && !this.active) throw notRunning();
    if (f & AFFECT_CONFIG && !this.persistent) {
      throw virErr(ErrCode.OPERATION_INVALID, ErrDomain.DOMAIN, "transient domains do not have any persistent config");
    }
    return {
      live: f & AFFECT_LIVE ? this.def : null,
      config: f & AFFECT_CONFIG ? this.persistentDef() : null,
      flags: f,
    };
  }

  /** virDomainObjGetOneDefState: exactly one definition. */
  getOneDef(flags: number): { def: DomainDef; live: boolean } {
    if ((flags & AFFECT_LIVE) && (flags & AFFECT_CONFIG)) {
      throw exclusiveFlags("VIR_DOMAIN_AFFECT_LIVE", "VIR_DOMAIN_AFFECT_CONFIG", ErrDomain.DOMAIN, "virDomainObjGetOneDefState", "flags");
    }
    const d = this.getDefs(flags);
    return d.live ? { def: d.live, live: true } : { def: d.config!, live: false };
  }
}
