// The public methods of Connection, Domain, DomainSnapshot and
// DomainCheckpoint with their parameter names (read from the compiled
// functions), for sweeping every argument position with bad values.
import { Connection, Domain, DomainSnapshot, DomainCheckpoint } from "../../src/index.js";

export interface Method {
  cls: string;
  name: string;
  params: string[];
  /** Returns synchronously (everything else returns a Promise). */
  sync: boolean;
}

// Internal plumbing and identity accessors without arguments worth sweeping.
const INTERNAL = new Set([
  "constructor", "setId", "setName", "adoptRpc", "watchRpc", "call", "callProgram", "openStream", "withCallTimeout", "serverFeatures",
]);
const SYNC = new Set(["domainEvents"]);

/** Parameter names of a compiled function or method: "(flags = 0, opts)" -> ["flags", "opts"]. */
export function paramNames(fn: (...a: never[]) => unknown): string[] {
  const m = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(fn));
  if (!m) return [];
  return m[1]!
    .split(",")
    .map((s) => s.trim().replace(/\s*=.*$/, ""))
    .filter((s) => s !== "");
}

export function publicMethods(): Method[] {
  const out: Method[] = [];
  const classes: [string, object][] = [
    ["Connection", Connection.prototype],
    ["Domain", Domain.prototype],
    ["DomainSnapshot", DomainSnapshot.prototype],
    ["DomainCheckpoint", DomainCheckpoint.prototype],
  ];
  for (const [cls, proto] of classes) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (INTERNAL.has(name)) continue;
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof d?.value !== "function") continue;
      out.push({ cls, name, params: paramNames(d.value as (...a: never[]) => unknown), sync: SYNC.has(name) });
    }
  }
  return out;
}
