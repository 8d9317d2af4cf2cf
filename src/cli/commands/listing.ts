// What snapshot-list and checkpoint-list share: option checks, the walk from a
// start member or the whole domain, and the sorted members.
import type { Args, OptSpec } from "../args.js";
import { DOMAIN } from "../command.js";
import type { Ctx } from "../context.js";
import { CliError } from "../errors.js";
import { byName, memberFromXml, type Member } from "./specs.js";

/** A snapshot or checkpoint handle, as far as a listing needs it. */
export interface Listable<T> {
  getName(): string;
  getXmlDescription(flags: number, opts: Ctx["call"]): Promise<string>;
  listAllChildren(flags: number, opts: Ctx["call"]): Promise<T[]>;
}

/** The options both listings take: `filters` go after --no-leaves, `starts` after --from. */
export function listingOptions(noun: string, filters: readonly OptSpec[] = [], starts: readonly OptSpec[] = []): OptSpec[] {
  return [
    DOMAIN,
    { name: "parent", type: "bool", help: `add a column showing parent ${noun}` },
    { name: "roots", type: "bool", help: `list only ${noun}s without parents` },
    { name: "leaves", type: "bool", help: `list only ${noun}s without children` },
    { name: "no-leaves", type: "bool", help: `list only ${noun}s that are not leaves (with children)` },
    ...filters,
    { name: "tree", type: "bool", help: `list ${noun}s in a tree` },
    { name: "from", type: "string", named: true, help: `limit list to children of given ${noun}` },
    ...starts,
    { name: "descendants", type: "bool", help: "with --from, list all descendants" },
    { name: "name", type: "bool", help: `list ${noun} names only` },
    { name: "topological", type: "bool", help: "sort list topologically rather than by name" },
  ];
}

/** The exclusions both listings check, then `more`, in virsh's order; returns --tree. */
export function listingChecks(a: Args, more: readonly (readonly [string, string])[] = []): boolean {
  a.exclusive("tree", "name");
  a.exclusive("parent", "roots");
  a.exclusive("parent", "tree");
  a.exclusive("roots", "tree");
  a.exclusive("roots", "from");
  for (const [x, y] of more) a.exclusive(x, y);
  const tree = a.bool("tree");
  if (tree && (a.bool("leaves") || a.bool("no-leaves"))) {
    throw new CliError(`--${a.bool("leaves") ? "leaves" : "no-leaves"} and --tree are mutually exclusive`);
  }
  return tree;
}

export interface ListingWalk<T> {
  /** The member named by --from (or --current), or null for the whole domain. */
  start: T | null;
  flags: number;
  /** The LIST_DESCENDANTS flag of this kind. */
  descendants: number;
  /** What to say when --descendants comes without a start. */
  needsStart: string;
  tree: boolean;
  listAll(flags: number): Promise<T[]>;
}

/** The members to list, described from their XML and (unless --topological) sorted by name. */
export async function listingMembers<T extends Listable<T>>(ctx: Ctx, a: Args, w: ListingWalk<T>): Promise<Member[]> {
  let flags = w.flags;
  let items: T[];
  if (w.start) {
    if (a.bool("descendants") || w.tree) flags |= w.descendants;
    items = await w.start.listAllChildren(flags, ctx.call);
    if (w.tree) items.unshift(w.start);
  } else {
    if (a.bool("descendants")) throw new CliError(w.needsStart);
    items = await w.listAll(flags);
  }
  const members: Member[] = [];
  for (const it of items) members.push(memberFromXml(it.getName(), await it.getXmlDescription(0, ctx.call)));
  return a.bool("topological") ? members : members.sort(byName);
}
