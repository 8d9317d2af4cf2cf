// Event delivery: callbacks across connections, ids from the shared driver,
// filters, legacy registration and the duplicate rule.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeAll, openClient } from "./harness.js";

test("events caused on one connection reach every registered connection", async () => {
  const a = await openClient();
  const b = await openClient();
  assert.deepEqual(await a.ok("connect_domain_event_callback_register_any", { eventID: 0, dom: null }), { callbackID: 0 });
  // Ids come from the shared driver, not per connection.
  assert.deepEqual(await b.ok("connect_domain_event_callback_register_any", { eventID: 0, dom: null }), { callbackID: 1 });
  assert.deepEqual(await b.ok("connect_domain_event_callback_register_any", { eventID: 23, dom: null }), { callbackID: 2 });
  const { dom } = await a.ok("domain_lookup_by_name", { name: "test" });
  await b.ok("domain_destroy", { dom });
  await b.ok("domain_set_metadata", { dom, type: 1, metadata: "t", key: null, uri: null, flags: 0 });
  const ea = await a.waitEvents(1);
  const eb = await b.waitEvents(2);
  assert.deepEqual(ea.map((e) => e.name), ["domain_event_callback_lifecycle"]);
  assert.deepEqual(ea[0]!.msg, { callbackID: 0, msg: { dom: { ...dom, id: -1 }, event: 5, detail: 1 } });
  assert.deepEqual(eb.map((e) => e.name), ["domain_event_callback_lifecycle", "domain_event_callback_metadata_change"]);
  assert.deepEqual(eb[1]!.msg, { callbackID: 2, dom: { ...dom, id: -1 }, type: 1, nsuri: null });
  await closeAll(a, b);
});

test("domain filters, duplicates and legacy registration", async () => {
  const c = await openClient();
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  await c.ok("connect_domain_event_register");
  const dup = await c.fail("connect_domain_event_callback_register_any", { eventID: 0, dom: null });
  assert.deepEqual([dup.code, dup.domain, dup.message], [8, 0, "invalid argument: event callback already tracked"]);
  const other = { ...dom, uuid: Buffer.alloc(16, 7) };
  const { callbackID } = await c.ok("connect_domain_event_callback_register_any", { eventID: 0, dom: other });
  await c.ok("domain_suspend", { dom });
  await c.ok("connect_get_type");
  // Only the legacy message: the filtered callback names another domain.
  assert.deepEqual(
    c.events.map((e) => [e.name, e.msg]),
    [["domain_event_lifecycle", { dom, event: 3, detail: 0 }]],
  );
  await c.ok("connect_domain_event_callback_deregister_any", { callbackID });
  const gone = await c.fail("connect_domain_event_callback_deregister_any", { callbackID });
  assert.equal(gone.message, `internal error: domain event callback ${callbackID} not registered`);
  const bad = await c.fail("connect_domain_event_callback_register_any", { eventID: 99, dom: null });
  assert.deepEqual([bad.code, bad.domain, bad.message], [1, 7, "internal error: unsupported event ID 99"]);
  await closeAll(c);
});

test("rename sends UNDEFINED/RENAMED then DEFINED/RENAMED", async () => {
  const c = await openClient();
  await c.ok("connect_domain_event_callback_register_any", { eventID: 0, dom: null });
  const { dom } = await c.ok("domain_lookup_by_name", { name: "test" });
  await c.ok("domain_destroy", { dom });
  const r = await c.fail("domain_rename", { dom, new_name: "a/b", flags: 0 });
  assert.equal(r.message, "XML error: name a/b cannot contain '/'");
  c.events.length = 0;
  await c.ok("domain_rename", { dom, new_name: "renamed", flags: 0 });
  await c.ok("connect_get_type");
  assert.deepEqual(
    c.events.map((e) => {
      const m = (e.msg as { msg: { dom: { name: string }; event: number; detail: number } }).msg;
      return [m.dom.name, m.event, m.detail];
    }),
    [
      ["test", 1, 1],
      ["renamed", 0, 2],
    ],
  );
  await closeAll(c);
});
