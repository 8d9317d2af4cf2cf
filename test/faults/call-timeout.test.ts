// The connection's default callTimeout bounds every call that reaches no
// answer, QEMU-program calls (libvirt-qemu passthrough) as well as REMOTE
// ones; a caller's own timeout or signal still wins.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallTimeoutError, VirtError } from "../../src/rpc/errors.js";
import { Program } from "../../src/wire/constants.js";
import { REMOTE_PROC } from "../../src/protocol/generated/remote.js";
import { faulty } from "./harness.js";

test("callTimeout ends an unanswered QEMU monitor or agent call, and a REMOTE one", { timeout: 10_000 }, async (t) => {
  const f = await faulty({ callTimeout: 100 });
  t.after(() => f.rpc.destroy());
  f.hooks.onReceive = (h) => (h.prog === Program.QEMU || h.proc === REMOTE_PROC.CONNECT_GET_HOSTNAME ? "drop" : undefined);
  const timedOut = (proc: string) => (e: unknown) => e instanceof CallTimeoutError && e.procedure === proc;
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
