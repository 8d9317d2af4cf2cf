// Evaluating a compiled expression the way libxml2's xmlXPathCompOpEval does:
// operands left to right, a step's "[n]" predicate cutting the search short,
// and the same errors (plus the lines libxml2 writes before some of them).
import { axisNodes } from "./axes.js";
import { Err, type Axis, type Expr, type NodeTest } from "./ast.js";
import { FUNCTIONS, type FnContext } from "./functions.js";
import { XML_NS, type XNode } from "./tree.js";
import { INT_MAX, INT_MIN, bool, nodeset, num, sorted, str, stringValue, toBool, toNum, toStr, parseNumber, type Value } from "./values.js";

/** The evaluation stopped: `code` is the XPath error (0: libxml2 set it without a message). */
export class XPathStop extends Error {
  constructor(readonly code: number) {
    super(`XPath error ${code}`);
  }
}

interface Focus {
  node: XNode;
  size: number;
  pos: number;
}

/** xmlXPathNsLookup with no namespaces registered (virsh registers none): only xml. */
function nsLookup(prefix: string): string | null {
  return prefix === "xml" ? XML_NS : null;
}

function principal(axis: Axis): XNode["kind"] {
  return axis === "attribute" ? "attribute" : axis === "namespace" ? "namespace" : "element";
}

function matches(axis: Axis, test: NodeTest, uri: string | null, n: XNode): boolean {
  switch (test.kind) {
    case "type":
      if (test.type === "node") return true;
      if (test.type === "text") return n.kind === "text" || n.kind === "cdata";
      return n.kind === test.type;
    case "pi":
      return n.kind === "pi" && n.name === test.target;
    case "all":
      if (n.kind !== principal(axis)) return false;
      return n.kind === "namespace" || uri === null || n.ns?.uri === uri;
    case "name":
      if (n.kind !== principal(axis)) return false;
      if (n.kind === "namespace") return n.ns?.prefix === test.name;
      if (n.name !== test.name) return false;
      if (uri !== null) return n.ns?.uri === uri;
      // Unprefixed: no namespace (for attributes, no prefix).
      return n.kind === "attribute" ? !n.ns?.prefix : n.ns === null;
  }
}

/** xmlXPathIsPositionalPredicate: a literal whole number as the last predicate. */
function positional(cond: Expr | undefined): number | null {
  if (cond?.op !== "number") return null;
  const v = cond.value;
  return v > INT_MIN && v < INT_MAX && v === Math.trunc(v) ? v : null;
}

export class Evaluator {
  /** What libxml2 writes to stderr on its own (xmlGenericError) before some errors. */
  generic = "";

  constructor(private readonly doc: XNode) {}

  fail(code: number): never {
    throw new XPathStop(code);
  }

  /** Evaluate with `node` as the context node (no context size or position yet). */
  run(e: Expr, node: XNode): Value {
    return this.eval(e, { node, size: -1, pos: -1 });
  }

  private eval(e: Expr, f: Focus): Value {
    switch (e.op) {
      case "root":
        return nodeset([this.doc]);
      case "node":
        return nodeset([f.node]);
      case "collect":
        return this.collect(e, f);
      case "filter": {
        const input = this.eval(e.input, f);
        if (input.t !== "nodeset") this.fail(Err.InvalidType);
        return nodeset(this.filter(input.nodes, e.cond, 1, input.nodes.length));
      }
      case "union": {
        const l = this.eval(e.left, f);
        const r = this.eval(e.right, f);
        if (l.t !== "nodeset" || r.t !== "nodeset") this.fail(Err.InvalidType);
        return nodeset(sorted([...l.nodes, ...r.nodes]));
      }
      case "or":
      case "and": {
        const l = toBool(this.eval(e.left, f));
        if (l === (e.op === "or")) return bool(l);
        return bool(toBool(this.eval(e.right, f)));
      }
      case "equal": {
        const l = this.eval(e.left, f);
        const r = this.eval(e.right, f);
        return bool(e.eq ? equal(l, r) : notEqual(l, r));
      }
      case "compare": {
        const l = this.eval(e.left, f);
        const r = this.eval(e.right, f);
        return bool(compare(e.inf, e.strict, l, r));
      }
      case "arith": {
        const l = toNum(this.eval(e.left, f));
        const r = toNum(this.eval(e.right, f));
        return num(arith(e.kind, l, r));
      }
      case "negate":
        return num(-toNum(this.eval(e.arg, f)));
      case "tonumber":
        return num(toNum(this.eval(e.arg, f)));
      case "number":
        return num(e.value);
      case "string":
        return str(e.value);
      case "variable":
        // No variables are ever bound.
        if (e.prefix !== null && nsLookup(e.prefix) === null) {
          this.generic += `xmlXPathCompOpEval: variable ${e.name} bound to undefined prefix ${e.prefix}\n`;
          return this.fail(0);
        }
        return this.fail(Err.UndefVariable);
      case "call":
        return this.call(e, f);
    }
  }

  private call(e: Extract<Expr, { op: "call" }>, f: Focus): Value {
    const args = e.args.map((a) => this.eval(a, f));
    if (e.prefix !== null && nsLookup(e.prefix) === null) {
      this.generic += `xmlXPathCompOpEval: function ${e.name} bound to undefined prefix ${e.prefix}\n`;
      return this.fail(0);
    }
    const fn = e.prefix === null ? FUNCTIONS[e.name] : undefined;
    if (!fn || !Object.hasOwn(FUNCTIONS, e.name)) {
      this.generic += `xmlXPathCompOpEval: function ${e.name} not found\n`;
      return this.fail(Err.UnknownFunc);
    }
    const c: FnContext = { ...f, doc: this.doc, fail: (code) => this.fail(code) };
    return fn(c, args);
  }

  /** xmlXPathNodeCollectAndTest */
  private collect(e: Extract<Expr, { op: "collect" }>, f: Focus): Value {
    const input = this.eval(e.input, f);
    if (input.t !== "nodeset") this.fail(Err.InvalidType);
    const prefix = e.test.kind === "all" || e.test.kind === "name" ? e.test.prefix : null;
    const uri = prefix === null ? null : nsLookup(prefix);
    if (prefix !== null && uri === null) this.fail(Err.UndefPrefix);
    const preds = e.preds;
    const nth = positional(preds[preds.length - 1]);
    const out: XNode[] = [];
    for (const node of input.nodes) {
      let seq = axisNodes(e.axis, node).filter((n) => matches(e.axis, e.test, uri, n));
      if (nth !== null && preds.length === 1) {
        // "[n]" alone picks the nth match without evaluating anything.
        seq = nth >= 1 && nth <= seq.length ? [seq[nth - 1] as XNode] : [];
      } else if (nth !== null) {
        for (const p of preds.slice(0, -2)) seq = this.filter(seq, p, 1, seq.length);
        // The predicate before "[n]" stops at its nth match.
        seq = this.filter(seq, preds[preds.length - 2] as Expr, nth, nth);
      } else {
        for (const p of preds) seq = this.filter(seq, p, 1, seq.length);
      }
      out.push(...seq);
    }
    return nodeset(sorted(out));
  }

  /** xmlXPathNodeSetFilter: the nodes the predicate holds for, between the minPos-th and maxPos-th such. */
  private filter(set: XNode[], cond: Expr, minPos: number, maxPos: number): XNode[] {
    if (set.length === 0 || set.length < minPos) return [];
    const kept: XNode[] = [];
    let pos = 1;
    for (let i = 0; i < set.length; i++) {
      const node = set[i] as XNode;
      const v = this.eval(cond, { node, size: set.length, pos: i + 1 });
      const holds = v.t === "number" ? v.v === i + 1 : toBool(v);
      if (!holds) continue;
      if (pos >= minPos && pos <= maxPos) kept.push(node);
      if (pos === maxPos) break;
      pos++;
    }
    return kept;
  }
}

function arith(kind: "+" | "-" | "*" | "div" | "mod", l: number, r: number): number {
  switch (kind) {
    case "+":
      return l + r;
    case "-":
      return l - r;
    case "*":
      return l * r;
    case "div":
      return l / r;
    case "mod":
      return l % r;
  }
}

/** xmlXPathEqualValues */
function equal(l: Value, r: Value): boolean {
  if (l.t !== "nodeset" && r.t === "nodeset") return equal(r, l);
  if (l.t === "nodeset") {
    switch (r.t) {
      case "nodeset": {
        const rs = new Set(r.nodes.map(stringValue));
        return l.nodes.some((n) => rs.has(stringValue(n)));
      }
      case "boolean":
        return l.nodes.length > 0 === r.v;
      case "number":
        return l.nodes.some((n) => parseNumber(stringValue(n)) === r.v);
      case "string":
        return l.nodes.some((n) => stringValue(n) === r.v);
    }
  }
  return equalCommon(l, r);
}

/** xmlXPathNotEqualValues */
function notEqual(l: Value, r: Value): boolean {
  if (l.t !== "nodeset" && r.t === "nodeset") return notEqual(r, l);
  if (l.t === "nodeset") {
    switch (r.t) {
      case "nodeset": {
        if (l.nodes.length === 0 || r.nodes.length === 0) return false;
        const rs = r.nodes.map(stringValue);
        return l.nodes.some((n) => rs.some((s) => s !== stringValue(n)));
      }
      case "boolean":
        return l.nodes.length > 0 !== r.v;
      case "number":
        return l.nodes.some((n) => {
          const v = parseNumber(stringValue(n));
          return Number.isNaN(v) || v !== r.v;
        });
      case "string":
        return l.nodes.some((n) => stringValue(n) !== r.v);
    }
  }
  return !equalCommon(l, r);
}

/** Two values that are not node-sets: as booleans, else numbers, else strings. */
function equalCommon(l: Value, r: Value): boolean {
  if (l.t === "boolean" || r.t === "boolean") return toBool(l) === toBool(r);
  if (l.t === "number" || r.t === "number") return toNum(l) === toNum(r);
  return toStr(l) === toStr(r);
}

function cmp(inf: boolean, strict: boolean, a: number, b: number): boolean {
  if (inf) return strict ? a < b : a <= b;
  return strict ? a > b : a >= b;
}

/** xmlXPathCompareValues: any pair of numbers that compares. */
function compare(inf: boolean, strict: boolean, l: Value, r: Value): boolean {
  if (l.t !== "nodeset" && r.t === "nodeset") return compare(!inf, strict, r, l);
  if (l.t === "nodeset") {
    const ls = l.nodes.map((n) => parseNumber(stringValue(n)));
    if (r.t === "nodeset") {
      const rs = r.nodes.map((n) => parseNumber(stringValue(n)));
      return ls.some((a) => rs.some((b) => cmp(inf, strict, a, b)));
    }
    if (r.t === "boolean") return cmp(inf, strict, toBool(l) ? 1 : 0, r.v ? 1 : 0);
    const b = toNum(r);
    return ls.some((a) => cmp(inf, strict, a, b));
  }
  return cmp(inf, strict, toNum(l), toNum(r));
}
