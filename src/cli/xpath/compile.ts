// XPath 1.0 expressions compiled the way libxml2 2.9 compiles them (xpath.c's
// xmlXPathComp* functions, followed closely): the same grammar quirks, and
// the same error at the same offset, which virsh's --xpath shows with a caret.
import { AXES, Err, type Axis, type Expr, type NodeTest } from "./ast.js";
import { isBlank } from "./tree.js";

/** XPATH_MAX_RECURSION_DEPTH, counted as libxml2 counts it while compiling. */
const MAX_DEPTH = 5000;

const EXTENDERS = /[\u00B7\u02D0\u02D1\u0387\u0640\u0E46\u0EC6\u3005\u3031-\u3035\u309D\u309E\u30FC-\u30FE]/u;

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isNameChar(c: string, qualified: boolean): boolean {
  if (c === "" || c === " " || c === ">" || c === "/") return false;
  return isLetter(c) || /[\p{Nd}\p{M}._-]/u.test(c) || EXTENDERS.test(c) || (qualified && c === ":");
}

function isAsciiDigit(c: string): boolean {
  return c >= "0" && c <= "9" && c.length === 1;
}

/** IS_CHAR_CH: what a literal may hold. */
function isCharCh(c: string): boolean {
  return c !== "" && (c >= " " || c === "\t" || c === "\n" || c === "\r");
}

/** One xmlXPathErr call: the error and where the parser stood. */
export interface CompileError {
  code: number;
  pos: number;
}

export class Compiler {
  private pos = 0;
  private depth = 0;
  /** ctxt->error: the first error sticks, later checks see it. */
  error = 0;
  /** Every error raised, in order: libxml2 prints each. */
  readonly errors: CompileError[] = [];
  /** ctxt->comp->last: the expression compiled last. */
  private last: Expr | null = null;

  constructor(private readonly src: string) {}

  /** xmlXPathEvalExpr's compile part: the expression, or null after an error. */
  compile(): Expr | null {
    this.compileExpr();
    if (this.error) return null;
    if (this.cur() !== "") this.fail(Err.Expr);
    return this.error ? null : this.last;
  }

  /** What the last compile step made (set when it did not fail). */
  private compiled(): Expr {
    return this.last as Expr;
  }

  /** Byte offset of the parser (for the caret), as libxml2 counts it in UTF-8. */
  byteOffset(pos: number): number {
    return Buffer.byteLength(this.src.slice(0, pos));
  }

  private cur(): string {
    return this.src[this.pos] ?? "";
  }

  private nxt(n: number): string {
    return this.src[this.pos + n] ?? "";
  }

  private next(): void {
    if (this.pos < this.src.length) this.pos++;
  }

  private skip(n: number): void {
    this.pos += n;
  }

  private skipBlanks(): void {
    while (isBlank(this.cur())) this.pos++;
  }

  private fail(code: number): void {
    this.error = code;
    this.errors.push({ code, pos: this.pos });
  }

  /** The code point at pos (names may hold non-BMP letters). */
  private charAt(pos: number): string {
    const cp = this.src.codePointAt(pos);
    return cp === undefined ? "" : String.fromCodePoint(cp);
  }

  /** xmlXPathParseNCName (and its complex fallback, which accepts the same names). */
  private ncName(): string | null {
    const start = this.pos;
    const first = this.charAt(start);
    if (!(isLetter(first) || first === "_")) return null;
    let p = start + first.length;
    for (let c = this.charAt(p); isNameChar(c, false); c = this.charAt(p)) p += c.length;
    this.pos = p;
    return this.src.slice(start, p);
  }

  /** xmlXPathParseQName */
  private qName(): { name: string | null; prefix: string | null } {
    let name = this.ncName();
    let prefix: string | null = null;
    if (name !== null && this.cur() === ":") {
      prefix = name;
      this.next();
      name = this.ncName();
    }
    return { name, prefix };
  }

  /** xmlXPathScanName: a name (colons allowed) ahead, without moving. */
  private scanName(): string | null {
    const first = this.charAt(this.pos);
    if (first === "" || first === " " || first === ">" || first === "/") return null;
    if (!(isLetter(first) || first === "_" || first === ":")) return null;
    let p = this.pos;
    for (let c = this.charAt(p); isNameChar(c, true); c = this.charAt(p)) p += c.length;
    return this.src.slice(this.pos, p);
  }

  /** xmlXPathCompileExpr */
  private compileExpr(): void {
    if (this.depth >= MAX_DEPTH) return this.fail(Err.RecursionLimit);
    // Parsing one '(' goes about ten calls deep in libxml2.
    this.depth += 10;
    this.andExpr();
    if (this.error) return;
    this.skipBlanks();
    while (this.cur() === "o" && this.nxt(1) === "r") {
      const left = this.compiled();
      this.skip(2);
      this.skipBlanks();
      this.andExpr();
      if (this.error) return;
      this.last = { op: "or", left, right: this.compiled() };
      this.skipBlanks();
    }
    this.depth -= 10;
  }

  private andExpr(): void {
    this.equalityExpr();
    if (this.error) return;
    this.skipBlanks();
    while (this.cur() === "a" && this.nxt(1) === "n" && this.nxt(2) === "d") {
      const left = this.compiled();
      this.skip(3);
      this.skipBlanks();
      this.equalityExpr();
      if (this.error) return;
      this.last = { op: "and", left, right: this.compiled() };
      this.skipBlanks();
    }
  }

  private equalityExpr(): void {
    this.relationalExpr();
    if (this.error) return;
    this.skipBlanks();
    while (this.cur() === "=" || (this.cur() === "!" && this.nxt(1) === "=")) {
      const left = this.compiled();
      const eq = this.cur() === "=";
      this.next();
      if (!eq) this.next();
      this.skipBlanks();
      this.relationalExpr();
      if (this.error) return;
      this.last = { op: "equal", eq, left, right: this.compiled() };
      this.skipBlanks();
    }
  }

  private relationalExpr(): void {
    this.additiveExpr();
    if (this.error) return;
    this.skipBlanks();
    while (this.cur() === "<" || this.cur() === ">") {
      const left = this.compiled();
      const inf = this.cur() === "<";
      const strict = this.nxt(1) !== "=";
      this.next();
      if (!strict) this.next();
      this.skipBlanks();
      this.additiveExpr();
      if (this.error) return;
      this.last = { op: "compare", inf, strict, left, right: this.compiled() };
      this.skipBlanks();
    }
  }

  private additiveExpr(): void {
    this.multiplicativeExpr();
    if (this.error) return;
    this.skipBlanks();
    while (this.cur() === "+" || this.cur() === "-") {
      const left = this.compiled();
      const kind = this.cur() as "+" | "-";
      this.next();
      this.skipBlanks();
      this.multiplicativeExpr();
      if (this.error) return;
      this.last = { op: "arith", kind, left, right: this.compiled() };
      this.skipBlanks();
    }
  }

  private multiplicativeExpr(): void {
    this.unaryExpr();
    if (this.error) return;
    this.skipBlanks();
    for (;;) {
      let kind: "*" | "div" | "mod";
      if (this.cur() === "*") kind = "*";
      else if (this.src.startsWith("div", this.pos)) kind = "div";
      else if (this.src.startsWith("mod", this.pos)) kind = "mod";
      else break;
      const left = this.compiled();
      this.skip(kind.length);
      this.skipBlanks();
      this.unaryExpr();
      if (this.error) return;
      this.last = { op: "arith", kind, left, right: this.compiled() };
      this.skipBlanks();
    }
  }

  private unaryExpr(): void {
    let minus = false;
    let found = false;
    this.skipBlanks();
    while (this.cur() === "-") {
      minus = !minus;
      found = true;
      this.next();
      this.skipBlanks();
    }
    this.unionExpr();
    if (this.error) return;
    if (found) this.last = { op: minus ? "negate" : "tonumber", arg: this.compiled() };
  }

  private unionExpr(): void {
    this.pathExpr();
    if (this.error) return;
    this.skipBlanks();
    while (this.cur() === "|") {
      const left = this.compiled();
      this.last = { op: "node" };
      this.next();
      this.skipBlanks();
      // No error check here in libxml2: a bad operand still lets "|" go on.
      this.pathExpr();
      this.last = { op: "union", left, right: this.last };
      this.skipBlanks();
    }
  }

  /** xmlXPathCompPathExpr: a location path, or a filter expression maybe followed by one. */
  private pathExpr(): void {
    let lc = true;
    this.skipBlanks();
    const c = this.cur();
    if (c === "$" || c === "(" || isAsciiDigit(c) || c === "'" || c === '"' || (c === "." && isAsciiDigit(this.nxt(1)))) {
      lc = false;
    } else if (c !== "*" && c !== "/" && c !== "@" && c !== ".") {
      // A name: node type test, function call, axis or element name?
      this.skipBlanks();
      const name = this.scanName();
      if (name === null) return this.fail(Err.Expr);
      if (!name.includes("::")) {
        let len = name.length;
        while (this.nxt(len) !== "") {
          const n = this.nxt(len);
          if (isBlank(n)) {
            len++;
            continue;
          }
          if (n === "(") lc = ["node", "text", "comment", "processing-instruction"].includes(name);
          break;
        }
      }
    }
    if (lc) {
      this.last = this.cur() === "/" ? { op: "root" } : { op: "node" };
      this.locationPath();
    } else {
      this.filterExpr();
      if (this.error) return;
      if (this.cur() === "/" && this.nxt(1) === "/") {
        this.skip(2);
        this.skipBlanks();
        this.last = descendantOrSelf(this.compiled());
        this.relativeLocationPath();
      } else if (this.cur() === "/") {
        this.relativeLocationPath();
      }
    }
    this.skipBlanks();
  }

  private filterExpr(): void {
    this.primaryExpr();
    if (this.error) return;
    this.skipBlanks();
    while (this.cur() === "[") {
      const input = this.compiled();
      const cond = this.predicate();
      if (cond) this.last = { op: "filter", input, cond };
      this.skipBlanks();
    }
  }

  private primaryExpr(): void {
    this.skipBlanks();
    const c = this.cur();
    if (c === "$") this.variableReference();
    else if (c === "(") {
      this.next();
      this.skipBlanks();
      this.compileExpr();
      if (this.error) return;
      if (this.cur() !== ")") return this.fail(Err.Expr);
      this.next();
      this.skipBlanks();
    } else if (isAsciiDigit(c) || (c === "." && isAsciiDigit(this.nxt(1)))) this.number();
    else if (c === "'" || c === '"') this.literal();
    else this.functionCall();
    this.skipBlanks();
  }

  /** xmlXPathCompNumber, with its arithmetic (the same double for the same digits). */
  private number(): void {
    let ret = 0;
    let ok = false;
    while (isAsciiDigit(this.cur())) {
      ret = ret * 10 + Number(this.cur());
      ok = true;
      this.next();
    }
    if (this.cur() === ".") {
      this.next();
      if (!isAsciiDigit(this.cur()) && !ok) return this.fail(Err.Number);
      ret += this.fraction();
    }
    if (this.cur() === "e" || this.cur() === "E") {
      this.next();
      let negative = false;
      if (this.cur() === "-") {
        negative = true;
        this.next();
      } else if (this.cur() === "+") this.next();
      let exponent = 0;
      while (isAsciiDigit(this.cur())) {
        if (exponent < 1000000) exponent = exponent * 10 + Number(this.cur());
        this.next();
      }
      ret *= Math.pow(10, negative ? -exponent : exponent);
    }
    this.last = { op: "number", value: ret };
  }

  /** The digits after '.', at most MAX_FRAC significant ones. */
  private fraction(): number {
    let frac = 0;
    let fraction = 0;
    while (this.cur() === "0") {
      frac++;
      this.next();
    }
    const max = frac + 20;
    while (isAsciiDigit(this.cur()) && frac < max) {
      fraction = fraction * 10 + Number(this.cur());
      frac++;
      this.next();
    }
    while (isAsciiDigit(this.cur())) this.next();
    return fraction / Math.pow(10, frac);
  }

  /** xmlXPathParseLiteral: the text between quotes, or null after an error. */
  private parseLiteral(): string | null {
    const q = this.cur();
    if (q !== '"' && q !== "'") {
      this.fail(Err.StartLiteral);
      return null;
    }
    this.next();
    const start = this.pos;
    while (isCharCh(this.cur()) && this.cur() !== q) this.next();
    if (!isCharCh(this.cur())) {
      this.fail(Err.UnfinishedLiteral);
      return null;
    }
    const text = this.src.slice(start, this.pos);
    this.next();
    return text;
  }

  private literal(): void {
    const text = this.parseLiteral();
    if (text !== null) this.last = { op: "string", value: text };
  }

  private variableReference(): void {
    this.skipBlanks();
    if (this.cur() !== "$") return this.fail(Err.VariableRef);
    this.next();
    const { name, prefix } = this.qName();
    if (name === null) return this.fail(Err.VariableRef);
    this.last = { op: "variable", name, prefix };
    this.skipBlanks();
  }

  private functionCall(): void {
    const { name, prefix } = this.qName();
    if (name === null) return this.fail(Err.Expr);
    this.skipBlanks();
    if (this.cur() !== "(") return this.fail(Err.Expr);
    this.next();
    this.skipBlanks();
    const args: Expr[] = [];
    this.last = null;
    // An unclosed list ends at the end of the text, as if closed.
    if (this.cur() !== ")") {
      while (this.cur() !== "") {
        this.last = null;
        this.compileExpr();
        if (this.error) return;
        args.push(this.compiled());
        if (this.cur() === ")") break;
        if (this.cur() !== ",") return this.fail(Err.Expr);
        this.next();
        this.skipBlanks();
      }
    }
    this.last = { op: "call", name, prefix, args };
    this.next();
    this.skipBlanks();
  }

  /** xmlXPathCompPredicate: the expression inside `[...]`, null after an error. */
  private predicate(): Expr | null {
    this.skipBlanks();
    if (this.cur() !== "[") {
      this.fail(Err.InvalidPredicate);
      return null;
    }
    this.next();
    this.skipBlanks();
    this.last = null;
    this.compileExpr();
    if (this.error) return null;
    if (this.cur() !== "]") {
      this.fail(Err.InvalidPredicate);
      return null;
    }
    this.next();
    this.skipBlanks();
    return this.last;
  }

  private locationPath(): void {
    this.skipBlanks();
    if (this.cur() !== "/") return this.relativeLocationPath();
    while (this.cur() === "/") {
      if (this.nxt(1) === "/") {
        this.skip(2);
        this.skipBlanks();
        this.last = descendantOrSelf(this.compiled());
        this.relativeLocationPath();
      } else {
        this.next();
        this.skipBlanks();
        const c = this.cur();
        if (c !== "" && (/[A-Za-z_.@*]/.test(c) && c.length === 1)) this.relativeLocationPath();
      }
      if (this.error) return;
    }
  }

  private relativeLocationPath(): void {
    this.skipBlanks();
    if (this.cur() === "/" && this.nxt(1) === "/") {
      this.skip(2);
      this.skipBlanks();
      this.last = descendantOrSelf(this.compiled());
    } else if (this.cur() === "/") {
      this.next();
      this.skipBlanks();
    }
    this.step();
    if (this.error) return;
    this.skipBlanks();
    // No error check in this loop in libxml2 either.
    while (this.cur() === "/") {
      if (this.nxt(1) === "/") {
        this.skip(2);
        this.skipBlanks();
        this.last = descendantOrSelf(this.compiled());
      } else {
        this.next();
        this.skipBlanks();
      }
      this.step();
      this.skipBlanks();
    }
  }

  /** xmlXPathCompStep */
  private step(): void {
    this.skipBlanks();
    if (this.cur() === "." && this.nxt(1) === ".") {
      this.skip(2);
      this.skipBlanks();
      this.last = { op: "collect", input: this.compiled(), axis: "parent", test: { kind: "type", type: "node" }, preds: [] };
      return;
    }
    if (this.cur() === ".") {
      this.next();
      this.skipBlanks();
      return;
    }
    let name: string | null = null;
    let axis: Axis = "child";
    if (this.cur() !== "*") {
      name = this.ncName();
      if (name !== null) {
        if ((AXES as readonly string[]).includes(name)) {
          this.skipBlanks();
          if (this.cur() === ":" && this.nxt(1) === ":") {
            this.skip(2);
            axis = name as Axis;
            name = null;
          }
        }
      } else if (this.cur() === "@") {
        this.next();
        axis = "attribute";
      }
    }
    if (this.error) return;
    const test = this.nodeTest(name);
    if (test === null) return;
    const input = this.compiled();
    const preds: Expr[] = [];
    this.skipBlanks();
    while (this.cur() === "[") {
      const cond = this.predicate();
      if (cond) preds.push(cond);
    }
    this.last = { op: "collect", input, axis, test, preds };
  }

  /** xmlXPathCompNodeTest: null when no test could be read. */
  private nodeTest(name: string | null): NodeTest | null {
    this.skipBlanks();
    if (name === null && this.cur() === "*") {
      this.next();
      return { kind: "all", prefix: null };
    }
    if (name === null) name = this.ncName();
    if (name === null) {
      this.fail(Err.Expr);
      return null;
    }
    const blanks = isBlank(this.cur());
    this.skipBlanks();
    if (this.cur() === "(") {
      this.next();
      const types: Record<string, "node" | "text" | "comment" | "pi"> = { comment: "comment", node: "node", "processing-instruction": "pi", text: "text" };
      const type = types[name];
      if (type === undefined) {
        this.fail(Err.Expr);
        return null;
      }
      let test: NodeTest = { kind: "type", type };
      this.skipBlanks();
      if (type === "pi" && this.cur() !== ")") {
        const target = this.parseLiteral();
        if (target === null) {
          this.fail(Err.Expr);
          return test;
        }
        test = { kind: "pi", target };
        this.skipBlanks();
      }
      // The test stands even when the ')' is missing (the error is raised all the same).
      if (this.cur() !== ")") this.fail(Err.Unclosed);
      else this.next();
      return test;
    }
    if (!blanks && this.cur() === ":") {
      this.next();
      const prefix = name;
      if (this.cur() === "*") {
        this.next();
        return { kind: "all", prefix };
      }
      const local = this.ncName();
      if (local === null) {
        this.fail(Err.Expr);
        // libxml2 has set the test (to a name) before it fails here.
        return { kind: "name", prefix, name: "" };
      }
      return { kind: "name", prefix, name: local };
    }
    return { kind: "name", prefix: null, name };
  }
}

/** What '//' stands for: descendant-or-self::node() of the expression so far. */
function descendantOrSelf(input: Expr): Expr {
  return { op: "collect", input, axis: "descendant-or-self", test: { kind: "type", type: "node" }, preds: [] };
}
