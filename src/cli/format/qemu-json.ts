// JSON the way libvirt 9's virJSONValueToString writes it (yajl): numbers
// kept exactly as QEMU sent them, keys in their order (duplicates too), and
// with pretty printing two-space indents where empty objects and arrays
// still open a line ("{\n\n}"). virsh prints QEMU's replies this way.

type Json =
  | { t: "obj"; entries: [string, Json][] }
  | { t: "arr"; items: Json[] }
  /** A number, true, false or null, as written. */
  | { t: "atom"; raw: string }
  | { t: "str"; value: string };

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (/[ \t\n\r]/.test(this.s[this.i] ?? "")) this.i++;
  }

  private fail(): never {
    throw new SyntaxError(`bad JSON at ${this.i}`);
  }

  private eat(c: string): boolean {
    this.ws();
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }

  document(): Json {
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail();
    return v;
  }

  private value(): Json {
    this.ws();
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return { t: "str", value: this.string() };
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i));
    if (!m) this.fail();
    this.i += m[0].length;
    return { t: "atom", raw: m[0] };
  }

  private string(): string {
    // eslint-disable-next-line no-control-regex
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.s.slice(this.i));
    if (!m) this.fail();
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private object(): Json {
    this.i++;
    const entries: [string, Json][] = [];
    if (this.eat("}")) return { t: "obj", entries };
    do {
      this.ws();
      if (this.s[this.i] !== '"') this.fail();
      const k = this.string();
      if (!this.eat(":")) this.fail();
      entries.push([k, this.value()]);
    } while (this.eat(","));
    if (!this.eat("}")) this.fail();
    return { t: "obj", entries };
  }

  private array(): Json {
    this.i++;
    const items: Json[] = [];
    if (this.eat("]")) return { t: "arr", items };
    do items.push(this.value());
    while (this.eat(","));
    if (!this.eat("]")) this.fail();
    return { t: "arr", items };
  }
}

/** Parse JSON text; null when it is not JSON (virJSONValueFromString failing). */
export function parseQemuJson(text: string): Json | null {
  try {
    return new Parser(text).document();
  } catch {
    return null;
  }
}

/** The value of `key` in an object, as libvirt's virJSONValueObjectGet finds it (the first one). */
export function member(v: Json, key: string): Json | undefined {
  return v.t === "obj" ? v.entries.find(([k]) => k === key)?.[1] : undefined;
}

/** yajl_string_encode: only quote, backslash and control characters are escaped. */
function quote(s: string): string {
  const named: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  // eslint-disable-next-line no-control-regex
  const body = s.replace(/["\\\u0000-\u001f]/g, (c) => named[c] ?? `\\u00${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `"${body}"`;
}

/** virJSONValueToString(value, pretty), without the final newline virsh trims. */
export function formatQemuJson(v: Json, pretty: boolean, depth = 0): string {
  const pad = (d: number): string => (pretty ? "  ".repeat(d) : "");
  const nl = pretty ? "\n" : "";
  switch (v.t) {
    case "atom":
      return v.raw;
    case "str":
      return quote(v.value);
    case "obj": {
      const parts = v.entries.map(([k, x]) => `${pad(depth + 1)}${quote(k)}:${pretty ? " " : ""}${formatQemuJson(x, pretty, depth + 1)}`);
      return `{${nl}${parts.join(`,${nl}`)}${nl}${pad(depth)}}`;
    }
    case "arr": {
      const parts = v.items.map((x) => `${pad(depth + 1)}${formatQemuJson(x, pretty, depth + 1)}`);
      return `[${nl}${parts.join(`,${nl}`)}${nl}${pad(depth)}]`;
    }
  }
}
