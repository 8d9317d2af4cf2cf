// The connection's default callTimeout bounds every call that reaches no
// answer, QEMU-program calls (libvirt-qemu passthrough) as well as REMOTE
// ones, stream opens, event and close-callback (de)registrations and the
// feature probes; a caller's own timeout or signal still wins.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallTimeoutError, VirtError } from "../../src/rpc/errors.js";
import { Program } from "../../src/wire/constants.js";
import { REMOTE_PROC } from "../../src/protocol/generated/remote.js";
import { faulty, until } from "./harness.js";

const timedOut = (proc: string) => (e: unknown) => e instanceof CallTimeoutError && e.procedure === proc;

test("callTimeout ends an unanswered QEMU monitor or agent call, and a REMOTE one", { timeout: 10_000 }, async (t) => {
  const f = await faulty({ callTimeout: 100 });
  t.after(() => f.rpc.destroy());
  f.hooks.onReceive = (h) => (h.prog === Program.QEMU || h.proc === REMOTE_PROC.CONNECT_GET_HOSTNAME ? "drop" : undefined);
  await assert.rejects(f.dom.qemuMonitorCommand("{}"), timedOut("domain_monitor_command"));
  await assert.rejects(f.dom.qemuAgentCommand("{}", 5), timedOut("domain_agent_command"));
  await assert.rejects(f.conn.getHostname(), timedOut("connect_get_hostname"));
  assert.equal(f.rpc.inFlight, 0);
  // Answered, a QEMU call returns the server's reply (the test driver refuses it) well within the default.
  f.hooks.onReceive = undefined;
  await assert.rejects(f.dom.qemuMonitorCommand("{}"), (e: unknown) => e instanceof VirtError && e.code === VirtError.ERR_NO_SUPPORT);
  assert.equal(await f.conn.getType(), "TEST");
});

test("a QEMU call's own timeout and signal override callTimeout", async (t) => {
  const f = await faulty({ callTimeout: 60_000 });
  t.after(() => f.rpc.destroy());
  f.hooks.onReceive = (h) => (h.prog === Program.QEMU ? "drop" : undefined);
  const started = Date.now();
  await assert.rejects(f.dom.qemuMonitorCommand("{}", 0, { timeout: 50 }), CallTimeoutError);
  assert.ok(Date.now() - started < 5_000, "the call's timeout, not the connection's, ended it");
  const ac = new AbortController();
  const call = f.dom.qemuAgentCommand("{}", 5, 0, { signal: ac.signal });
  ac.abort(new Error("stop"));
  await assert.rejects(call, /stop/);
  assert.equal(f.rpc.inFlight, 0);
});

test("callTimeout ends an unanswered stream open, event registration or deregistration, close-callback registration", { timeout: 10_000 }, async (t) => {
  const f = await faulty({ callTimeout: 100 });
  t.after(() => f.rpc.destroy());
  const dropped = new Set<number>([
    REMOTE_PROC.DOMAIN_SCREENSHOT,
    REMOTE_PROC.DOMAIN_OPEN_CONSOLE,
    REMOTE_PROC.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
    REMOTE_PROC.CONNECT_REGISTER_CLOSE_CALLBACK,
  ]);
  f.hooks.onReceive = (h) => (dropped.has(h.proc) ? "drop" : undefined);
  await assert.rejects(f.dom.screenshot(0), timedOut("domain_screenshot"));
  await assert.rejects(f.dom.openConsole(), timedOut("domain_open_console"));
  await assert.rejects(f.conn.domainEventRegisterAny(null, 0, () => undefined), timedOut("connect_domain_event_callback_register_any"));
  await assert.rejects(f.conn.domainEvents(0).ready, timedOut("connect_domain_event_callback_register_any"));
  await assert.rejects(f.conn.registerCloseCallback(() => undefined), timedOut("connect_register_close_callback"));
  assert.equal(f.rpc.inFlight, 0);
  // Registered, then the deregistration goes unanswered.
  f.hooks.onReceive = (h) => (h.proc === REMOTE_PROC.CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY ? "drop" : undefined);
  const id = await f.conn.domainEventRegisterAny(null, 0, () => undefined);
  await assert.rejects(f.conn.domainEventDeregisterAny(id), timedOut("connect_domain_event_callback_deregister_any"));
  // The connection goes on: a stream opens well within the default.
  f.hooks.onReceive = undefined;
  const shot = await f.dom.screenshot(0);
  assert.equal(shot.mimeType, "image/png");
  shot.stream.destroy();
});

test("callTimeout ends an unanswered feature probe", { timeout: 10_000 }, async (t) => {
  const f = await faulty({ callTimeout: 100, probeFeatures: true });
  t.after(() => f.rpc.destroy());
  f.hooks.onReceive = (h) => (h.proc === REMOTE_PROC.CONNECT_SUPPORTS_FEATURE ? "drop" : undefined);
  // The registration itself is answered, so the callback is in place despite the lost probe...
  await f.conn.registerCloseCallback(() => undefined);
  // ...but unregistering needs the answer and asks again.
  await assert.rejects(f.conn.unregisterCloseCallback(), timedOut("connect_supports_feature"));
  // Both probes (event and close callback) leave together; the other one times out too.
  await until(() => f.rpc.inFlight === 0);
});
