// Compiled XPath expressions, and libxml2's XPath error numbers and messages.

/** XPath's axis names, as xmlXPathIsAxisName knows them. */
export const AXES = [
  "ancestor",
  "ancestor-or-self",
  "attribute",
  "child",
  "descendant",
  "descendant-or-self",
  "following",
  "following-sibling",
  "namespace",
  "parent",
  "preceding",
  "preceding-sibling",
  "self",
] as const;

export type Axis = (typeof AXES)[number];

export type NodeTest =
  | { kind: "all"; prefix: string | null }
  | { kind: "name"; prefix: string | null; name: string }
  | { kind: "type"; type: "node" | "text" | "comment" | "pi" }
  | { kind: "pi"; target: string };

export type Expr =
  | { op: "root" }
  | { op: "node" }
  | { op: "collect"; input: Expr; axis: Axis; test: NodeTest; preds: Expr[] }
  | { op: "filter"; input: Expr; cond: Expr }
  | { op: "union" | "or" | "and"; left: Expr; right: Expr }
  | { op: "equal"; eq: boolean; left: Expr; right: Expr }
  | { op: "compare"; inf: boolean; strict: boolean; left: Expr; right: Expr }
  | { op: "arith"; kind: "+" | "-" | "*" | "div" | "mod"; left: Expr; right: Expr }
  | { op: "negate" | "tonumber"; arg: Expr }
  | { op: "number"; value: number }
  | { op: "string"; value: string }
  | { op: "variable"; name: string; prefix: string | null }
  | { op: "call"; name: string; prefix: string | null; args: Expr[] };

/** libxml2's xmlXPathErrorMessages, by XPATH_* error number. */
export const MESSAGES = [
  "Ok",
  "Number encoding",
  "Unfinished literal",
  "Start of literal",
  "Expected $ for variable reference",
  "Undefined variable",
  "Invalid predicate",
  "Invalid expression",
  "Missing closing curly brace",
  "Unregistered function",
  "Invalid operand",
  "Invalid type",
  "Invalid number of arguments",
  "Invalid context size",
  "Invalid context position",
  "Memory allocation error",
  "Syntax error",
  "Resource error",
  "Sub resource error",
  "Undefined namespace prefix",
  "Encoding error",
  "Char out of XML range",
  "Invalid or incomplete context",
  "Stack usage error",
  "Forbidden variable",
  "Operation limit exceeded",
  "Recursion limit exceeded",
] as const;

export const enum Err {
  Number = 1,
  UnfinishedLiteral = 2,
  StartLiteral = 3,
  VariableRef = 4,
  UndefVariable = 5,
  InvalidPredicate = 6,
  Expr = 7,
  Unclosed = 8,
  UnknownFunc = 9,
  InvalidType = 11,
  InvalidArity = 12,
  InvalidCtxtSize = 13,
  InvalidCtxtPosition = 14,
  UndefPrefix = 19,
  RecursionLimit = 26,
}
