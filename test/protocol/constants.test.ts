import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as C from "../../src/protocol/generated/constants.js";
import { Connect, Domain, DomainCheckpoint, DomainSnapshot, Error as Err, StorageVol } from "../../src/protocol/generated/constants.js";
import { DEFAULT_API_XML, HEADER, parseApiXml, resolve } from "../../scripts/gen-constants.js";
import { extractSysVirtNames, type SysVirtNames } from "../../scripts/extract-sysvirt-names.js";

// Compiled to build/test/protocol/, so the repository root is three levels up.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const namesPath = join(root, "scripts/data/sysvirt-names.json");
const committedPath = join(root, "src/protocol/generated/constants.ts");
const names = JSON.parse(readFileSync(namesPath, "utf8")) as SysVirtNames;
const packages = C as unknown as Record<string, Record<string, unknown>>;

test("spot checks against libvirt's headers", () => {
  assert.equal(Domain.STATE_RUNNING, 1);
  assert.equal(Domain.MIGRATE_LIVE, 1);
  assert.equal(Domain.EVENT_ID_LIFECYCLE, 0);
  assert.equal(Domain.EVENT_ID_METADATA_CHANGE, 23);
  // Newer than the 9.0 API XML: values from libvirt 12.8 (scripts/data/newer-constants.json).
  assert.equal(Domain.EVENT_ID_NIC_MAC_CHANGE, 27);
  assert.equal(Domain.EVENT_ID_VCPU_REMOVED, 28);
  assert.equal(Domain.EVENT_ID_CHANNEL_LIFECYCLE, 29);
  assert.equal(Domain.EVENT_CHANNEL_LIFECYCLE_STATE_DISCONNECTED, 2);
  assert.equal(DomainSnapshot.CREATE_HALT, 8);
  assert.equal(DomainCheckpoint.CREATE_REDEFINE, 1);
  assert.equal(StorageVol.TYPE_FILE, 0);
  assert.equal(Err.ERR_NO_DOMAIN, 42);
  assert.equal(Err.FROM_QEMU, 10);
  // Sys::Virt spells VIR_ERR_OPERATION_DENIED this way; we keep its name.
  assert.equal(Err.ERR_OPERATIONED_DENIED, 29);
  assert.equal("ERR_OPERATION_DENIED" in Err, false);
});

test("strings, negatives, unsigned and 64-bit values keep their C meaning", () => {
  assert.equal(Domain.SCHEDULER_CPU_SHARES, "cpu_shares");
  assert.equal(Connect.IDENTITY_USER_NAME, "user-name");
  assert.equal(Connect.NODE_CPU_STATS_ALL_CPUS, -1);
  // 1U << 31: Sys::Virt sign-extends this to 2^64 - 2^31; the wire value is unsigned.
  assert.equal(Domain.GET_ALL_STATS_ENFORCE_STATS, 2147483648);
  // A long long macro: bigint, like the ullong typed parameters it is compared with.
  assert.equal(Domain.MEMORY_PARAM_UNLIMITED, 9007199254740991n);
});

test("every Sys::Virt name is emitted or listed as missing, and nothing else is emitted", () => {
  const missing = C.sysVirtNamesMissingFromLibvirt;
  for (const [pkg, pairs] of Object.entries(names)) {
    const emitted = packages[pkg];
    assert.ok(emitted, `package ${pkg} not emitted`);
    const known = new Set<string>();
    for (const [macro, name] of pairs) {
      known.add(name);
      const isEmitted = Object.hasOwn(emitted, name);
      const isMissing = (missing[pkg] ?? []).includes(name);
      assert.ok(isEmitted !== isMissing, `${pkg}.${name} (${macro}) emitted=${isEmitted} missing=${isMissing}`);
    }
    for (const key of Object.keys(emitted)) assert.ok(known.has(key), `${pkg}.${key} is not a Sys::Virt name`);
    const extra = packages[`${pkg}NotInSysVirt`];
    for (const key of Object.keys(extra ?? {})) assert.ok(!known.has(key), `${pkg}NotInSysVirt.${key} clashes`);
  }
  for (const pkg of Object.keys(missing)) assert.ok(pkg in names, `missing list for unknown package ${pkg}`);
});

test("generated file is marked and regenerates byte for byte", (t) => {
  const committed = readFileSync(committedPath, "utf8");
  assert.ok(committed.startsWith(`${HEADER}\n`));
  if (!existsSync(DEFAULT_API_XML)) {
    assert.ok(!process.env.CI, `${DEFAULT_API_XML} is required in CI (install libvirt-dev)`);
    t.skip(`${DEFAULT_API_XML} not installed`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "virtwire-constants-"));
  try {
    const out = join(dir, "constants.ts");
    const gen = join(root, "build/scripts/gen-constants.js");
    execFileSync(process.execPath, [gen, DEFAULT_API_XML, namesPath, out], { cwd: root, stdio: "pipe" });
    const fresh = readFileSync(out, "utf8");
    const installed = parseApiXml(readFileSync(DEFAULT_API_XML, "utf8")).version;
    assert.ok(
      fresh === committed,
      `regenerated constants differ (committed from libvirt ${C.libvirtApiVersion}, installed ${installed}); run npm run gen:constants`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("values agree with the installed Sys::Virt", (t) => {
  const probe = spawnSync("perl", ["-MSys::Virt", "-e", "1"], { stdio: "ignore" });
  if (probe.status !== 0) {
    t.skip("perl Sys::Virt not installed");
    return;
  }
  const rows: [string, string, unknown][] = [];
  for (const pkg of Object.keys(names)) {
    for (const [name, value] of Object.entries(packages[pkg] ?? {})) rows.push([pkg, name, value]);
  }
  const script = 'chomp; my ($p, $k) = split / /; my $f = $p->can($k); print $f ? $f->() : "\\0", "\\n";';
  const input = rows.map(([pkg, name]) => `Sys::Virt${pkg === "Connect" ? "" : `::${pkg}`} ${name}`).join("\n");
  const out = execFileSync("perl", ["-MSys::Virt", "-ne", script], { input: `${input}\n` }).toString().split("\n");
  let compared = 0;
  rows.forEach(([pkg, name, ours], i) => {
    const theirs = out[i]!;
    if (theirs === "\0") return; // an older Sys::Virt than the mapping
    compared++;
    if (typeof ours === "string") return assert.equal(theirs, ours, `${pkg}.${name}`);
    // Sys::Virt stores C ints as unsigned 64-bit, so -1 reads back as 2^64-1: compare modulo the C width.
    const mod = typeof ours === "bigint" ? 1n << 64n : 1n << 32n;
    const norm = (v: bigint) => ((v % mod) + mod) % mod;
    assert.equal(norm(BigInt(theirs)), norm(BigInt(ours as number | bigint)), `${pkg}.${name}`);
  });
  assert.ok(compared > 1000, `only ${compared} constants compared`);
});

test("resolve handles expressions, references, strings and 64-bit values", () => {
  const api = parseApiXml(`<api><symbols>
    <macro name='LIBVIR_VERSION_NUMBER' raw='9000000'/>
    <enum name='A' value='(1 &lt;&lt; 3)'/>
    <enum name='B' value='A'/>
    <enum name='C' value='A | (1U &lt;&lt; 31)'/>
    <enum name='NEG' value='-2'/>
    <macro name='BIG' raw='(1ULL &lt;&lt; 60) /* a comment */'/>
    <macro name='HUGE' raw='(1 &lt;&lt; 60)'/>
    <macro name='SMALL_LL' raw='16LL'/>
    <macro name='NAME' string='cpu_shares'/>
    <macro name='FN' params='x' raw='(x)'/>
    <macro name='LOOP' raw='LOOP'/>
    <macro name='REF_MISSING' raw='NOPE + 1'/>
  </symbols></api>`);
  assert.equal(api.version, "9.0.0");
  assert.equal(resolve(api, "A"), 8);
  assert.equal(resolve(api, "B"), 8);
  assert.equal(resolve(api, "C"), 2147483656);
  assert.equal(resolve(api, "NEG"), -2);
  assert.equal(resolve(api, "BIG"), 1n << 60n);
  assert.equal(resolve(api, "HUGE"), 1n << 60n);
  assert.equal(resolve(api, "SMALL_LL"), 16n);
  assert.equal(resolve(api, "NAME"), "cpu_shares");
  for (const bad of ["FN", "LOOP", "REF_MISSING", "ABSENT"]) assert.ok(resolve(api, bad) instanceof Error, bad);
});

test("extractor follows package switches and all REGISTER_CONSTANT forms", () => {
  const src = [
    "#define REGISTER_CONSTANT(name, key) _populate_constant(stash, #key, name)",
    '    stash = gv_stashpv( "Sys::Virt", TRUE );',
    "    REGISTER_CONSTANT(VIR_CONNECT_RO, CONNECT_RO);",
    '    stash = gv_stashpv( "Sys::Virt::Domain", TRUE );',
    "    REGISTER_CONSTANT(VIR_DOMAIN_RUNNING, STATE_RUNNING);",
    "    /* REGISTER_CONSTANT(VIR_DOMAIN_GONE, GONE); */",
    "    REGISTER_CONSTANT_STR(VIR_DOMAIN_SCHEDULER_CPU_SHARES, SCHEDULER_CPU_SHARES);",
    "    REGISTER_CONSTANT_ULL(VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, MEMORY_PARAM_UNLIMITED);",
  ].join("\n");
  assert.deepEqual(extractSysVirtNames(src), {
    Connect: [["VIR_CONNECT_RO", "CONNECT_RO"]],
    Domain: [
      ["VIR_DOMAIN_RUNNING", "STATE_RUNNING"],
      ["VIR_DOMAIN_SCHEDULER_CPU_SHARES", "SCHEDULER_CPU_SHARES"],
      ["VIR_DOMAIN_MEMORY_PARAM_UNLIMITED", "MEMORY_PARAM_UNLIMITED"],
    ],
  });
  assert.throws(() => extractSysVirtNames("REGISTER_CONSTANT(VIR_X, X);"), /before any package/);
});
