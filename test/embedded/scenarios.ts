// Scenarios with the outcomes libvirtd 9.0's test driver gives (checked
// against a live test+unix:///default). Plain data plus small closures so the
// same list can drive any client: the embedded server here, libvirtd in the
// optional conformance test, the public API later.
import type { RemoteProcedures } from "../../src/protocol/generated/remote-types.js";

export interface Ctx {
  /** Handles captured by earlier steps ("test" is looked up first). */
  [key: string]: unknown;
}

export interface ExpectError {
  code: number;
  domain: number;
  /** Exact message, when it is stable. */
  message?: string;
}

export interface Step {
  call: keyof RemoteProcedures;
  args?: (ctx: Ctx) => unknown;
  /** Expected error; absent = must succeed. */
  err?: ExpectError;
  /** Checks on the decoded reply (throw on mismatch). */
  check?: (ret: never, ctx: Ctx) => void;
  /** Lifecycle events [event, detail] this step causes on a callback registered for all domains. */
  lifecycle?: [number, number][];
}

export interface Scenario {
  name: string;
  steps: Step[];
}

type Dom = RemoteProcedures["domain_lookup_by_name"]["ret"]["dom"];
const dom = (ctx: Ctx) => ctx["dom"] as Dom;
const withDom = (extra: Record<string, unknown> = {}) => (ctx: Ctx) => ({ dom: dom(ctx), ...extra });
const snap = (name: string) => (ctx: Ctx) => ({ snap: { name, dom: dom(ctx) }, flags: 0 });

function eq(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  const e = JSON.stringify(expected, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const state = (s: number, r: number): Step => ({
  call: "domain_get_state",
  args: withDom({ flags: 0 }),
  check: (ret: { state: number; reason: number }) => eq([ret.state, ret.reason], [s, r], "state"),
});

/** A value of every typed-parameter type but uint, and libvirt's name for it. */
const WRONG_TYPES = [
  [1, { i: 1 }, "int"],
  [3, { l: 1n }, "llong"],
  [4, { ul: 1n }, "ullong"],
  [5, { d: 1 }, "double"],
  [6, { b: 1 }, "boolean"],
  [7, { s: "x" }, "string"],
] as const;

/** First step of every scenario: look the default domain up into ctx.dom. */
export const LOOKUP: Step = {
  call: "domain_lookup_by_name",
  args: () => ({ name: "test" }),
  check: (ret: { dom: Dom }, ctx) => {
    ctx["dom"] = ret.dom;
  },
};

const notRunning: ExpectError = { code: 55, domain: 20, message: "Requested operation is not valid: domain is not running" };

export const SCENARIOS: Scenario[] = [
  {
    name: "default inventory and lookups",
    steps: [
      LOOKUP,
      { call: "domain_lookup_by_id", args: () => ({ id: 1 }), check: (r: { dom: Dom }) => eq([r.dom.name, r.dom.id], ["test", 1], "by id") },
      { call: "domain_lookup_by_name", args: () => ({ name: "nope" }), err: { code: 42, domain: 12, message: "Domain not found" } },
      { call: "domain_lookup_by_id", args: () => ({ id: 9 }), err: { code: 42, domain: 12 } },
      { call: "domain_lookup_by_uuid", args: () => ({ uuid: Buffer.alloc(16) }), err: { code: 42, domain: 12 } },
      {
        call: "domain_get_info",
        args: (ctx) => ({ dom: { ...dom(ctx), uuid: Buffer.alloc(16) } }),
        err: { code: 42, domain: 12, message: "Domain not found: no domain with matching uuid '00000000-0000-0000-0000-000000000000' (test)" },
      },
      {
        call: "domain_get_info",
        args: withDom(),
        check: (r: { state: number; maxMem: bigint; memory: bigint; nrVirtCpu: number }) =>
          eq([r.state, r.maxMem, r.memory, r.nrVirtCpu], [1, 8388608n, 2097152n, 2], "info"),
      },
      { call: "connect_get_type", check: (r: { type: string }) => eq(r.type, "TEST", "type") },
      { call: "connect_get_version", check: (r: { hv_ver: bigint }) => eq(r.hv_ver, 2n, "version") },
      { call: "connect_get_max_vcpus", args: () => ({ type: null }), check: (r: { max_vcpus: number }) => eq(r.max_vcpus, 32, "max vcpus") },
      {
        call: "node_get_cells_free_memory",
        args: () => ({ startCell: 0, maxcells: 5 }),
        check: (r: { cells: bigint[] }) => eq(r.cells, [2097152n, 4194304n], "cells"),
      },
      { call: "node_get_cells_free_memory", args: () => ({ startCell: 2, maxcells: 5 }), err: { code: 8, domain: 12, message: "invalid argument: Range exceeds available cells" } },
      { call: "domain_get_os_type", args: withDom(), check: (r: { type: string }) => eq(r.type, "linux", "os type") },
      { call: "domain_get_hostname", args: withDom({ flags: 0 }), check: (r: { hostname: string }) => eq(r.hostname, "testhost", "hostname") },
      {
        call: "connect_list_all_domains",
        args: () => ({ need_results: 1, flags: 0 }),
        check: (r: { domains: Dom[]; ret: number }) => eq([r.ret, r.domains.map((d) => d.name)], [1, ["test"]], "list"),
      },
      { call: "domain_attach_device", args: withDom({ xml: "<disk/>" }), err: { code: 3, domain: 20, message: "this function is not supported by the connection driver: virDomainAttachDevice" } },
    ],
  },
  {
    name: "lifecycle state machine with reasons and events",
    steps: [
      LOOKUP,
      state(1, 0),
      { call: "domain_create", args: withDom(), err: { code: 1, domain: 12, message: "internal error: Domain 'test' is already running" } },
      { call: "domain_resume", args: withDom(), err: { code: 1, domain: 12, message: "internal error: domain 'test' not paused" } },
      { call: "domain_suspend", args: withDom(), lifecycle: [[3, 0]] },
      state(3, 1),
      { call: "domain_suspend", args: withDom(), err: { code: 1, domain: 12, message: "internal error: domain 'test' not running" } },
      { call: "domain_resume", args: withDom(), lifecycle: [[4, 0]] },
      state(1, 5),
      { call: "domain_destroy", args: withDom(), lifecycle: [[5, 1]] },
      state(5, 2),
      { call: "domain_destroy", args: withDom(), err: notRunning },
      { call: "domain_reboot", args: withDom({ flags: 0 }), err: notRunning },
      { call: "domain_shutdown", args: withDom(), err: { code: 1, domain: 12, message: "internal error: domain 'test' not running" } },
      { call: "domain_create_with_flags", args: withDom({ flags: 1 }), err: { code: 8, domain: 12, message: "unsupported flags (0x1) in function testDomainCreateWithFlags" } },
      {
        call: "domain_create_with_flags",
        args: withDom({ flags: 0 }),
        lifecycle: [[2, 0]],
        check: (r: { dom: Dom }) => eq(r.dom.id, 2, "new id"),
      },
      state(1, 1),
      { call: "domain_reboot", args: withDom({ flags: 0 }), lifecycle: [] },
      state(1, 1),
      { call: "domain_shutdown", args: withDom(), lifecycle: [[5, 0]] },
      state(5, 1),
      { call: "domain_create", args: withDom(), lifecycle: [[2, 0]] },
      { call: "domain_lookup_by_id", args: () => ({ id: 3 }), check: (r: { dom: Dom }) => eq(r.dom.name, "test", "id 3") },
    ],
  },
  {
    name: "memory and vcpu limits",
    steps: [
      LOOKUP,
      { call: "domain_set_max_memory", args: withDom({ memory: 100000n }), err: { code: 55, domain: 12, message: "Requested operation is not valid: cannot resize the maximum memory on an active domain" } },
      { call: "domain_set_memory", args: withDom({ memory: 99999999n }), err: { code: 8, domain: 12, message: "invalid argument: cannot set memory higher than max memory" } },
      { call: "domain_set_vcpus", args: withDom({ nvcpus: 0 }), err: { code: 8, domain: 20, message: "nvcpus in virDomainSetVcpus must not be zero" } },
      { call: "domain_set_vcpus", args: withDom({ nvcpus: 33 }), err: { code: 8, domain: 12, message: "invalid argument: requested cpu amount exceeds maximum supported amount (33 > 32)" } },
      { call: "domain_set_vcpus", args: withDom({ nvcpus: 3 }), err: { code: 8, domain: 12, message: "invalid argument: requested cpu amount exceeds maximum (3 > 2)" } },
      { call: "domain_set_vcpus", args: withDom({ nvcpus: 1 }) },
      { call: "domain_get_vcpus_flags", args: withDom({ flags: 0 }), check: (r: { num: number }) => eq(r.num, 1, "vcpus") },
      {
        call: "domain_get_numa_parameters",
        args: withDom({ nparams: 2, flags: 3 }),
        err: { code: 8, domain: 20, message: "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive" },
      },
      { call: "domain_get_metadata", args: withDom({ type: 0, uri: null, flags: 0 }), err: { code: 80, domain: 20 } },
      { call: "domain_destroy", args: withDom() },
      { call: "domain_set_memory_flags", args: withDom({ memory: 1000n, flags: 1 }), err: notRunning },
      { call: "domain_pin_vcpu", args: withDom({ vcpu: 0, cpumap: Buffer.from([1]) }), err: { code: 55, domain: 12 } },
      { call: "domain_get_max_vcpus", args: withDom(), err: notRunning },
    ],
  },
  {
    name: "snapshot tree, revert and delete",
    steps: [
      LOOKUP,
      { call: "domain_snapshot_current", args: withDom({ flags: 0 }), err: { code: 72, domain: 12, message: "Domain snapshot not found: the domain does not have a current snapshot" } },
      { call: "domain_snapshot_create_xml", args: withDom({ xml_desc: "<domainsnapshot><name>s1</name></domainsnapshot>", flags: 0 }) },
      { call: "domain_snapshot_create_xml", args: withDom({ xml_desc: "<domainsnapshot><name>s1</name></domainsnapshot>", flags: 0 }), err: { code: 9, domain: 20, message: "operation failed: domain moment s1 already exists" } },
      { call: "domain_snapshot_create_xml", args: withDom({ xml_desc: "<domainsnapshot><name>s2</name></domainsnapshot>", flags: 0 }) },
      { call: "domain_snapshot_get_parent", args: snap("s2"), check: (r: { snap: { name: string } }) => eq(r.snap.name, "s1", "parent") },
      { call: "domain_snapshot_get_parent", args: snap("s1"), err: { code: 72, domain: 12, message: "Domain snapshot not found: snapshot 's1' does not have a parent" } },
      { call: "domain_snapshot_create_xml", args: withDom({ xml_desc: "<domainsnapshot><name>x</name></domainsnapshot>", flags: 4 }), err: { code: 8, domain: 12 } },
      { call: "domain_snapshot_create_xml", args: withDom({ xml_desc: "<domainsnapshot><name>h</name></domainsnapshot>", flags: 8 }), lifecycle: [[5, 6]] },
      state(5, 7),
      { call: "domain_revert_to_snapshot", args: (ctx) => ({ snap: { name: "s1", dom: dom(ctx) }, flags: 3 }), err: { code: 8, domain: 35 } },
      { call: "domain_revert_to_snapshot", args: snap("s1"), lifecycle: [[2, 3]] },
      state(1, 4),
      { call: "domain_snapshot_current", args: withDom({ flags: 0 }), check: (r: { snap: { name: string } }) => eq(r.snap.name, "s1", "current") },
      { call: "domain_revert_to_snapshot", args: (ctx) => ({ snap: { name: "s2", dom: dom(ctx) }, flags: 2 }), lifecycle: [[5, 6], [2, 3], [3, 5]] },
      state(3, 7),
      { call: "domain_snapshot_delete", args: snap("s1"), lifecycle: [] },
      { call: "domain_snapshot_get_parent", args: snap("s2"), err: { code: 72, domain: 12 } },
      { call: "domain_snapshot_num", args: withDom({ flags: 0 }), check: (r: { num: number }) => eq(r.num, 2, "count") },
      { call: "domain_checkpoint_create_xml", args: withDom({ xml_desc: "<domaincheckpoint/>", flags: 0 }), err: { code: 84, domain: 12, message: "Operation not supported: cannot create checkpoint while snapshot exists" } },
    ],
  },
  {
    name: "guest calls, statistics and typed parameters",
    steps: [
      LOOKUP,
      { call: "domain_get_time", args: withDom({ flags: 0 }), check: (r: { seconds: bigint; nseconds: number }) => eq([r.seconds, r.nseconds], [627319920n, 0], "time") },
      { call: "domain_fsfreeze", args: withDom({ mountpoints: [], flags: 0 }), check: (r: { filesystems: number }) => eq(r.filesystems, 2, "frozen") },
      { call: "domain_fsthaw", args: withDom({ mountpoints: ["/x"], flags: 0 }), err: { code: 55, domain: 12, message: "Requested operation is not valid: mount point not found: /x" } },
      {
        call: "domain_interface_addresses",
        args: withDom({ source: 0, flags: 0 }),
        check: (r: { ifaces: { name: string; hwaddr: string; addrs: { addr: string; prefix: number }[] }[] }) =>
          eq(r.ifaces.map((i) => [i.name, i.hwaddr, i.addrs[0]!.addr, i.addrs[0]!.prefix]), [["testnet0", "aa:bb:cc:dd:ee:ff", "192.168.122.3", 24]], "addresses"),
      },
      { call: "domain_block_stats", args: withDom({ path: "vdz" }), err: { code: 8, domain: 12, message: "invalid argument: invalid path: vdz" } },
      { call: "domain_interface_stats", args: withDom({ device: "zz" }), err: { code: 8, domain: 20, message: "invalid argument: 'zz' is not a known interface" } },
      {
        call: "domain_get_block_info",
        args: withDom({ path: "vda", flags: 0 }),
        check: (r: { capacity: bigint; allocation: bigint }) => eq([r.capacity, r.allocation], [1099506450432n, 1099511627776n], "block info"),
      },
      {
        call: "domain_memory_stats",
        args: withDom({ maxStats: 3, flags: 0 }),
        check: (r: { stats: { tag: number; val: bigint }[] }) => eq(r.stats.map((x) => [x.tag, x.val]), [[6, 2097152n], [0, 0n], [1, 0n]], "memory stats"),
      },
      {
        call: "domain_get_memory_parameters",
        args: withDom({ nparams: 0, flags: 0 }),
        check: (r: { nparams: number }) => eq(r.nparams, 3, "count"),
      },
      {
        call: "domain_get_scheduler_parameters_flags",
        args: withDom({ nparams: 1, flags: 0 }),
        err: { code: 8, domain: 12, message: "unsupported flags (0x4) in function testDomainGetSchedulerParametersFlags" },
      },
      {
        call: "domain_set_scheduler_parameters",
        args: withDom({ params: [{ field: "cap", value: { type: 2, ui: 1 } }] }),
        err: { code: 74, domain: 0, message: "argument unsupported: parameter 'cap' not supported" },
      },
      // virTypedParamsValidate names each type as libvirt spells it.
      ...WRONG_TYPES.map(
        ([type, value, name]): Step => ({
          call: "domain_set_scheduler_parameters",
          args: withDom({ params: [{ field: "weight", value: { type, ...value } }] }),
          err: { code: 8, domain: 0, message: `invalid argument: invalid type '${name}' for parameter 'weight', expected 'uint'` },
        }),
      ),
      {
        call: "domain_set_memory_parameters",
        args: withDom({ params: [{ field: "hard_limit", value: { type: 2, ui: 1 } }], flags: 0 }),
        err: { code: 8, domain: 0, message: "invalid argument: invalid type 'uint' for parameter 'hard_limit', expected 'ullong'" },
      },
      {
        call: "connect_get_all_domain_stats",
        args: () => ({ doms: [], stats: 0, flags: 0 }),
        check: (r: { retStats: { params: { field: string }[] }[] }) => eq(r.retStats[0]!.params.map((p) => p.field), ["state.state", "state.reason"], "stats"),
      },
      {
        call: "connect_get_all_domain_stats",
        args: () => ({ doms: [], stats: 8, flags: 0x80000000 }),
        err: { code: 74, domain: 12, message: "argument unsupported: Stats types bits 0x8 are not supported by this daemon" },
      },
      { call: "node_get_free_pages", args: () => ({ pages: [4], startCell: 0, cellCount: 1, flags: 0 }), err: { code: 1, domain: 7 } },
    ],
  },
];
