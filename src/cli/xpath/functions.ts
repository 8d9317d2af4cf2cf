// XPath's core function library as libxml2 2.9 implements it: its argument
// count and type checks (and which error each raises), code-point string
// functions, its rounding in substring() and round().
import { Err } from "./ast.js";
import { isBlank, XML_NS, type XNode } from "./tree.js";
import { INT_MAX, bool, nodeset, num, parseNumber, sorted, str, stringValue, toBool, toNum, toStr, type Value } from "./values.js";

/** What a function sees besides its arguments. */
export interface FnContext {
  node: XNode;
  /** last() and position(); -1 outside a predicate. */
  size: number;
  pos: number;
  doc: XNode;
  /** xmlXPathErr: raises the error and stops the evaluation. */
  fail(code: number): never;
}

type Fn = (c: FnContext, args: Value[]) => Value;

function arity(c: FnContext, args: Value[], n: number): void {
  if (args.length !== n) c.fail(Err.InvalidArity);
}

/** The node-set argument of count(), sum(), name() and the like. */
function nodesArg(c: FnContext, v: Value): XNode[] {
  if (v.t !== "nodeset") c.fail(Err.InvalidType);
  return v.nodes;
}

/** Functions taking an optional node-set (the context node when omitted): its first node. */
function firstNode(c: FnContext, args: Value[]): XNode | undefined {
  if (args.length === 0) return c.node;
  arity(c, args, 1);
  return nodesArg(c, args[0] as Value)[0];
}

function localName(n: XNode | undefined): string {
  if (!n) return "";
  if (n.kind === "element" || n.kind === "attribute" || n.kind === "pi") return n.name;
  if (n.kind === "namespace") return n.ns?.prefix ?? "";
  return "";
}

function twoStrings(c: FnContext, args: Value[]): [string, string] {
  arity(c, args, 2);
  return [toStr(args[0] as Value), toStr(args[1] as Value)];
}

/** One optional argument, the context node's text when omitted. */
function textArg(c: FnContext, args: Value[]): string {
  if (args.length === 0) return stringValue(c.node);
  arity(c, args, 1);
  return toStr(args[0] as Value);
}

function oneNumber(c: FnContext, args: Value[]): number {
  arity(c, args, 1);
  return toNum(args[0] as Value);
}

/** The elements whose xml:id is one of the blank-separated tokens (the only IDs without a DTD). */
function byIds(doc: XNode, tokens: string): XNode[] {
  const wanted = new Set(tokens.split(/[ \t\n\r]+/).filter((t) => t !== ""));
  const found = new Map<string, XNode>();
  const walk = (n: XNode): void => {
    for (const a of n.attrs) if (a.name === "id" && a.ns?.uri === XML_NS && wanted.has(a.value) && !found.has(a.value)) found.set(a.value, n);
    for (const c of n.children) walk(c);
  };
  walk(doc);
  return [...found.values()];
}

/** xmlNodeGetLang: the nearest xml:lang. */
function langOf(n: XNode): string | null {
  for (let cur: XNode | null = n; cur; cur = cur.parent) {
    if (cur.kind === "namespace") return null;
    const a = cur.attrs.find((x) => x.name === "lang" && x.ns?.uri === XML_NS);
    if (a) return a.value;
  }
  return null;
}

/** C's toupper() in the C locale. */
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** C's round-half-up as libxml2 writes it: floor, plus one from .5 on. */
function roundHalfUp(x: number): number {
  const r = Math.floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}

function substring(c: FnContext, args: Value[]): Value {
  if (args.length < 2 || args.length > 3) c.fail(Err.InvalidArity);
  const chars = Array.from(toStr(args[0] as Value));
  const start = toNum(args[1] as Value);
  let i = 1;
  let j = INT_MAX;
  if (!(start < INT_MAX)) i = INT_MAX;
  else if (start >= 1) i = Math.trunc(start) + (start - Math.floor(start) >= 0.5 ? 1 : 0);
  if (args.length === 3) {
    const end = roundHalfUp(start) + roundHalfUp(toNum(args[2] as Value));
    if (!(end >= 1)) j = 1;
    else if (end < INT_MAX) j = Math.trunc(end);
  }
  return str(i < j ? chars.slice(i - 1, j - 1).join("") : "");
}

function translate(c: FnContext, args: Value[]): Value {
  arity(c, args, 3);
  const [s, from, to] = args.map((a) => Array.from(toStr(a))) as [string[], string[], string[]];
  let r = "";
  for (const ch of s) {
    const k = from.indexOf(ch);
    if (k < 0) r += ch;
    else if (k < to.length) r += to[k];
  }
  return str(r);
}

export const FUNCTIONS: Readonly<Record<string, Fn>> = {
  last: (c, a) => {
    arity(c, a, 0);
    if (c.size < 0) c.fail(Err.InvalidCtxtSize);
    return num(c.size);
  },
  position: (c, a) => {
    arity(c, a, 0);
    if (c.pos < 0) c.fail(Err.InvalidCtxtPosition);
    return num(c.pos);
  },
  count: (c, a) => {
    arity(c, a, 1);
    return num(nodesArg(c, a[0] as Value).length);
  },
  id: (c, a) => {
    arity(c, a, 1);
    const v = a[0] as Value;
    const tokens = v.t === "nodeset" ? v.nodes.map(stringValue) : [toStr(v)];
    return nodeset(sorted(tokens.flatMap((t) => byIds(c.doc, t))));
  },
  "local-name": (c, a) => str(localName(firstNode(c, a))),
  "namespace-uri": (c, a) => {
    const n = firstNode(c, a);
    return str(n && (n.kind === "element" || n.kind === "attribute") ? (n.ns?.uri ?? "") : "");
  },
  name: (c, a) => {
    const n = firstNode(c, a);
    if (n && (n.kind === "element" || n.kind === "attribute")) return str(n.ns?.prefix ? `${n.ns.prefix}:${n.name}` : n.name);
    return str(localName(n));
  },
  string: (c, a) => str(textArg(c, a)),
  "string-length": (c, a) => num(Array.from(textArg(c, a)).length),
  concat: (c, a) => {
    if (a.length < 2) c.fail(Err.InvalidArity);
    return str(a.map(toStr).join(""));
  },
  contains: (c, a) => {
    const [hay, needle] = twoStrings(c, a);
    return bool(hay.includes(needle));
  },
  "starts-with": (c, a) => {
    const [hay, needle] = twoStrings(c, a);
    return bool(hay.startsWith(needle));
  },
  substring,
  "substring-before": (c, a) => {
    const [s, find] = twoStrings(c, a);
    const k = s.indexOf(find);
    return str(k < 0 ? "" : s.slice(0, k));
  },
  "substring-after": (c, a) => {
    const [s, find] = twoStrings(c, a);
    const k = s.indexOf(find);
    return str(k < 0 ? "" : s.slice(k + find.length));
  },
  "normalize-space": (c, a) => {
    const words: string[] = [];
    let word = "";
    for (const ch of textArg(c, a) + " ") {
      if (!isBlank(ch)) word += ch;
      else if (word !== "") {
        words.push(word);
        word = "";
      }
    }
    return str(words.join(" "));
  },
  translate,
  boolean: (c, a) => {
    arity(c, a, 1);
    return bool(toBool(a[0] as Value));
  },
  not: (c, a) => {
    arity(c, a, 1);
    return bool(!toBool(a[0] as Value));
  },
  true: (c, a) => {
    arity(c, a, 0);
    return bool(true);
  },
  false: (c, a) => {
    arity(c, a, 0);
    return bool(false);
  },
  lang: (c, a) => {
    arity(c, a, 1);
    const want = asciiUpper(toStr(a[0] as Value));
    const found = langOf(c.node);
    const have = found === null ? null : asciiUpper(found);
    return bool(have !== null && have.startsWith(want) && (have.length === want.length || have[want.length] === "-"));
  },
  number: (c, a) => num(a.length === 0 ? parseNumber(stringValue(c.node)) : oneNumber(c, a)),
  sum: (c, a) => {
    arity(c, a, 1);
    return num(nodesArg(c, a[0] as Value).reduce((s, n) => s + parseNumber(stringValue(n)), 0));
  },
  floor: (c, a) => num(Math.floor(oneNumber(c, a))),
  ceiling: (c, a) => num(Math.ceil(oneNumber(c, a))),
  round: (c, a) => {
    const f = oneNumber(c, a);
    // -0.5 <= f < 0.5 keeps its sign as a zero; NaN stays NaN.
    return num(f >= -0.5 && f < 0.5 ? f * 0 : roundHalfUp(f));
  },
};
