// virsh's vshTreePrint: a parent/child listing drawn with "|" and "+- ".

export interface TreeNode {
  name: string;
  parent: string | null;
}

/** The tree under `nodes[root]`, exactly as virsh draws it (trailing spacer lines included). */
export function formatTree(nodes: readonly TreeNode[], root: number): string {
  let out = "";
  let indent = "";
  const walk = (dev: number, lastdev: number, isRoot: boolean): void => {
    const name = (nodes[dev] as TreeNode).name;
    out += `${indent}${isRoot ? "" : "+- "}${name}\n`;
    if (!isRoot) indent += `${dev === lastdev ? " " : "|"} `;
    let nextlast = -1;
    nodes.forEach((n, i) => {
      if (n.parent === name) nextlast = i;
    });
    if (nextlast !== -1) out += `${indent}  |\n`;
    indent += "  ";
    nodes.forEach((n, i) => {
      if (n.parent === name) walk(i, nextlast, false);
    });
    indent = indent.slice(0, -2);
    if (nextlast === -1 && dev === lastdev) out += `${indent}\n`;
    if (!isRoot) indent = indent.slice(0, -2);
  };
  walk(root, root, true);
  return out;
}

/** Every root's tree, in list order. */
export function formatForest(nodes: readonly TreeNode[]): string {
  let out = "";
  nodes.forEach((n, i) => {
    if (n.parent === null) out += formatTree(nodes, i);
  });
  return out;
}
