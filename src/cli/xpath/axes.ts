// The nodes along each XPath axis, in axis order, as libxml2's
// xmlXPathNext* walk them (following:: of an attribute skips its element's
// content there, and namespace:: lists xml first, then the rest from the root down).
import type { Axis } from "./ast.js";
import { XML_NS, type Ns, type XNode } from "./tree.js";

function descendants(n: XNode, out: XNode[]): XNode[] {
  for (const c of n.children) {
    out.push(c);
    descendants(c, out);
  }
  return out;
}

function ancestors(n: XNode): XNode[] {
  const out: XNode[] = [];
  for (let p = n.parent; p; p = p.parent) out.push(p);
  return out;
}

function siblings(n: XNode): XNode[] {
  return n.kind === "attribute" || n.kind === "namespace" || !n.parent ? [] : n.parent.children;
}

/** Where following:: and preceding:: start from: an attribute's or namespace's element. */
function anchor(n: XNode): XNode {
  return (n.kind === "attribute" || n.kind === "namespace") && n.parent ? n.parent : n;
}

function following(n: XNode): XNode[] {
  const out: XNode[] = [];
  for (let cur: XNode | null = anchor(n); cur && cur.kind !== "document"; cur = cur.parent) {
    const sibs = siblings(cur);
    for (const s of sibs.slice(sibs.indexOf(cur) + 1)) {
      out.push(s);
      descendants(s, out);
    }
  }
  return out;
}

function preceding(n: XNode): XNode[] {
  const start = anchor(n);
  if (start.kind === "document") return [];
  const up = new Set(ancestors(start));
  const all = descendants(docRoot(start), []);
  return all.slice(0, all.indexOf(start)).filter((x) => !up.has(x)).reverse();
}

function docRoot(n: XNode): XNode {
  let r = n;
  while (r.parent) r = r.parent;
  return r;
}

const nsNodes = new WeakMap<XNode, XNode[]>();

/** An element's namespace nodes (made once, so that the same one is the same node). */
function namespaces(el: XNode): XNode[] {
  const known = nsNodes.get(el);
  if (known) return known;
  // xmlGetNsList: from the element up, the first declaration of each prefix.
  const inScope: Ns[] = [];
  for (let cur: XNode | null = el; cur && cur.kind === "element"; cur = cur.parent) {
    for (const ns of cur.nsDefs) if (!inScope.some((s) => s.prefix === ns.prefix)) inScope.push(ns);
  }
  const list = [{ prefix: "xml", uri: XML_NS }, ...inScope.reverse()];
  const made = list.map((ns, i) => {
    const node: XNode = { kind: "namespace", name: ns.prefix ?? "", ns, value: "", parent: el, children: [], attrs: [], nsDefs: [], order: el.order + (i + 1) / (list.length + 1) };
    return node;
  });
  nsNodes.set(el, made);
  return made;
}

export function axisNodes(axis: Axis, n: XNode): XNode[] {
  switch (axis) {
    case "self":
      return [n];
    case "child":
      return n.kind === "element" || n.kind === "document" ? n.children : [];
    case "descendant":
      return descendants(n, []);
    case "descendant-or-self":
      return descendants(n, [n]);
    case "parent":
      return n.parent ? [n.parent] : [];
    case "ancestor":
      return ancestors(n);
    case "ancestor-or-self":
      return [n, ...ancestors(n)];
    case "following-sibling": {
      const sibs = siblings(n);
      return sibs.slice(sibs.indexOf(n) + 1);
    }
    case "preceding-sibling": {
      const sibs = siblings(n);
      return sibs.slice(0, Math.max(sibs.indexOf(n), 0)).reverse();
    }
    case "following":
      return following(n);
    case "preceding":
      return preceding(n);
    case "attribute":
      return n.kind === "element" ? n.attrs : [];
    case "namespace":
      return n.kind === "element" ? namespaces(n) : [];
  }
}
