// A forest of named moments (snapshots or checkpoints) with a "current" one,
// as libvirt's virDomainMomentObjList keeps them. libvirt links a new child
// in front of its siblings, so walks visit the newest child first.

import { ErrCode, ErrDomain, virErr } from "./errors.js";

/** Which moments a tree holds, for its error messages. */
export interface MomentKind {
  noun: "snapshot" | "checkpoint";
  /** The error code of a missing one (VIR_ERR_NO_DOMAIN_SNAPSHOT / _CHECKPOINT). */
  missing: number;
}

/** libvirt's virDomainMomentFilterFlags; checkpoint listings pass theirs as they are. */
export const MomentList = { ROOTS: 1, DESCENDANTS: 1, TOPOLOGICAL: 2, LEAVES: 4, NO_LEAVES: 8 } as const;

export interface MomentBase {
  name: string;
  parent: string | null;
}

export class MomentTree<T extends MomentBase> {
  private readonly byName = new Map<string, T>();
  private readonly seq = new Map<string, number>();
  private nextSeq = 0;
  current: string | null = null;

  constructor(private readonly kind: MomentKind) {}

  get size(): number {
    return this.byName.size;
  }

  get(name: string): T | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The moment named `name`, reported missing as the test driver does. */
  lookup(name: string): T {
    const m = this.byName.get(name);
    if (!m) throw virErr(this.kind.missing, ErrDomain.TEST, `no domain ${this.kind.noun} with matching name '${name}'`);
    return m;
  }

  parentOf(name: string): string {
    const m = this.lookup(name);
    if (m.parent === null) throw virErr(this.kind.missing, ErrDomain.TEST, `${this.kind.noun} '${m.name}' does not have a parent`);
    return m.parent;
  }

  /** A redefinition's parent must already be there. */
  requireParent(m: T): void {
    if (m.parent !== null && !this.byName.has(m.parent)) {
      throw virErr(ErrCode.INVALID_ARG, ErrDomain.DOMAIN, `parent ${m.parent} for moment ${m.name} not found`);
    }
  }

  /** A newly taken moment: its name must be free; it goes under the current one. */
  addNew(m: T): void {
    if (this.byName.has(m.name)) throw virErr(ErrCode.OPERATION_FAILED, ErrDomain.DOMAIN, `domain moment ${m.name} already exists`);
    m.parent = this.current;
    this.add(m);
  }

  add(m: T): void {
    this.byName.set(m.name, m);
    this.seq.set(m.name, this.nextSeq++);
  }

  /** Replace a moment's definition keeping its place among its siblings. */
  replace(m: T): void {
    if (!this.byName.has(m.name)) return this.add(m);
    this.byName.set(m.name, m);
  }

  remove(name: string): void {
    this.byName.delete(name);
    this.seq.delete(name);
    if (this.current === name) this.current = null;
  }

  private newestFirst(list: T[]): T[] {
    return list.sort((a, b) => (this.seq.get(b.name) ?? 0) - (this.seq.get(a.name) ?? 0));
  }

  children(name: string): T[] {
    return this.newestFirst([...this.byName.values()].filter((m) => m.parent === name));
  }

  roots(): T[] {
    return this.newestFirst([...this.byName.values()].filter((m) => m.parent === null || !this.byName.has(m.parent)));
  }

  /** Depth-first, parents before children. */
  descendants(name: string): T[] {
    const out: T[] = [];
    const walk = (n: string) => {
      for (const c of this.children(n)) {
        out.push(c);
        walk(c.name);
      }
    };
    walk(name);
    return out;
  }

  /** Every moment, depth-first from the roots. */
  all(): T[] {
    const out: T[] = [];
    for (const r of this.roots()) out.push(r, ...this.descendants(r.name));
    return out;
  }

  isLeaf(name: string): boolean {
    return this.children(name).length === 0;
  }

  /** `list` in the depth-first order of the whole tree (parents first). */
  topological(list: T[]): T[] {
    const want = new Set(list.map((m) => m.name));
    return this.all().filter((m) => want.has(m.name));
  }

  /**
   * A listing as libvirt's moment list makes it: the whole forest (`under`
   * null; only its roots with ROOTS) or a moment's children (every
   * descendant with DESCENDANTS), then filtered by MomentList flags and `keep`.
   */
  select(under: string | null, flags: number, keep?: (m: T) => boolean): T[] {
    let list: T[];
    if (under === null) list = flags & MomentList.ROOTS ? this.roots() : this.all();
    else list = flags & MomentList.DESCENDANTS ? this.descendants(under) : this.children(under);
    // Both leaf filters apply independently (libvirt's moment list visitor): together they match nothing.
    if (flags & MomentList.LEAVES) list = list.filter((m) => this.isLeaf(m.name));
    if (flags & MomentList.NO_LEAVES) list = list.filter((m) => !this.isLeaf(m.name));
    if (keep) list = list.filter(keep);
    return flags & MomentList.TOPOLOGICAL ? this.topological(list) : list;
  }
}
