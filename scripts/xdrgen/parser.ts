// Recursive-descent parser for XDR definitions (RFC 4506 plus rpcgen's
// spellings: `unsigned` alone, `long`, `struct X` as a type reference).
import type { BuiltinName, Declaration, Definition, EnumMember, TypeSpec, UnionArm, Value, XdrFile } from "./ast.js";
import { parseIntLiteral, tokenize, XdrSyntaxError, type Token } from "./lexer.js";

type Decl = Declaration & { kind: "decl" };

const UNSIGNED = new Map<string, BuiltinName>([
  ["int", "uint"],
  ["long", "uint"],
  ["hyper", "uhyper"],
  ["char", "uchar"],
  ["short", "ushort"],
]);

export function parseXdr(src: string, file: string): XdrFile {
  return new Parser(tokenize(src, file), file).file();
}

class Parser {
  private pos = 0;

  constructor(
    private readonly toks: readonly Token[],
    private readonly fileName: string,
  ) {}

  file(): XdrFile {
    const defs: Definition[] = [];
    while (this.peek().kind !== "eof") defs.push(this.definition());
    return { file: this.fileName, defs };
  }

  private peek(): Token {
    return this.toks[this.pos]!;
  }

  private next(): Token {
    const t = this.toks[this.pos]!;
    if (t.kind !== "eof") this.pos++;
    return t;
  }

  private fail(msg: string, t: Token = this.peek()): never {
    throw new XdrSyntaxError(this.fileName, t.line, `${msg} (at ${t.kind === "eof" ? "end of file" : JSON.stringify(t.text)})`);
  }

  private expect(text: string): Token {
    const t = this.next();
    if (t.text !== text || t.kind === "eof") this.fail(`expected "${text}"`, t);
    return t;
  }

  private accept(text: string): boolean {
    const t = this.peek();
    if (t.kind !== "eof" && t.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  private ident(): string {
    const t = this.next();
    if (t.kind !== "ident") this.fail("expected a name", t);
    return t.text;
  }

  private value(): Value {
    const t = this.next();
    if (t.kind === "ident") return { sym: t.text };
    if (t.kind === "number") {
      const n = parseIntLiteral(t.text);
      if (n === null) this.fail("bad number", t);
      return { num: n };
    }
    return this.fail("expected a number or constant name", t);
  }

  private definition(): Definition {
    const kw = this.ident();
    let def: Definition;
    switch (kw) {
      case "const": {
        const name = this.ident();
        this.expect("=");
        def = { kind: "const", name, value: this.value() };
        break;
      }
      case "typedef": {
        const decl = this.declaration();
        if (decl.kind === "void") this.fail("typedef of void");
        def = { kind: "typedef", decl };
        break;
      }
      case "enum":
        def = { kind: "enum", name: this.ident(), members: this.enumBody() };
        break;
      case "struct": {
        const name = this.ident();
        def = { kind: "struct", name, fields: this.structBody() };
        break;
      }
      case "union":
        def = this.unionDef();
        break;
      default:
        this.fail(`unsupported definition "${kw}"`, this.toks[this.pos - 1]);
    }
    this.expect(";");
    return def;
  }

  private enumBody(): EnumMember[] {
    this.expect("{");
    const members: EnumMember[] = [];
    do {
      const t = this.peek();
      const name = this.ident();
      const value = this.accept("=") ? this.value() : null;
      members.push({ name, value, comment: t.comment });
    } while (this.accept(","));
    this.expect("}");
    return members;
  }

  private structBody(): Decl[] {
    this.expect("{");
    const fields: Decl[] = [];
    while (!this.accept("}")) {
      const d = this.declaration();
      if (d.kind === "void") this.fail("void struct member");
      fields.push(d);
      this.expect(";");
    }
    if (fields.length === 0) this.fail("empty struct");
    return fields;
  }

  private unionDef(): Definition {
    const name = this.ident();
    this.expect("switch");
    this.expect("(");
    const disc = this.declaration();
    if (disc.kind === "void" || disc.shape.kind !== "plain") this.fail("bad union discriminant");
    this.expect(")");
    this.expect("{");
    const arms: UnionArm[] = [];
    let def: Declaration | undefined;
    while (!this.accept("}")) {
      if (this.accept("default")) {
        if (def) this.fail("second default arm");
        this.expect(":");
        def = this.declaration();
        this.expect(";");
        continue;
      }
      const cases: Value[] = [];
      while (this.accept("case")) {
        cases.push(this.value());
        this.expect(":");
      }
      if (cases.length === 0) this.fail('expected "case" or "default"');
      arms.push({ cases, decl: this.declaration() });
      this.expect(";");
    }
    return def === undefined ? { kind: "union", name, disc, arms } : { kind: "union", name, disc, arms, def };
  }

  private declaration(): Declaration {
    if (this.accept("void")) return { kind: "void" };
    const type = this.typeSpec();
    if (this.accept("*")) return { kind: "decl", name: this.ident(), type, shape: { kind: "optional" } };
    const name = this.ident();
    if (this.accept("[")) {
      const size = this.value();
      this.expect("]");
      return { kind: "decl", name, type, shape: { kind: "fixed", size } };
    }
    if (this.accept("<")) {
      const size = this.peek().text === ">" ? null : this.value();
      this.expect(">");
      return { kind: "decl", name, type, shape: { kind: "variable", size } };
    }
    if (type.kind === "builtin" && type.name === "opaque") this.fail("opaque needs [N] or <N>");
    if (type.kind === "builtin" && type.name === "string") this.fail("string needs <N>");
    return { kind: "decl", name, type, shape: { kind: "plain" } };
  }

  private typeSpec(): TypeSpec {
    const word = this.ident();
    const builtin = (name: BuiltinName): TypeSpec => ({ kind: "builtin", name });
    switch (word) {
      case "unsigned": {
        // A bare `unsigned` means unsigned int.
        const name = this.peek().kind === "ident" ? UNSIGNED.get(this.peek().text) : undefined;
        if (name === undefined) return builtin("uint");
        this.next();
        return builtin(name);
      }
      case "int":
      case "long":
        return builtin("int");
      case "hyper":
      case "char":
      case "short":
      case "float":
      case "double":
      case "bool":
      case "opaque":
      case "string":
        return builtin(word);
      case "struct":
      case "union":
      case "enum":
        return { kind: "named", name: this.ident() };
      case "quadruple":
        return this.fail("quadruple is not supported", this.toks[this.pos - 1]);
      default:
        return { kind: "named", name: word };
    }
  }
}
