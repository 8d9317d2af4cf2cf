// Tokenizer for the XDR language as rpcgen (and so libvirt) accepts it.
// Comments are not tokens: each token remembers the last comment that came
// before it, which is where libvirt puts its procedure annotations.

export type TokenKind = "ident" | "number" | "punct" | "eof";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  /** Text of the comment closest before this token (since the previous token), if any. */
  readonly comment: string | null;
}

const PUNCT = new Set(["{", "}", "(", ")", "[", "]", "<", ">", ";", ",", "=", ":", "*"]);

export class XdrSyntaxError extends Error {
  constructor(file: string, line: number, msg: string) {
    super(`${file}:${line}: ${msg}`);
    this.name = "XdrSyntaxError";
  }
}

export function tokenize(src: string, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let comment: string | null = null;
  let atLineStart = true;
  const push = (kind: TokenKind, text: string): void => {
    out.push({ kind, text, line, comment });
    comment = null;
    atLineStart = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\n") {
      line++;
      i++;
      atLineStart = true;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f") {
      i++;
      continue;
    }
    // rpcgen copies lines starting with % straight into its C output.
    if (c === "%" && atLineStart) {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new XdrSyntaxError(file, line, "unterminated comment");
      const text = src.slice(i, end + 2);
      for (const ch of text) if (ch === "\n") line++;
      comment = text;
      i = end + 2;
      continue;
    }
    if (c === "/" && src[i + 1] === "/") {
      const end = src.indexOf("\n", i);
      comment = src.slice(i, end < 0 ? src.length : end);
      i = end < 0 ? src.length : end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      push("ident", src.slice(i, j));
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(src[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < src.length && /[0-9A-Fa-fxX]/.test(src[j]!)) j++;
      push("number", src.slice(i, j));
      i = j;
      continue;
    }
    if (PUNCT.has(c)) {
      push("punct", c);
      i++;
      continue;
    }
    throw new XdrSyntaxError(file, line, `unexpected character ${JSON.stringify(c)}`);
  }
  out.push({ kind: "eof", text: "", line, comment });
  return out;
}

/** Parses an XDR integer literal (decimal, hex, octal, optionally negative). */
export function parseIntLiteral(text: string): number | null {
  const m = /^(-?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return null;
  const body = m[2]!;
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith("0")) v = parseInt(body, 8);
  else v = parseInt(body, 10);
  return m[1] ? -v : v;
}
