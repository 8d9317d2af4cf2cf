// Block, interface and CPU statistics, block info, disk errors and security
// labels against libvirtd's test driver (a private instance per test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Domain, VirtError } from "../../src/index.js";
import { rejectsWith, tuningNodeTests } from "./tuning-node.js";

const E = VirtError;
const { open } = tuningNodeTests();

test("blockStats falls back to the five legacy counters where BlockStatsFlags is missing", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune, idle } = o;
  const s = await tune.blockStats("vda");
  assert.deepEqual(Object.keys(s).sort(), ["errs", "rd_bytes", "rd_req", "wr_bytes", "wr_req"]);
  // The test driver derives them from the clock: only their type and sign are stable.
  for (const v of Object.values(s)) assert.ok(typeof v === "bigint" && v > 0n);
  // Same disk by source path.
  assert.equal(Object.keys(await tune.blockStats("/guest/tune.img")).length, 5);
  // With flags there is no legacy call to fall back to (Sys::Virt does the same).
  await rejectsWith(tune.blockStats("vda", 1), E.ERR_NO_SUPPORT, E.FROM_DOMAIN, /virDomainBlockStatsFlags/);
  await rejectsWith(tune.blockStats("nope"), E.ERR_INVALID_ARG, E.FROM_TEST, /invalid path: nope/);
  await rejectsWith(idle.blockStats("vda"), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN, /not running/);
});

test("interfaceStats, getBlockInfo and getDiskErrors", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune, idle } = o;
  const s = await tune.interfaceStats("tunenet0");
  assert.deepEqual(Object.keys(s), ["rx_bytes", "rx_packets", "rx_errs", "rx_drop", "tx_bytes", "tx_packets", "tx_errs", "tx_drop"]);
  for (const v of Object.values(s)) assert.equal(typeof v, "bigint");
  assert.ok(s.rx_bytes > s.rx_packets);
  await rejectsWith(tune.interfaceStats("nope"), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /'nope' is not a known interface/);
  await rejectsWith(idle.interfaceStats("tunenet0"), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN);

  assert.deepEqual(await tune.getBlockInfo("vda"), {
    capacity: 1099506450432n,
    allocation: 1099511627776n,
    physical: 1099511627776n,
  });
  await rejectsWith(tune.getBlockInfo("nope"), E.ERR_INVALID_ARG, E.FROM_TEST, /nope not assigned to domain/);

  assert.deepEqual(await tune.getDiskErrors(), [{ path: "vda", error: Domain.DISK_ERROR_UNSPEC }]);
  await rejectsWith(idle.getDiskErrors(), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN, /not running/);
});

test("getCpuStats: total, per host CPU, ranges", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune, idle } = o;
  const total = await tune.getCpuStats(-1, 1);
  assert.equal(total.length, 1);
  assert.deepEqual(Object.keys(total[0]!), ["cpu_time", "user_time", "system_time"]);
  const all = await tune.getCpuStats(0, 0);
  assert.ok(all.length >= 1);
  for (const cpu of all) {
    assert.deepEqual(Object.keys(cpu), ["cpu_time", "vcpu_time"]);
    assert.equal(typeof cpu["cpu_time"], "bigint");
  }
  const last = await tune.getCpuStats(all.length - 1, 1);
  assert.equal(last.length, 1);
  await rejectsWith(tune.getCpuStats(-1, 2), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /ncpus must be 1 when start_cpu is -1/);
  await rejectsWith(tune.getCpuStats(all.length + 5, 1), E.ERR_INVALID_ARG, E.FROM_TEST, /larger than maximum/);
  await rejectsWith(idle.getCpuStats(-1, 1), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN);
});

test("security labels and launch security", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune } = o;
  assert.deepEqual(await tune.getSecurityLabel(), { label: "libvirt-test", enforcing: 1 });
  // The daemon turns this driver's failure into success with ret -1 and no error;
  // libvirt's client then reports its generic error, as we do.
  await rejectsWith(tune.getSecurityLabelList(), E.ERR_INTERNAL_ERROR, E.FROM_NONE, /cause is unknown/);
  // The daemon's libvirt adds TYPED_PARAM_STRING_OKAY, which this driver refuses.
  await rejectsWith(tune.getLaunchSecurityInfo(), E.ERR_INVALID_ARG, E.FROM_TEST, /unsupported flags \(0x4\)/);
  await rejectsWith(tune.setLaunchSecurityState({ "sev-secret": "c2VjcmV0", "sev-secret-header": "aGVhZA==" }), E.ERR_NO_SUPPORT, E.FROM_DOMAIN);
  await rejectsWith(tune.setLaunchSecurityState({ "sev-measurement": "x" }), E.ERR_INVALID_ARG, E.FROM_NONE, /unknown parameter/);
});
