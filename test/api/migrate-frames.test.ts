// Migration against two scripted daemons: the exact calls libvirt's client
// makes for each entry point (sequence, flags, cookies, parameters), golden
// bytes for each entry point's first migration call, and the error paths.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { Domain, VirtError } from "../../src/index.js";
import { hex } from "../xdr/hex.js";
import { daemon, Fail, QEMU_FEATURES, type Daemon, type Handler } from "./migrate-daemon.js";
import { uriServer } from "../../src/api/domain/migrate-checks.js";

const UUID = hex("00112233 44556677 8899aabb ccddeeff");
const REF = { name: "vm1", uuid: UUID, id: 5 };
const DOM_HEX = "00000003 766d3100 | 00112233 44556677 8899aabb ccddeeff | 00000005";
const LIVE = Domain.MIGRATE_LIVE;
const P2P = Domain.MIGRATE_PEER2PEER;
const PROTECT = Domain.MIGRATE_CHANGE_PROTECTION;

let open: Daemon[] = [];
afterEach(() => {
  for (const d of open) d.close();
  open = [];
});

function str(s: string) {
  return { type: 7, s };
}

const srcOk: Record<string, Handler> = {
  domain_migrate_begin3_params: () => ({ cookie_out: Buffer.from("begin-cookie"), xml: "<domain>vm1</domain>" }),
  domain_migrate_begin3: () => ({ cookie_out: Buffer.from("begin-cookie"), xml: "<domain>vm1</domain>" }),
  domain_get_state: () => ({ state: 1, reason: 1 }),
  domain_get_info: () => ({ state: 1, maxMem: 1n, memory: 1n, nrVirtCpu: 1, cpuTime: 0n }),
  domain_migrate_perform3_params: () => ({ cookie_out: Buffer.from("perform-cookie") }),
  domain_migrate_perform3: () => ({ cookie_out: Buffer.from("perform-cookie") }),
  domain_migrate_confirm3_params: () => undefined,
  domain_migrate_confirm3: () => undefined,
};

// Like QEMU's: a cancelled FINISH tears the incoming guest down and says so.
function finish(a: Record<string, unknown>): unknown {
  if (a["cancelled"] !== 0) return new Fail(93, 10, "migration successfully aborted");
  return { dom: { name: "vm1", uuid: UUID, id: 7 }, cookie_out: Buffer.from("finish-cookie") };
}

const dstOk: Record<string, Handler> = {
  domain_migrate_prepare3_params: () => ({ cookie_out: Buffer.from("prepare-cookie"), uri_out: "tcp://10.0.0.2:49152" }),
  domain_migrate_prepare3: () => ({ cookie_out: Buffer.from("prepare-cookie"), uri_out: "tcp://10.0.0.2:49152" }),
  domain_migrate_finish3_params: (a) => finish(a),
  domain_migrate_finish3: (a) => finish(a),
  domain_lookup_by_name: (a) => ({ dom: { name: a["name"], uuid: UUID, id: 9 } }),
};

interface Pair {
  src: Daemon;
  dst: Daemon;
  dom: Domain;
  log: string[];
}

function pair(
  o: {
    src?: Record<string, Handler>;
    dst?: Record<string, Handler>;
    srcFeatures?: Set<number>;
    dstFeatures?: Set<number>;
    /** The URI the destination connection was opened with. */
    dstUri?: string;
  } = {},
): Pair {
  const log: string[] = [];
  const src = daemon({ label: "src", log, handlers: { ...srcOk, ...o.src }, features: o.srcFeatures ?? QEMU_FEATURES });
  const dst = daemon({
    label: "dst",
    log,
    handlers: { ...dstOk, ...o.dst },
    features: o.dstFeatures ?? QEMU_FEATURES,
    uri: o.dstUri ?? "qemu+tcp://dst.example/system",
  });
  open.push(src, dst);
  return { src, dst, dom: new Domain(src.conn, REF), log };
}

function call(d: Daemon, name: string): Record<string, unknown> {
  const c = d.calls.find((x) => x.name === name);
  assert.ok(c, `no ${name} call; got ${d.names().join(", ")}`);
  return c.args;
}

function payload(d: Daemon, name: string): Buffer {
  const c = d.calls.find((x) => x.name === name);
  assert.ok(c, `no ${name} call`);
  return c.payload;
}

async function rejectsWith(p: Promise<unknown>, code: number, domain: number, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof VirtError, `expected VirtError, got ${String(err)}`);
    assert.deepEqual([err.code, err.domain], [code, domain], err.message);
    if (typeof message === "string") assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

const V3_PARAMS_SEQUENCE = [
  "src:feature:13",
  "dst:feature:13",
  "src:feature:7",
  "src:domain_migrate_begin3_params",
  "src:domain_get_state",
  "dst:domain_migrate_prepare3_params",
  "src:domain_migrate_perform3_params",
  "dst:domain_migrate_finish3_params",
  "src:domain_migrate_confirm3_params",
];

test("migrate(params): the v3 sequence across both daemons, cookies and parameters carried along", async () => {
  const { src, dst, dom, log } = pair();
  const ddom = await dom.migrate(dst.conn, { [Domain.MIGRATE_PARAM_BANDWIDTH]: 10 }, LIVE);
  assert.deepEqual(log, V3_PARAMS_SEQUENCE);
  assert.equal(ddom.getConnection(), dst.conn);
  assert.equal(ddom.getId(), 7);

  // Golden bytes of the first migration call.
  assert.deepEqual(
    payload(src, "domain_migrate_begin3_params"),
    hex(`${DOM_HEX} | 00000001 00000009 62616e64 77696474 68000000 00000004 00000000 0000000a | 00000101`),
  );
  const bw = { field: "bandwidth", value: { type: 4, ul: 10n } };
  const xml = { field: "destination_xml", value: str("<domain>vm1</domain>") };
  const uri = { field: "migrate_uri", value: str("tcp://10.0.0.2:49152") };
  const name = { field: "destination_name", value: str("vm1") };
  assert.deepEqual(call(src, "domain_migrate_begin3_params")["flags"], LIVE | PROTECT);

  const prep = call(dst, "domain_migrate_prepare3_params");
  assert.deepEqual(prep["params"], [bw, xml]);
  assert.deepEqual(prep["cookie_in"], Buffer.from("begin-cookie"));
  assert.equal(prep["flags"], LIVE);

  const perf = call(src, "domain_migrate_perform3_params");
  assert.deepEqual(perf["params"], [bw, xml, uri]);
  assert.equal(perf["dconnuri"], null);
  assert.deepEqual(perf["cookie_in"], Buffer.from("prepare-cookie"));
  assert.equal(perf["flags"], LIVE | PROTECT);

  const fin = call(dst, "domain_migrate_finish3_params");
  assert.deepEqual(fin["params"], [bw, xml, uri, name]);
  assert.deepEqual(fin["cookie_in"], Buffer.from("perform-cookie"));
  assert.deepEqual([fin["flags"], fin["cancelled"]], [LIVE, 0]);

  const conf = call(src, "domain_migrate_confirm3_params");
  assert.deepEqual(conf["params"], [bw, xml, uri, name]);
  assert.deepEqual(conf["cookie_in"], Buffer.from("finish-cookie"));
  assert.deepEqual([conf["flags"], conf["cancelled"]], [LIVE | PROTECT, 0]);
});

test("migrate: a paused source adds MIGRATE_PAUSED; ABORT_ON_ERROR and AUTO_CONVERGE stay on the source", async () => {
  const { src, dst, dom } = pair({ src: { domain_get_state: () => ({ state: 3, reason: 1 }) } });
  const flags = LIVE | Domain.MIGRATE_ABORT_ON_ERROR | Domain.MIGRATE_AUTO_CONVERGE;
  await dom.migrate(dst.conn, {}, flags);
  const paused = Domain.MIGRATE_PAUSED;
  assert.equal(call(src, "domain_migrate_begin3_params")["flags"], flags | PROTECT);
  assert.equal(call(dst, "domain_migrate_prepare3_params")["flags"], LIVE | paused);
  assert.equal(call(src, "domain_migrate_perform3_params")["flags"], flags | paused | PROTECT);
  assert.equal(call(dst, "domain_migrate_finish3_params")["flags"], LIVE | paused);
});

test("migrate: PERFORM failing -> FINISH cancels, no CONFIRM, PERFORM's error", async () => {
  const { src, dst, dom, log } = pair({
    src: { domain_migrate_perform3_params: () => new Fail(9, 10, "operation failed: migration out job: unexpectedly failed") },
  });
  await rejectsWith(dom.migrate(dst.conn, {}, LIVE), 9, 10, /unexpectedly failed/);
  assert.deepEqual(log, V3_PARAMS_SEQUENCE.slice(0, -1));
  const fin = call(dst, "domain_migrate_finish3_params");
  assert.deepEqual([fin["cancelled"], (fin["cookie_in"] as Buffer).length], [1, 0]);
  assert.equal(src.calls.filter((c) => c.name === "domain_migrate_confirm3_params").length, 0);
});

test("migrate: a FINISH that says why the guest died replaces PERFORM's generic failure", async () => {
  const { dst, dom } = pair({
    src: { domain_migrate_perform3_params: () => new Fail(9, 10, "operation failed: job failed") },
    dst: { domain_migrate_finish3_params: () => new Fail(1, 10, "internal error: qemu unexpectedly closed the monitor") },
  });
  await rejectsWith(dom.migrate(dst.conn, {}, 0), 1, 10, /closed the monitor/);
});

test("migrate: PREPARE failing -> CONFIRM(cancelled) ends the source's job, PREPARE's error", async () => {
  const sameHost = "internal error: Attempt to migrate guest to the same host 1ca090be-3f98-4f9d-97f5-50c9f8844a3b";
  const { src, dst, dom, log } = pair({ dst: { domain_migrate_prepare3_params: () => new Fail(1, 10, sameHost) } });
  await rejectsWith(dom.migrate(dst.conn, {}, LIVE), 1, 10, sameHost);
  assert.deepEqual(log, [...V3_PARAMS_SEQUENCE.slice(0, 6), "src:domain_migrate_confirm3_params"]);
  const conf = call(src, "domain_migrate_confirm3_params");
  assert.deepEqual([conf["cancelled"], (conf["cookie_in"] as Buffer).length, conf["flags"]], [1, 0, LIVE | PROTECT]);
});

test("migrate: FINISH failing after a good PERFORM -> CONFIRM(cancelled), FINISH's error", async () => {
  const { src, dst, dom, log } = pair({ dst: { domain_migrate_finish3_params: () => new Fail(1, 10, "internal error: boom") } });
  await rejectsWith(dom.migrate(dst.conn, {}, LIVE), 1, 10, "internal error: boom");
  assert.deepEqual(log, V3_PARAMS_SEQUENCE);
  const conf = call(src, "domain_migrate_confirm3_params");
  assert.deepEqual([conf["cancelled"], (conf["cookie_in"] as Buffer).length], [1, 0]);
});

test("migrate: aborting during PERFORM aborts the source's job, waits for PERFORM, then FINISH cleans up", async () => {
  const ac = new AbortController();
  let fail: (v: unknown) => void = () => undefined;
  const { src, dst, dom, log } = pair({
    src: {
      domain_migrate_perform3_params: () => {
        ac.abort(new Error("stop"));
        return new Promise((resolve) => (fail = resolve));
      },
      // As QEMU's driver does: the running PERFORM fails once the job is aborted.
      domain_abort_job: () => {
        fail(new Fail(78, 10, "operation aborted: migration out: canceled by client"));
        return undefined;
      },
    },
  });
  await assert.rejects(dom.migrate(dst.conn, {}, 0, { signal: ac.signal }), /^Error: stop$/);
  const i = log.indexOf("src:domain_abort_job");
  assert.ok(i > log.indexOf("src:domain_migrate_perform3_params") && i < log.indexOf("dst:domain_migrate_finish3_params"));
  assert.equal(call(dst, "domain_migrate_finish3_params")["cancelled"], 1);
  assert.ok(!src.calls.some((c) => c.name === "domain_migrate_confirm3_params"));
});

test("migrate: an abort that comes too late (PERFORM succeeds) lets the migration complete", async () => {
  const ac = new AbortController();
  const { src, dst, dom } = pair({
    src: {
      domain_migrate_perform3_params: () => {
        ac.abort(new Error("stop"));
        return new Promise((resolve) => setTimeout(() => resolve({ cookie_out: Buffer.from("perform-cookie") }), 30));
      },
      domain_abort_job: () => new Fail(55, 10, "Requested operation is not valid: no job is active on the domain"),
    },
  });
  const ddom = await dom.migrate(dst.conn, {}, 0, { signal: ac.signal });
  assert.equal(ddom.getConnection(), dst.conn);
  assert.equal(call(dst, "domain_migrate_finish3_params")["cancelled"], 0);
  assert.equal(call(src, "domain_migrate_confirm3_params")["cancelled"], 0);
  assert.ok(src.calls.some((c) => c.name === "domain_abort_job"));
});

test("migrate: aborted before PERFORM -> no PERFORM; FINISH and CONFIRM cancel", async () => {
  const ac = new AbortController();
  const { src, dst, dom, log } = pair({
    dst: {
      domain_migrate_prepare3_params: () => {
        ac.abort(new Error("stop"));
        return { cookie_out: Buffer.from("p"), uri_out: "tcp://10.0.0.2:49152" };
      },
    },
  });
  await assert.rejects(dom.migrate(dst.conn, {}, 0, { signal: ac.signal }), /^Error: stop$/);
  assert.ok(!log.includes("src:domain_migrate_perform3_params"));
  assert.equal(call(dst, "domain_migrate_finish3_params")["cancelled"], 1);
  assert.equal(call(src, "domain_migrate_confirm3_params")["cancelled"], 1);
});

test("migrateToUri with PEER2PEER: a timeout aborts the source's job instead of abandoning PERFORM", async () => {
  let fail: (v: unknown) => void = () => undefined;
  const { src, dom } = pair({
    src: {
      domain_migrate_perform3_params: () => new Promise((resolve) => (fail = resolve)),
      domain_abort_job: () => {
        fail(new Fail(78, 10, "operation aborted: migration out: canceled by client"));
        return undefined;
      },
    },
  });
  await assert.rejects(dom.migrateToUri("qemu+tcp://dst.example/system", {}, P2P, { timeout: 20 }), { name: "CallTimeoutError" });
  assert.deepEqual(
    src.names().filter((n) => n.startsWith("domain_")),
    ["domain_migrate_perform3_params", "domain_abort_job"],
  );
});

test("migrate: no URI from PREPARE and none given -> FINISH and CONFIRM cancel, internal error", async () => {
  const { src, dst, dom, log } = pair({
    dst: { domain_migrate_prepare3_params: () => ({ cookie_out: Buffer.from("p"), uri_out: null }) },
  });
  await rejectsWith(dom.migrate(dst.conn, {}, 0), 1, 20, "internal error: domainMigratePrepare3 did not set uri");
  assert.ok(!log.includes("src:domain_migrate_perform3_params"));
  assert.equal(call(dst, "domain_migrate_finish3_params")["cancelled"], 1);
  assert.deepEqual(call(dst, "domain_migrate_finish3_params")["cookie_in"], Buffer.from("p"));
  assert.equal(call(src, "domain_migrate_confirm3_params")["cancelled"], 1);
});

test("migrate: the caller's URI is used when PREPARE returns none; OFFLINE skips PERFORM", async () => {
  const { src, dst, dom, log } = pair({
    dst: { domain_migrate_prepare3_params: () => ({ cookie_out: Buffer.from("p"), uri_out: null }) },
  });
  const flags = Domain.MIGRATE_OFFLINE | Domain.MIGRATE_PERSIST_DEST;
  await dom.migrate(dst.conn, { [Domain.MIGRATE_PARAM_URI]: "tcp://10.0.0.9" }, flags);
  // OFFLINE is probed on both hosts before anything else.
  assert.deepEqual(log.slice(0, 2), ["src:feature:12", "dst:feature:12"]);
  assert.ok(!log.includes("src:domain_migrate_perform3_params"));
  const fin = call(dst, "domain_migrate_finish3_params");
  assert.deepEqual([fin["cancelled"], (fin["cookie_in"] as Buffer).length], [0, 0]);
  assert.equal(call(src, "domain_migrate_confirm3_params")["cancelled"], 0);
});

test("migrate: a destination without MIGRATION_PARAMS gets the fixed-argument v3 procedures", async () => {
  const old = new Set([...QEMU_FEATURES].filter((f) => f !== 13));
  const { src, dst, dom, log } = pair({ dstFeatures: old });
  await dom.migrate(dst.conn, { [Domain.MIGRATE_PARAM_DEST_NAME]: "vm2", [Domain.MIGRATE_PARAM_BANDWIDTH]: 10 }, LIVE);
  assert.deepEqual(log, [
    "src:feature:13",
    "dst:feature:13",
    "src:feature:6",
    "dst:feature:6",
    "src:feature:7",
    "src:domain_migrate_begin3",
    "src:domain_get_info",
    "dst:domain_migrate_prepare3",
    "src:domain_migrate_perform3",
    "dst:domain_migrate_finish3",
    "src:domain_migrate_confirm3",
  ]);
  // xmlin null, flags as unsigned hyper, dname "vm2", resource 10.
  assert.deepEqual(
    payload(src, "domain_migrate_begin3"),
    hex(`${DOM_HEX} | 00000000 | 00000000 00000101 | 00000001 00000003 766d3200 | 00000000 0000000a`),
  );
  const prep = call(dst, "domain_migrate_prepare3");
  assert.deepEqual([prep["uri_in"], prep["dname"], prep["dom_xml"], prep["flags"]], [null, "vm2", "<domain>vm1</domain>", 1n]);
  const perf = call(src, "domain_migrate_perform3");
  assert.deepEqual([perf["uri"], perf["dconnuri"], perf["flags"]], ["tcp://10.0.0.2:49152", null, 257n]);
  assert.deepEqual(perf["cookie_in"], Buffer.from("prepare-cookie"));
  const fin = call(dst, "domain_migrate_finish3");
  assert.deepEqual([fin["dname"], fin["uri"], fin["cancelled"]], ["vm2", "tcp://10.0.0.2:49152", 0]);
  assert.deepEqual(call(src, "domain_migrate_confirm3")["cookie_in"], Buffer.from("finish-cookie"));
});

test("migrate: extended parameters to a daemon without MIGRATION_PARAMS are refused before BEGIN", async () => {
  const old = new Set([...QEMU_FEATURES].filter((f) => f !== 13));
  const { dst, dom, log } = pair({ dstFeatures: old });
  await rejectsWith(
    dom.migrate(dst.conn, { [Domain.MIGRATE_PARAM_LISTEN_ADDRESS]: "0.0.0.0" }, 0),
    74,
    20,
    "argument unsupported: Migration APIs with extensible parameters are not supported but extended parameters were passed",
  );
  assert.deepEqual(log, ["src:feature:13", "dst:feature:13"]);
});

test("migrate: drivers without migration (the test driver) -> NO_SUPPORT after the probes", async () => {
  const { dst, dom } = pair({ srcFeatures: new Set(), dstFeatures: new Set() });
  await rejectsWith(dom.migrate(dst.conn, {}, 0), 3, 20, "this function is not supported by the connection driver: virDomainMigrate3");
});

test("migrate with PEER2PEER: the source daemon is given the URI the destination connection was opened with", async () => {
  const { src, dst, dom, log } = pair();
  const ddom = await dom.migrate(dst.conn, { [Domain.MIGRATE_PARAM_DEST_NAME]: "vm1-moved" }, P2P | LIVE);
  // Like virConnectGetURI: the client's own URI, no CONNECT_GET_URI call.
  assert.deepEqual(log, [
    "src:feature:4",
    "src:feature:13",
    "src:domain_migrate_perform3_params",
    "dst:domain_lookup_by_name",
  ]);
  assert.equal(ddom.getName(), "vm1-moved");
  assert.equal(ddom.getConnection(), dst.conn);
  // dconnuri "qemu+tcp://dst.example/system" (29 bytes), one string parameter, no cookie, flags 3.
  assert.deepEqual(
    payload(src, "domain_migrate_perform3_params"),
    hex(
      `${DOM_HEX} | 00000001 0000001d 71656d75 2b746370 3a2f2f64 73742e65 78616d70 6c652f73 79737465 6d000000` +
        `| 00000001 00000010 64657374 696e6174 696f6e5f 6e616d65 00000007 00000009 766d312d 6d6f7665 64000000` +
        "| 00000000 | 00000003",
    ),
  );
});

test("migrate with PEER2PEER to a destination connection without a host is refused (same host)", async () => {
  const { dst, dom, log } = pair({ dstUri: "qemu+unix:///system?socket=/run/other/libvirt-sock" });
  await rejectsWith(dom.migrate(dst.conn, {}, P2P), 8, 20, "Attempt to migrate guest to the same host");
  assert.ok(!log.some((l) => l.includes("perform")));
});

test("migrate positional and migrate2: parameters built from the arguments", async () => {
  {
    const { src, dst, dom } = pair();
    await dom.migrate(dst.conn, LIVE, "vm1-new", "tcp://10.0.0.2", 5);
    assert.deepEqual(call(src, "domain_migrate_begin3_params")["params"], [
      { field: "migrate_uri", value: str("tcp://10.0.0.2") },
      { field: "destination_name", value: str("vm1-new") },
      { field: "bandwidth", value: { type: 4, ul: 5n } },
    ]);
    // Golden: migrate_uri "tcp://10.0.0.2" (14), destination_name "vm1-new" (7), bandwidth 5, flags LIVE|PROTECT.
    assert.deepEqual(
      payload(src, "domain_migrate_begin3_params"),
      hex(
        `${DOM_HEX} | 00000003` +
          "| 0000000b 6d696772 6174655f 75726900 00000007 0000000e 7463703a 2f2f3130 2e302e30 2e320000" +
          "| 00000010 64657374 696e6174 696f6e5f 6e616d65 00000007 00000007 766d312d 6e657700" +
          "| 00000009 62616e64 77696474 68000000 00000004 00000000 00000005 | 00000101",
      ),
    );
  }
  {
    const { src, dst, dom } = pair();
    await dom.migrate(dst.conn);
    assert.deepEqual(call(src, "domain_migrate_begin3_params")["params"], []);
    assert.equal(call(src, "domain_migrate_begin3_params")["flags"], PROTECT);
  }
  {
    const { src, dst, dom } = pair();
    await dom.migrate2(dst.conn, "<domain>x</domain>", LIVE, null, null, null);
    assert.deepEqual(call(src, "domain_migrate_begin3_params")["params"], [
      { field: "destination_xml", value: str("<domain>x</domain>") },
    ]);
    assert.deepEqual(
      payload(src, "domain_migrate_begin3_params"),
      hex(
        `${DOM_HEX} | 00000001 0000000f 64657374 696e6174 696f6e5f 786d6c00` +
          "| 00000007 00000012 3c646f6d 61696e3e 783c2f64 6f6d6169 6e3e0000 | 00000101",
      ),
    );
    // PREPARE gets BEGIN's XML in place of the caller's.
    assert.deepEqual(call(dst, "domain_migrate_prepare3_params")["params"], [
      { field: "destination_xml", value: str("<domain>vm1</domain>") },
    ]);
  }
});

test("migrateToUri(params) with PEER2PEER: one PERFORM3_PARAMS carrying the destination URI", async () => {
  const { src, dom, log } = pair();
  await dom.migrateToUri("qemu+tcp://10.0.0.2/system", { [Domain.MIGRATE_PARAM_BANDWIDTH]: 100n }, P2P);
  assert.deepEqual(log, ["src:feature:4", "src:feature:13", "src:domain_migrate_perform3_params"]);
  // dconnuri "qemu+tcp://10.0.0.2/system" (26 bytes), bandwidth 100, empty cookie, flags P2P.
  assert.deepEqual(
    payload(src, "domain_migrate_perform3_params"),
    hex(
      `${DOM_HEX} | 00000001 0000001a 71656d75 2b746370 3a2f2f31 302e302e 302e322f 73797374 656d0000` +
        "| 00000001 00000009 62616e64 77696474 68000000 00000004 00000000 00000064 | 00000000 | 00000002",
    ),
  );
});

test("migrateToUri(params) without PEER2PEER: direct migration through the fixed-argument PERFORM3", async () => {
  const { src, dom, log } = pair({ srcFeatures: new Set([...QEMU_FEATURES, 5]) });
  await dom.migrateToUri("ignored://x/", { [Domain.MIGRATE_PARAM_URI]: "tcp://10.0.0.2:49152" }, LIVE);
  assert.deepEqual(log, ["src:feature:5", "src:feature:6", "src:domain_migrate_perform3"]);
  // xmlin null, no cookie, dconnuri null, uri "tcp://10.0.0.2:49152" (20), flags 1, dname null, resource 0.
  assert.deepEqual(
    payload(src, "domain_migrate_perform3"),
    hex(
      `${DOM_HEX} | 00000000 | 00000000 | 00000000 | 00000001 00000014 7463703a 2f2f3130 2e302e30 2e323a34 39313532` +
        "| 00000000 00000001 | 00000000 | 00000000 00000000",
    ),
  );
});

test("migrateToUri positional and migrateToUri2: which URI goes where", async () => {
  {
    const { src, dom } = pair();
    await dom.migrateToUri("qemu+tcp://h2/system", P2P, "vm1-b", 7);
    const a = call(src, "domain_migrate_perform3_params");
    assert.equal(a["dconnuri"], "qemu+tcp://h2/system");
    assert.deepEqual(a["params"], [
      { field: "destination_name", value: str("vm1-b") },
      { field: "bandwidth", value: { type: 4, ul: 7n } },
    ]);
  }
  {
    const { src, dom } = pair({ srcFeatures: new Set([...QEMU_FEATURES, 5]) });
    await dom.migrateToUri("tcp://h2:49152", LIVE);
    const a = call(src, "domain_migrate_perform3");
    assert.deepEqual([a["uri"], a["dconnuri"], a["dname"]], ["tcp://h2:49152", null, null]);
  }
  {
    const { src, dom } = pair();
    await dom.migrateToUri2("qemu+tcp://h2/system", "tcp://h2:49152", "<domain/>", P2P, "n2", 3);
    assert.deepEqual(
      payload(src, "domain_migrate_perform3_params"),
      hex(
        `${DOM_HEX} | 00000001 00000014 71656d75 2b746370 3a2f2f68 322f7379 7374656d | 00000004` +
          "| 0000000b 6d696772 6174655f 75726900 00000007 0000000e 7463703a 2f2f6832 3a343931 35320000" +
          "| 00000010 64657374 696e6174 696f6e5f 6e616d65 00000007 00000002 6e320000" +
          "| 0000000f 64657374 696e6174 696f6e5f 786d6c00 00000007 00000009 3c646f6d 61696e2f 3e000000" +
          "| 00000009 62616e64 77696474 68000000 00000004 00000000 00000003 | 00000000 | 00000002",
      ),
    );
    const a = call(src, "domain_migrate_perform3_params");
    assert.equal(a["dconnuri"], "qemu+tcp://h2/system");
    assert.deepEqual(a["params"], [
      { field: "migrate_uri", value: str("tcp://h2:49152") },
      { field: "destination_name", value: str("n2") },
      { field: "destination_xml", value: str("<domain/>") },
      { field: "bandwidth", value: { type: 4, ul: 3n } },
    ]);
  }
});

test("migration argument checks happen before (or instead of) any migration call", async () => {
  const { dst, dom, src } = pair();
  await rejectsWith(dom.migrate(dst.conn, { no_such_param: 1 }), 8, 20, /unknown migration parameter 'no_such_param'/);
  await rejectsWith(dom.migrate(dst.conn, { [Domain.MIGRATE_PARAM_BANDWIDTH]: "fast" }), 8, 0, /bandwidth/);
  await rejectsWith(dom.migrate(dst.conn, { [Domain.MIGRATE_PARAM_URI]: ["a", "b"] }), 8, 20, /single value/);
  await rejectsWith(
    dom.migrate(dst.conn, {}, Domain.MIGRATE_TUNNELLED),
    8,
    20,
    "cannot perform tunnelled migration without using peer2peer flag",
  );
  await rejectsWith(
    dom.migrate(dst.conn, {}, Domain.MIGRATE_NON_SHARED_DISK | Domain.MIGRATE_NON_SHARED_INC),
    8,
    20,
    "Flags 'VIR_MIGRATE_NON_SHARED_DISK' and 'VIR_MIGRATE_NON_SHARED_INC' are mutually exclusive",
  );
  await rejectsWith(dom.migrateToUri(null, {}, P2P), 8, 20, "dconnuri in virDomainMigrateToURI3 must not be NULL");
  await rejectsWith(dom.migrateToUri("qemu:///system", {}, P2P), 8, 20, "Attempt to migrate guest to the same host");
  await rejectsWith(dom.migrateToUri("qemu+ssh://localhost/system", {}, P2P), 8, 20, "Attempt to migrate guest to the same host");
  // QEMU has no direct migration.
  await rejectsWith(dom.migrateToUri(null, {}, 0), 74, 20, "argument unsupported: direct migration is not supported by the source host");
  assert.ok(!src.calls.some((c) => c.name.startsWith("domain_migrate")), src.names().join(","));
});

test("migrate_disks and compression take lists (one wire entry per value)", async () => {
  const { src, dst, dom } = pair();
  await dom.migrate(dst.conn, { [Domain.MIGRATE_PARAM_MIGRATE_DISKS]: ["vda", "vdb"], [Domain.MIGRATE_PARAM_COMPRESSION]: "xbzrle" });
  assert.deepEqual(call(src, "domain_migrate_begin3_params")["params"], [
    { field: "migrate_disks", value: str("vda") },
    { field: "migrate_disks", value: str("vdb") },
    { field: "compression", value: str("xbzrle") },
  ]);
});

test("the host part of libvirt URIs (peer-to-peer same-host check)", () => {
  assert.equal(uriServer("qemu:///system"), null);
  assert.equal(uriServer("qemu+tcp://10.0.0.2/system"), "10.0.0.2");
  assert.equal(uriServer("qemu+ssh://root@host.example:2222/system?keyfile=/k"), "host.example");
  assert.equal(uriServer("qemu+tcp://[fe80::1]:16509/system"), "fe80::1");
  assert.equal(uriServer("qemu:system"), null);
});
