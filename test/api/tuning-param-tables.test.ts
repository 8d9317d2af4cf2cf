// The generated typed-parameter tables: spot checks against libvirt's docs,
// the doc-text parser, and byte-for-byte regeneration from libvirt-api.xml.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as T from "../../src/api/domain/param-tables.js";
import { ParamType } from "../../src/protocol/typed-param-types.js";
import { DEFAULT_API_XML, HEADER, generateParamTables, typeFromInfo } from "../../scripts/gen-param-tables.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const committedPath = join(root, "src/api/domain/param-tables.ts");

test("spot checks against the types libvirt documents", () => {
  assert.equal(T.MEMORY_PARAMS["hard_limit"], ParamType.ULLONG);
  assert.equal(T.BLKIO_PARAMS["weight"], ParamType.UINT);
  assert.equal(T.BLKIO_PARAMS["device_weight"], ParamType.STRING);
  assert.equal(T.NUMA_PARAMS["numa_mode"], ParamType.INT);
  assert.equal(T.BLOCK_IOTUNE_PARAMS["group_name"], ParamType.STRING);
  assert.equal(T.BLOCK_IOTUNE_PARAMS["size_iops_sec"], ParamType.ULLONG);
  assert.equal(T.INTERFACE_PARAMS["inbound.floor"], ParamType.UINT);
  assert.equal(T.PERF_EVENT_PARAMS["cmt"], ParamType.BOOLEAN);
  assert.equal(T.IOTHREAD_PARAMS["poll_max_ns"], ParamType.ULLONG);
  assert.equal(T.IOTHREAD_PARAMS["thread_pool_min"], ParamType.INT);
  assert.deepEqual(T.LAUNCH_SECURITY_STATE_PARAMS, {
    "sev-secret": ParamType.STRING,
    "sev-secret-header": ParamType.STRING,
    "sev-secret-set-address": ParamType.ULLONG,
  });
  assert.equal(Object.keys(T.BLOCK_IOTUNE_PARAMS).length, 20);
});

test("the doc parser finds exactly one type or fails", () => {
  assert.equal(typeFromInfo("the io weight the guest can use, as a uint."), "uint");
  assert.equal(typeFromInfo("permitted through a block device, as a ullong."), "ullong");
  assert.equal(typeFromInfo("The thread pool size as VIR_TYPED_PARAM_INT."), "int");
  assert.equal(typeFromInfo("used while copying, with a type of ullong. For compatibility ..."), "ullong");
  assert.ok(typeFromInfo("The maximum polling time in ns.") instanceof Error);
  assert.ok(typeFromInfo("as a uint, or as a string") instanceof Error);
});

test("the generator refuses a field whose type it cannot tell", () => {
  const xml = `<api><symbols>
    <macro name='LIBVIR_VERSION_NUMBER' raw='9000000'/>
    <macro name='VIR_DOMAIN_MEMORY_HARD_LIMIT' string='hard_limit'><info>no type here</info></macro>
  </symbols></api>`;
  assert.throws(() => generateParamTables(xml), /VIR_DOMAIN_MEMORY_HARD_LIMIT: no type in its doc/);
});

test("generated file is marked and regenerates byte for byte", (t) => {
  const committed = readFileSync(committedPath, "utf8");
  assert.ok(committed.startsWith(`${HEADER}\n`));
  if (!existsSync(DEFAULT_API_XML)) {
    assert.ok(!process.env["CI"], `${DEFAULT_API_XML} is required in CI (install libvirt-dev)`);
    t.skip(`${DEFAULT_API_XML} not installed`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "virtwire-param-tables-"));
  try {
    const out = join(dir, "param-tables.ts");
    execFileSync(process.execPath, [join(root, "build/scripts/gen-param-tables.js"), DEFAULT_API_XML, out], { cwd: root, stdio: "pipe" });
    assert.ok(readFileSync(out, "utf8") === committed, "regenerated param tables differ; run node build/scripts/gen-param-tables.js");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
