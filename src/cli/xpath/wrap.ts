// virsh's --wrap: each result copied (xmlDocCopyNode) under a <nodes> element
// of a new document (xmlAddChild). The copies behave as libxml2's do: copied
// attributes lose their namespace and become attributes of <nodes> (the last
// of a name wins), adjacent texts merge, a copied element declares the
// namespaces it uses but does not itself declare.
import { XML_NS, newNode, type Ns, type XNode } from "./tree.js";

/** xmlSearchNs: the declaration of `prefix` in scope at `n`. */
function searchNs(n: XNode | null, prefix: string | null): Ns | null {
  if (prefix === "xml") return { prefix, uri: XML_NS };
  for (let cur = n; cur && cur.kind === "element"; cur = cur.parent) {
    const own = cur.nsDefs.find((ns) => ns.prefix === prefix);
    if (own) return own;
  }
  return null;
}

/** The namespace a copy uses: in scope among the copies, else declared on the topmost copy. */
function reconcile(copy: XNode, original: XNode, ns: Ns): Ns {
  const found = searchNs(copy, ns.prefix);
  if (found) return found;
  let top = copy;
  while (top.parent) top = top.parent;
  const decl = searchNs(original, ns.prefix) ?? ns;
  const made = { prefix: decl.prefix, uri: decl.uri };
  top.nsDefs.push(made);
  return made;
}

function copyElement(n: XNode, parent: XNode | null): XNode {
  const copy = newNode("element", n.name);
  copy.parent = parent;
  copy.nsDefs = n.nsDefs.map((ns) => ({ ...ns }));
  if (n.ns) copy.ns = reconcile(copy, n, n.ns);
  for (const a of n.attrs) {
    const ac = newNode("attribute", a.name, a.value);
    ac.parent = copy;
    if (a.ns) ac.ns = reconcile(copy, n, a.ns);
    copy.attrs.push(ac);
  }
  copy.children = n.children.map((c) => copyNode(c, copy) as XNode);
  return copy;
}

/** xmlStaticCopyNode; null for namespace nodes (virsh, holding freed ones, crashes on them). */
function copyNode(n: XNode, parent: XNode | null): XNode | null {
  switch (n.kind) {
    case "element":
      return copyElement(n, parent);
    case "document": {
      const doc = newNode("document");
      doc.decl = n.decl ? { ...n.decl } : undefined;
      doc.parent = parent;
      doc.children = n.children.map((c) => copyNode(c, doc) as XNode);
      return doc;
    }
    case "namespace":
      return null;
    default: {
      // Text, comments, PIs; an attribute copied on its own has no element to keep its namespace on.
      const c = newNode(n.kind, n.name, n.value);
      c.parent = parent;
      return c;
    }
  }
}

/** xmlAddChild */
function addChild(parent: XNode, child: XNode): void {
  if (child.kind === "attribute") {
    parent.attrs = parent.attrs.filter((a) => a.name !== child.name);
    parent.attrs.push(child);
  } else {
    const last = parent.children[parent.children.length - 1];
    if (child.kind === "text" && last?.kind === "text") last.value += child.value;
    else parent.children.push(child);
  }
  child.parent = parent;
}

/** The <nodes> element holding copies of `nodes`, in a document of its own. */
export function wrapNodes(nodes: readonly XNode[]): XNode {
  const doc = newNode("document");
  doc.decl = { version: "1.0", encoding: null, standalone: -1 };
  const root = newNode("element", "nodes");
  addChild(doc, root);
  for (const n of nodes) {
    const copy = copyNode(n, null);
    if (copy) addChild(root, copy);
  }
  return root;
}
