// Deleting a snapshot or checkpoint from its tree; both APIs share the flag
// bits: CHILDREN (1) takes the subtree along, CHILDREN_ONLY (4) only the subtree.
import type { MomentBase, MomentTree } from "./moments.js";

const CHILDREN = 1;
const CHILDREN_ONLY = 4;

/** `m` is the moment named `name`, already looked up (and its absence reported) by the caller. */
export function deleteMoment<T extends MomentBase>(tree: MomentTree<T>, m: T, flags: number): void {
  const name = m.name;
  if (flags & (CHILDREN | CHILDREN_ONLY)) {
    let hadCurrent = false;
    for (const d of tree.descendants(name)) {
      if (tree.current === d.name) hadCurrent = true;
      tree.remove(d.name);
    }
    if (hadCurrent) tree.current = name;
  } else {
    // The children move up to the deleted moment's parent.
    for (const c of tree.children(name)) c.parent = m.parent;
  }
  if (!(flags & CHILDREN_ONLY)) {
    const wasCurrent = tree.current === name;
    tree.remove(name);
    if (wasCurrent) tree.current = m.parent !== null && tree.has(m.parent) ? m.parent : null;
  }
}
