// Unknown union arms: a typed parameter of type 99 (no such
// VIR_TYPED_PARAM_*). In a reply it fails that call with XDR_UNION; in an
// event it drops that event with a warning. Everything else goes on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { ProtocolError } from "../../src/rpc/errors.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { readHeader } from "../../src/wire/header.js";
import { codecFor } from "../../src/xdr/codec.js";
import { faulty, runAll, expectedAnswers, failedCalls, eventFrame, replyBody, until, PROGRAM } from "./harness.js";

const MARK = 0x7e7e7e7e;

/** Set the type word of the typed parameter whose int value is MARK to `type`. */
function retype(encoded: Buffer, type: number): Buffer {
  const b = Buffer.from(encoded);
  const m = Buffer.alloc(4);
  m.writeUInt32BE(MARK);
  const at = b.indexOf(m);
  assert.ok(at >= 4, "marker not found");
  b.writeInt32BE(type, at - 4);
  return b;
}

const marked = { field: "zz_marker", value: { type: 1, i: MARK } };

test("a scheduler parameter of type 99 in a reply: that call fails with XDR_UNION, the others complete", async () => {
  const answers = await expectedAnswers();
  const f = await faulty();
  const ret = codecFor(PROGRAM.types, "remote_domain_get_scheduler_parameters_ret");
  f.hooks.onSend = (frame, info) => {
    if (info.procedure !== "domain_get_scheduler_parameters") return undefined;
    const body = replyBody(frame) as { params: unknown[] };
    const payload = retype(ret.encode({ params: [...body.params, marked] }), 99);
    return { frames: [encodeFrame(readHeader(frame, 4), payload)] };
  };
  const [sched, out] = await Promise.all([f.dom.getSchedulerParameters().then(
    () => null,
    (e: unknown) => e,
  ), runAll(f)]);
  assert.ok(sched instanceof ProtocolError && sched.code === "XDR_UNION", String(sched));
  assert.match(sched.message, /params\[\d+\]\.value\.type: no arm for discriminant 99/);
  assert.deepEqual(failedCalls(out, answers, isDeepStrictEqual), []);
  // Without the fault the same call works on this connection.
  f.hooks.onSend = undefined;
  assert.equal(typeof (await f.dom.getSchedulerParameters())["weight"], "number");
  f.rpc.destroy();
});

test("a tunable event with a parameter of type 99 is dropped with a warning; the next event is delivered", async () => {
  const f = await faulty();
  let serverId = -1;
  f.hooks.onSend = (frame, info) => {
    if (info.procedure === "connect_domain_event_callback_register_any") {
      serverId = (replyBody(frame) as { callbackID: number }).callbackID;
    }
    return undefined;
  };
  const got: unknown[] = [];
  await f.conn.domainEventRegisterAny(null, 17, (_d, ev) => void got.push(ev.params));
  assert.ok(serverId >= 0);
  const body = (params: unknown[]) => ({ callbackID: serverId, dom: f.dom.ref, params });
  f.inject(retype(eventFrame("domain_event_callback_tunable", body([marked])), 99));
  f.inject(eventFrame("domain_event_callback_tunable", body([{ field: "cputune.shares", value: { type: 4, ul: 7n } }])));
  await until(() => got.length === 1);
  assert.deepEqual(got, [{ "cputune.shares": 7n }]);
  const w = f.warnings.find((x) => x instanceof ProtocolError && x.code === "XDR_UNION");
  assert.ok(w, `warnings: ${f.warnings.map(String).join("; ")}`);
  assert.equal(await f.conn.getType(), "TEST");
  f.rpc.destroy();
});
