// Every method documented in Sys::Virt::Domain exists on Domain under its
// camelCase name (the spec lives in ../shared/spec beside the checkout).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { Domain } from "../../src/index.js";

const SPEC = new URL("../../../../shared/spec/Sys-Virt-Domain.txt", import.meta.url);

export function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

test("camelCase names follow the convention", () => {
  assert.equal(camel("get_uuid_string"), "getUuidString");
  assert.equal(camel("get_xml_description"), "getXmlDescription");
  assert.equal(camel("migrate_to_uri2"), "migrateToUri2");
});

test("every Sys::Virt::Domain method of the spec exists on Domain", (t) => {
  if (!existsSync(SPEC)) {
    if (process.env["CI"]) assert.fail(`spec not found at ${SPEC.pathname}`);
    t.skip("spec file not found beside the checkout");
    return;
  }
  const names = [...new Set([...readFileSync(SPEC, "utf8").matchAll(/\$dom->([a-z_0-9]+)\(/g)].map((m) => m[1]!))];
  assert.ok(names.length >= 148, `expected the spec's 148 methods, found ${names.length}`);
  const proto = Domain.prototype as unknown as Record<string, unknown>;
  const missing = names.filter((n) => typeof proto[camel(n)] !== "function");
  assert.deepEqual(missing.map(camel), []);
});
