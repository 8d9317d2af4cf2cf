// Every public method, every argument position, bad values: wrong types,
// out-of-range numbers, an oversize string (4 MiB + 1) and array (70,000
// elements), bad call options (see sweep-lib.ts). Methods are found by
// reflection, so a new method is swept without editing this file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { publicMethods } from "./api-surface.js";
import { sweepApi } from "./sweep-lib.js";

test("the API surface is found: every class, known methods with their parameters", () => {
  const ms = publicMethods();
  const by = (c: string, n: string) => ms.find((m) => m.cls === c && m.name === n);
  assert.deepEqual(by("Domain", "reboot")?.params, ["flags", "opts"]);
  assert.deepEqual(by("Connection", "defineDomain")?.params, ["xml", "flags", "opts"]);
  assert.deepEqual(by("DomainSnapshot", "revertTo")?.params, ["flags", "opts"]);
  assert.ok(by("DomainCheckpoint", "delete"));
  assert.ok(ms.length > 180, `${ms.length} methods`);
});

test("bad arguments to every public method: refused with VirtError or ProtocolError XDR_*, nothing sent", { timeout: 300_000 }, async () => {
  const r = await sweepApi();
  assert.deepEqual(r.problems, []);
  assert.ok(r.calls > 3000, `${r.calls} calls`);
  assert.ok(r.refusedLocally > r.calls / 2);
});
