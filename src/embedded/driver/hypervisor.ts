// The state of one test hypervisor instance: node, domains, id counter,
// networks known to interface-address lookups, and the event bus.
import { ErrCode, ErrDomain, virErr } from "./errors.js";
import { DomainObj, State, type DomRef } from "./domain-obj.js";
import { EventBus } from "./events.js";
import { formatUuid } from "./uuid.js";
import { capabilitiesXml, defaultCells, DEFAULT_NODE_INFO, type Cell, type NodeInfo } from "./capabilities.js";
import type { DomainDef } from "./xml/domain-def.js";
import type { XElem } from "./xml/xnode.js";

export interface NetworkInfo {
  name: string;
  uuid: string | null;
  bridge: string | null;
  family: string | null;
  address: string | null;
  prefix: number | null;
  rangeStart: string | null;
  xml: XElem;
}

export interface AuthUser {
  username: string;
  password: string | null;
}

export interface AddOptions {
  /** The definition is a live one (create/restore), not a new config. */
  live: boolean;
  /** Refuse when a domain of that name/uuid is active or starting. */
  checkLive: boolean;
}

export class Hypervisor {
  nodeInfo: NodeInfo = { ...DEFAULT_NODE_INFO };
  cells: Cell[] = [];
  /** Insertion-ordered, keyed by UUID text. */
  private readonly domains = new Map<string, DomainObj>();
  private nextId = 1;
  readonly events = new EventBus();
  networks: NetworkInfo[] = [];
  /** Raw <interface>, <pool>, <device> elements from the node file. */
  extra: XElem[] = [];
  auths: AuthUser[] = [];
  /** Event callback ids come from the driver's event state, shared by its connections. */
  nextCallbackId = 0;

  static withDefaultCells(): Hypervisor {
    const h = new Hypervisor();
    h.cells = defaultCells();
    return h;
  }

  capabilities(): string {
    return capabilitiesXml(this.cells);
  }

  allocId(): number {
    return this.nextId++;
  }

  list(): DomainObj[] {
    return [...this.domains.values()];
  }

  findByUuid(uuid: Uint8Array): DomainObj | undefined {
    return this.domains.get(formatUuid(uuid));
  }

  findByName(name: string): DomainObj | undefined {
    for (const d of this.domains.values()) if (d.def.name === name) return d;
    return undefined;
  }

  findById(id: number): DomainObj | undefined {
    for (const d of this.domains.values()) if (d.def.id === id && id !== -1) return d;
    return undefined;
  }

  /** testDomObjFromDomain: resolve a domain handle by its UUID. */
  obj(ref: DomRef): DomainObj {
    const d = this.findByUuid(ref.uuid);
    if (!d) {
      throw virErr(ErrCode.NO_DOMAIN, ErrDomain.TEST, `no domain with matching uuid '${formatUuid(ref.uuid)}' (${ref.name})`);
    }
    return d;
  }

  /**
   * virDomainObjListAdd: add a new domain or give an existing one (same name
   * and UUID) a new definition. Returns the object and the definition it
   * replaced, if any.
   */
  add(def: DomainDef, opts: AddOptions): { obj: DomainObj; oldDef: DomainDef | null; created: boolean } {
    const byUuid = this.findByUuid(def.uuid);
    if (byUuid) {
      if (byUuid.def.name !== def.name) {
        throw virErr(ErrCode.OPERATION_FAILED, ErrDomain.DOMAIN, `domain '${byUuid.def.name}' is already defined with uuid ${formatUuid(def.uuid)}`);
      }
      if (opts.checkLive) {
        if (byUuid.active) throw virErr(ErrCode.OPERATION_INVALID, ErrDomain.DOMAIN, `domain '${def.name}' is already active`);
        if (!byUuid.persistent) throw virErr(ErrCode.OPERATION_INVALID, ErrDomain.DOMAIN, `domain '${def.name}' is already being started`);
      }
      return { obj: byUuid, oldDef: assignDef(byUuid, def, opts.live), created: false };
    }
    const byName = this.findByName(def.name);
    if (byName) {
      throw virErr(ErrCode.OPERATION_FAILED, ErrDomain.DOMAIN, `domain '${def.name}' already exists with uuid ${formatUuid(byName.def.uuid)}`);
    }
    const obj = new DomainObj(def);
    def.id = -1;
    obj.persistent = !opts.live;
    this.domains.set(formatUuid(def.uuid), obj);
    return { obj, oldDef: null, created: true };
  }

  remove(obj: DomainObj): void {
    this.domains.delete(formatUuid(obj.def.uuid));
  }

  /** Move an object under its (changed) name; the key is the UUID so nothing to do but keep order. */
  rename(obj: DomainObj, newName: string): void {
    obj.def.name = newName;
    if (obj.newDef) obj.newDef.name = newName;
  }

  emitLifecycle(obj: DomainObj, event: number, detail: number): void {
    this.events.emit({ kind: "lifecycle", dom: { ...obj.ref(), uuid: Uint8Array.from(obj.def.uuid) }, event, detail });
  }

  /** testDomainStartState: running with a fresh id, persistent config set aside. */
  startState(obj: DomainObj, reason: number): void {
    obj.setState(State.RUNNING, reason);
    obj.def.id = this.allocId();
    obj.setDefTransient();
    obj.hasManagedSave = false;
  }

  /** testDomainShutdownState */
  shutdownState(obj: DomainObj, reason: number): void {
    obj.removeTransientDef();
    obj.setState(State.SHUTOFF, reason);
  }
}

/** virDomainObjAssignDef */
function assignDef(obj: DomainObj, def: DomainDef, live: boolean): DomainDef | null {
  if (obj.active) {
    const old = obj.newDef;
    obj.newDef = def;
    def.id = -1;
    return old;
  }
  if (live) {
    if (!obj.newDef) obj.newDef = obj.def;
    obj.def = def;
    def.id = -1;
    return null;
  }
  const old = obj.def;
  obj.def = def;
  def.id = -1;
  return old;
}
