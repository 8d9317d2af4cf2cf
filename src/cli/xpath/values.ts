// XPath values and libxml2's conversions between them (xmlXPathCast*,
// xmlXPathStringEvalNumber, xmlXPathFormatNumber).
import { isBlank, type XNode } from "./tree.js";

export type Value =
  | { t: "nodeset"; nodes: XNode[] }
  | { t: "boolean"; v: boolean }
  | { t: "number"; v: number }
  | { t: "string"; v: string };

export const INT_MAX = 2147483647;
export const INT_MIN = -2147483648;

export function nodeset(nodes: XNode[]): Value {
  return { t: "nodeset", nodes };
}

export function bool(v: boolean): Value {
  return { t: "boolean", v };
}

export function num(v: number): Value {
  return { t: "number", v };
}

export function str(v: string): Value {
  return { t: "string", v };
}

/** Document order, each node once. */
export function sorted(nodes: Iterable<XNode>): XNode[] {
  return [...new Set(nodes)].sort((a, b) => a.order - b.order);
}

/** xmlNodeGetContent: the text a node stands for. */
export function stringValue(n: XNode): string {
  switch (n.kind) {
    case "document":
    case "element": {
      let s = "";
      const walk = (x: XNode): void => {
        for (const c of x.children) {
          if (c.kind === "text" || c.kind === "cdata") s += c.value;
          else if (c.kind === "element") walk(c);
        }
      };
      walk(n);
      return s;
    }
    case "namespace":
      return n.ns?.uri ?? "";
    default:
      return n.value;
  }
}

/** xmlXPathStringEvalNumber: blanks around, an optional '-', digits, '.', even an exponent. */
export function parseNumber(s: string): number {
  let i = 0;
  const at = (k: number): string => s[k] ?? "";
  const digit = (c: string): boolean => c >= "0" && c <= "9" && c.length === 1;
  while (isBlank(at(i))) i++;
  if (at(i) !== "." && !digit(at(i)) && at(i) !== "-") return NaN;
  let negative = false;
  if (at(i) === "-") {
    negative = true;
    i++;
  }
  let ret = 0;
  let ok = false;
  while (digit(at(i))) {
    ret = ret * 10 + Number(at(i++));
    ok = true;
  }
  if (at(i) === ".") {
    i++;
    if (!digit(at(i)) && !ok) return NaN;
    let frac = 0;
    let fraction = 0;
    while (at(i) === "0") {
      frac++;
      i++;
    }
    const max = frac + 20;
    while (digit(at(i)) && frac < max) {
      fraction = fraction * 10 + Number(at(i++));
      frac++;
    }
    ret += fraction / Math.pow(10, frac);
    while (digit(at(i))) i++;
  }
  let exponent = 0;
  if (at(i) === "e" || at(i) === "E") {
    i++;
    let negExp = false;
    if (at(i) === "-") {
      negExp = true;
      i++;
    } else if (at(i) === "+") i++;
    while (digit(at(i))) {
      if (exponent < 1000000) exponent = exponent * 10 + Number(at(i));
      i++;
    }
    if (negExp) exponent = -exponent;
  }
  while (isBlank(at(i))) i++;
  if (i < s.length) return NaN;
  if (negative) ret = -ret;
  return ret * Math.pow(10, exponent);
}

/** Trailing zeros of a fraction dropped, and the point with them when nothing is left. */
function trimFraction(mantissa: string): string {
  if (!mantissa.includes(".")) return mantissa;
  const t = mantissa.replace(/0+$/, "");
  return t.endsWith(".") ? t.slice(0, -1) : t;
}

/** xmlXPathFormatNumber: integers plainly, others with 15 significant digits, tiny or huge ones in e-notation. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (n === 0) return "0";
  if (n > INT_MIN && n < INT_MAX && n === Math.trunc(n)) return String(n);
  const abs = Math.abs(n);
  if (abs > 1e9 || abs < 1e-5) {
    const [mantissa, exp] = n.toExponential(14).split("e") as [string, string];
    const sign = exp.startsWith("-") ? "-" : "+";
    return `${trimFraction(mantissa)}e${sign}${exp.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  const integerPlace = Math.trunc(Math.log10(abs));
  const fractionPlace = integerPlace > 0 ? 15 - integerPlace - 1 : 15 - integerPlace;
  return trimFraction(n.toFixed(fractionPlace));
}

export function toStr(v: Value): string {
  switch (v.t) {
    case "string":
      return v.v;
    case "number":
      return formatNumber(v.v);
    case "boolean":
      return v.v ? "true" : "false";
    case "nodeset":
      return v.nodes.length ? stringValue(v.nodes[0] as XNode) : "";
  }
}

export function toNum(v: Value): number {
  switch (v.t) {
    case "number":
      return v.v;
    case "boolean":
      return v.v ? 1 : 0;
    default:
      return parseNumber(toStr(v));
  }
}

export function toBool(v: Value): boolean {
  switch (v.t) {
    case "boolean":
      return v.v;
    case "number":
      return !Number.isNaN(v.v) && v.v !== 0;
    case "string":
      return v.v.length > 0;
    case "nodeset":
      return v.nodes.length > 0;
  }
}
