// docs/methods.md names only methods that exist, and covers the whole spec.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Domain, DomainSnapshot, DomainCheckpoint, Connection } from "../../src/index.js";

const classes: Record<string, { prototype: object }> = { Domain, DomainSnapshot, DomainCheckpoint, Connection };

test("every method named in docs/methods.md exists", () => {
  const doc = readFileSync(new URL("../../../docs/methods.md", import.meta.url), "utf8");
  const rows = [...doc.matchAll(/^\| [^|]+ \| (Domain|DomainSnapshot|DomainCheckpoint|Connection)\.([A-Za-z0-9]+)/gm)];
  assert.ok(rows.length >= 148 + 30, `only ${rows.length} rows`);
  const missing = rows.filter(([, cls, m]) => typeof (classes[cls!]!.prototype as Record<string, unknown>)[m!] !== "function");
  assert.deepEqual(missing.map(([, c, m]) => `${c}.${m}`), []);
  // No Domain row without a note on what it is tested against.
  assert.doesNotMatch(doc, /^\| [a-z_0-9]+ \| Domain\.[A-Za-z0-9]+ \|\s*\|$/m);
});
