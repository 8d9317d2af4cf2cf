// The CLI's pure parts: option parsing, command strings, virsh's table and
// tree layouts, scaled sizes, progress lines, JSON encoding.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Args, parseOptions, type OptSpec } from "../../src/cli/args.js";
import { splitCommandString } from "../../src/cli/cmdline.js";
import { CliError, describeError } from "../../src/cli/errors.js";
import { parseGlobals } from "../../src/cli/globals.js";
import { formatTable } from "../../src/cli/format/table.js";
import { formatForest } from "../../src/cli/format/tree.js";
import { formatCpuList, parseCpuList, prettyBytes, bitsSet } from "../../src/cli/format/values.js";
import { parseScaled } from "../../src/cli/scaled.js";
import { barLine, percentDone, virshProgressLine } from "../../src/cli/progress.js";
import { toJson } from "../../src/cli/json.js";
import { escapeByte, banner } from "../../src/cli/console.js";
import { linuxKeycode, numericKeycode } from "../../src/cli/keycodes.js";
import { memspecXml, snapshotDiskspecXml, commaList } from "../../src/cli/commands/specs.js";
import { VirtError } from "../../src/rpc/errors.js";

const SPECS: OptSpec[] = [
  { name: "domain", type: "string", required: true, help: "" },
  { name: "count", type: "int", help: "" },
  { name: "live", type: "bool", help: "" },
  { name: "codeset", type: "string", named: true, help: "" },
  { name: "rest", type: "argv", help: "" },
];

function parse(argv: string[]): Args {
  return new Args("cmd", parseOptions("cmd", SPECS, argv));
}

test("options: positional fill in declaration order, argv takes the rest", () => {
  const a = parse(["web", "3", "x", "y"]);
  assert.equal(a.str("domain"), "web");
  assert.equal(a.int("count"), 3);
  assert.deepEqual(a.list("rest"), ["x", "y"]);
});

test("options: --name value, --name=value, booleans, and -- ending options", () => {
  const a = parse(["--count=7", "--live", "--codeset", "usb", "--", "--domain-looking"]);
  assert.equal(a.int("count"), 7);
  assert.equal(a.bool("live"), true);
  assert.equal(a.str("codeset"), "usb");
  assert.equal(a.str("domain"), "--domain-looking");
});

test("options: a named-only option is never filled by position", () => {
  const a = parse(["web", "1", "usb"]);
  assert.equal(a.str("codeset"), undefined);
  assert.deepEqual(a.list("rest"), ["usb"]);
});

test("options: virsh's parse errors", () => {
  const err = (argv: string[]) => {
    try {
      parse(argv);
    } catch (e) {
      assert.ok(e instanceof CliError);
      assert.equal(e.usage, true);
      return e.message;
    }
    return "no error";
  };
  assert.equal(err(["--bogus"]), "command 'cmd' doesn't support option --bogus");
  assert.equal(err(["web", "--live=1"]), "invalid '=' after option --live");
  assert.equal(err(["web", "--count"]), "expected syntax: --count <number>");
  assert.equal(err(["web", "--live", "--live"]), "option --live already seen");
  assert.equal(err([]), "command 'cmd' requires <domain> option");
  const noArgv = new Args("c", parseOptions("c", SPECS.slice(0, 2), ["a", "1"]));
  assert.equal(noArgv.int("count"), 1);
  assert.throws(() => parseOptions("c", SPECS.slice(0, 2), ["a", "1", "2"]), /unexpected data '2'/);
  assert.throws(() => parseOptions("c", [{ name: "n", type: "int", required: true, help: "" }], []), /requires --n option/);
});

test("options: numbers are checked as virsh checks them", () => {
  assert.throws(() => parse(["w", "1.5"]).int("count"), /Numeric value '1.5' for <count> option is malformed or out of range/);
  assert.throws(() => parse(["w", "-1"]).uint("count"), /malformed or out of range/);
  assert.equal(parse(["w", "-1"]).int("count"), -1);
  assert.throws(() => parse(["w", "--live"]).exclusive("live", "domain"), /Options --live and --domain are mutually exclusive/);
  assert.throws(() => parse(["w", "--live"]).requires("live", "count"), /Option --count is required by option --live/);
});

test("command strings: quotes, escapes, ';' and comments", () => {
  assert.deepEqual(splitCommandString(`desc web 'hello world'; domid "x y" # note\nlist --all`), [
    ["desc", "web", "hello world"],
    ["domid", "x y"],
    ["list", "--all"],
  ]);
  assert.deepEqual(splitCommandString("a\\ b c"), [["a b", "c"]]);
  assert.deepEqual(splitCommandString("x ''"), [["x", ""]]);
  // virsh: an unclosed ' runs to the end, an unclosed " or a trailing backslash is an error.
  assert.deepEqual(splitCommandString("x 'open; y"), [["x", "open; y"]]);
  assert.throws(() => splitCommandString('x "open'), /missing "/);
  assert.throws(() => splitCommandString("x a\\"), /dangling \\/);
  assert.deepEqual(splitCommandString("x a\\\nb '#c' \"d\\\ne\"; '#y' z; w"), [["x", "ab", "#c", "de"], ["w"]]);
});

test("global options stop at the command", () => {
  const g = parseGlobals(["-c", "test:///default", "-rq", "--json", "list", "-c", "x"]);
  assert.equal(g.opts.uri, "test:///default");
  assert.equal(g.opts.readonly, true);
  assert.equal(g.opts.quiet, true);
  assert.equal(g.opts.json, true);
  assert.deepEqual(g.rest, ["list", "-c", "x"]);
  assert.equal(parseGlobals(["--connect=qemu:///system", "-k0", "x"]).opts.keepalive, false);
  assert.deepEqual(parseGlobals(["-k", "3", "-K", "2", "x"]).opts.keepalive, { interval: 3, count: 2 });
  assert.throws(() => parseGlobals(["--nope"]), /unsupported option/);
});

test("virsh table: cells padded to the widest plus two, dashes = widths + 3 per column", () => {
  const t = formatTable(["Id", "Name", "State"], [["1", "test", "running"], ["-", "longer-name", "shut off"]]);
  assert.equal(
    t,
    " Id   Name          State\n" +
      `${"-".repeat(2 + 11 + 8 + 3 * 3)}\n` +
      " 1    test          running\n" +
      " -    longer-name   shut off\n",
  );
  // Quiet: no header, so only the data sets the widths (virsh's -q list).
  assert.equal(formatTable(["Id", "Name"], [["1", "x"]], true), " 1   x\n");
  // An empty last column still gets its separator, as virsh prints it.
  assert.equal(formatTable(["A", "Title"], [["1", ""]]).split("\n")[2], " 1   ");
});

test("virsh tree: branches, last-child spacing and the spacer line", () => {
  const nodes = [
    { name: "s1", parent: null },
    { name: "s2", parent: "s1" },
    { name: "s3", parent: "s2" },
    { name: "s4", parent: "s1" },
  ];
  assert.equal(formatForest(nodes), "s1\n  |\n  +- s2\n  |   |\n  |   +- s3\n  |     \n  +- s4\n    \n");
  assert.equal(formatForest([{ name: "only", parent: null }]), "only\n\n");
});

test("cpu lists and byte sizes", () => {
  assert.equal(formatCpuList([0, 1, 2, 3, 5, 7, 8]), "0-3,5,7-8");
  assert.deepEqual(parseCpuList("0-3,^2,6"), [0, 1, 3, 6]);
  assert.equal(parseCpuList("x"), null);
  assert.deepEqual(bitsSet(Buffer.from([0b101, 0b1]), 12), [0, 2, 8]);
  assert.equal(prettyBytes(512), "512.000 B");
  assert.equal(prettyBytes(1536n), "1.500 KiB");
  assert.equal(prettyBytes(1099511627776n), "1.000 TiB");
});

test("scaled integers as virScaleInteger reads them", () => {
  assert.equal(parseScaled("512", 1024n, 2n ** 64n), 524288n);
  assert.equal(parseScaled("1G", 1024n, 2n ** 64n), 1073741824n);
  assert.equal(parseScaled("2GiB", 1024n, 2n ** 64n), 2147483648n);
  assert.equal(parseScaled("1500MB", 1024n, 2n ** 64n), 1500000000n);
  assert.equal(parseScaled("7b", 1024n, 2n ** 64n), 7n);
  assert.equal(parseScaled("1Q", 1024n, 2n ** 64n), null);
  assert.equal(parseScaled("-5", 1024n, 2n ** 64n), null);
  assert.equal(parseScaled("2", 1024n, 1000n), null);
});

test("progress: virsh's --verbose line and the terminal bar", () => {
  assert.equal(percentDone(0n, 100n), 100);
  assert.equal(percentDone(1n, 100000n), 99.99);
  assert.equal(virshProgressLine("Save", 5783n, 10000n), "\rSave: [42.17 %]");
  assert.equal(virshProgressLine("Dump", 9999n, 10000n), "\rDump: [ 0.01 %]");
  const bar = barLine("Save", 50n, 100n);
  assert.equal(bar, `\r\u001b[2KSave: [${"#".repeat(15)}${"-".repeat(15)}]  50.0%  50.000 B / 100.000 B`);
});

test("JSON: 64-bit values as numbers when exact, strings when not", () => {
  assert.equal(toJson({ a: 5n, b: 2n ** 60n, c: Buffer.from([1, 255]) }), '{"a":5,"b":"1152921504606846976","c":"01ff"}');
});

test("console escape and banner", () => {
  assert.equal(escapeByte("^]"), 0x1d);
  assert.equal(escapeByte("^a"), 1);
  assert.equal(escapeByte("~"), 0x7e);
  assert.throws(() => escapeByte("abc"), /Invalid escape character/);
  assert.equal(banner("web", "^]"), "Connected to domain 'web'\nEscape character is ^] (Ctrl + ])\n");
});

test("send-key names and numbers", () => {
  assert.equal(linuxKeycode("KEY_A"), 30);
  assert.equal(linuxKeycode("KEY_ENTER"), 28);
  assert.equal(linuxKeycode("KEY_LEFTCTRL"), 29);
  assert.equal(linuxKeycode("KEY_NOPE"), undefined);
  assert.equal(numericKeycode("0x1c"), 28);
  assert.equal(numericKeycode("070"), 56);
  assert.equal(numericKeycode("99999"), -1);
});

test("snapshot specs become virsh's XML", () => {
  assert.deepEqual(commaList("a,,b,c"), ["a,b", "c"]);
  assert.equal(memspecXml("/m,snapshot=external"), "  <memory snapshot='external' file='/m'/>\n");
  assert.equal(
    snapshotDiskspecXml("vda,snapshot=external,driver=qcow2,file=/x.qcow2"),
    "    <disk name='vda' snapshot='external'>\n      <driver type='qcow2'/>\n      <source file='/x.qcow2'/>\n    </disk>\n",
  );
  assert.throws(() => snapshotDiskspecXml("vda,bogus=1"), /unable to parse diskspec/);
});

test("error reports: context lines first, then libvirt's message", () => {
  const virt = VirtError.local(42, 10, "Domain not found: no domain with matching name 'x'");
  const r = describeError(new CliError("failed to get domain 'x'", { cause: virt }));
  assert.deepEqual(r.lines, ["failed to get domain 'x'", "Domain not found: no domain with matching name 'x'"]);
  assert.equal(r.code, 42);
  assert.equal(r.domain, 10);
});

test("events 28 and 29 (libvirt 12.4) print and list like the others", async () => {
  const { describeEvent, eventJson } = await import("../../src/cli/commands/event.js");
  const { EVENT_NAMES } = await import("../../src/cli/format/enums.js");
  const { Domain, parseUri } = await import("../../src/index.js");
  const { Connection } = await import("../../src/api/connection.js");
  const { memoryPair, memoryTransport } = await import("../../src/transport/memory.js");
  const { RpcClient } = await import("../../src/rpc/client.js");
  const { REMOTE } = await import("../../src/protocol/generated/remote.js");
  const rpc = new RpcClient(memoryTransport(memoryPair()[0]), { programs: [REMOTE], keepalive: false });
  const conn = new Connection(rpc, parseUri("test:///default"), { readonly: false, callTimeout: 0, features: { keepalive: false } });
  const dom = new Domain(conn, { name: "vm1", uuid: Buffer.alloc(16, 1), id: 3 });
  assert.equal(EVENT_NAMES[Domain.EVENT_ID_VCPU_REMOVED], "vcpu-removed");
  assert.equal(EVENT_NAMES[Domain.EVENT_ID_CHANNEL_LIFECYCLE], "channel-lifecycle");
  assert.equal(describeEvent({ eventId: 28, dom, vcpuid: 2 }), "event 'vcpu-removed' for domain 'vm1': vcpuid: 2\n");
  assert.equal(
    describeEvent({ eventId: 29, dom, channelName: "org.qemu.guest_agent.0", state: 1, reason: 2 }),
    "event 'channel-lifecycle' for domain 'vm1': channel: org.qemu.guest_agent.0 state: 'connected' reason: 'channel event'\n",
  );
  assert.deepEqual(eventJson({ eventId: 28, dom, vcpuid: 2 }), {
    event: "vcpu-removed",
    domain: "vm1",
    uuid: "01010101-0101-0101-0101-010101010101",
    vcpuid: 2,
  });
  rpc.destroy();
});
