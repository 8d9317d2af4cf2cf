// The "Host and Hypervisor" commands, compared with virsh on its own test
// driver and on libvirtd's (all read-only), plain and with -q; --json checked
// against the figures virsh prints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sameAsVirshOn, virsh, virtwire } from "./cli-helpers.js";
import { requireLive } from "../helpers/live.js";

const COMMANDS = [
  "version",
  "version --daemon",
  "uri",
  "hostname",
  "nodeinfo",
  "capabilities",
  "sysinfo",
  "maxvcpus",
  "maxvcpus --type test",
  "maxvcpus kvm",
  "domcapabilities",
  "domcapabilities kvm",
  "domcapabilities --virttype kvm --arch x86_64 --machine pc --emulatorbin /bin/x",
  "nodecpumap",
  "nodecpumap --pretty",
  "freecell",
  "freecell 0",
  "freecell --cellno 1",
  "freecell --all",
  "freecell 5",
  "nodecpustats",
  "nodecpustats 1",
  "nodecpustats --percent",
  "nodememstats",
  "nodememstats 0",
];

// libvirtd fails every free-pages call of the test driver (see docs/embedded.md),
// where virsh's own in-process test driver answers: compared on libvirtd only.
const FREEPAGES = ["freepages 0 4", "freepages --all", "freepages --all --pagesize 2M", "freepages 0 2M"];

// Usage errors, and the help pages (the group listing lacks the commands virtwire has not).
const ERRORS_AND_HELP = [
  "maxvcpus --type",
  "uri extra",
  "version --foo",
  "freecell abc",
  "freecell -- -1",
  "freecell 0 --all",
  "nodecpustats x",
  "domcapabilities --arch ''",
  "freepages",
  "freepages 0",
  "freepages --pagesize 4",
  "freepages -- -2 4",
  "freepages 0 4x",
  "freepages --all 0",
  // Both test drivers refuse to suspend; the checks before the call are virsh's.
  "nodesuspend mem 60",
  "nodesuspend disk 0",
  "nodesuspend foo 60",
  "nodesuspend foo -1",
  "nodesuspend mem -5",
  "nodesuspend mem abc",
  "nodesuspend",
  "nodeinfo --help",
  ...["version", "uri", "hostname", "nodeinfo", "capabilities", "domcapabilities", "sysinfo", "maxvcpus", "nodecpumap", "freecell", "nodecpustats", "nodememstats", "freepages", "nodesuspend"].map((c) => `help ${c}`),
];

test("host commands match virsh on test:///default", async (t) => {
  await sameAsVirshOn(t, "test:///default", [...COMMANDS, ...ERRORS_AND_HELP], { quiet: true });
});

test("host commands match virsh on libvirtd's test driver", async (t) => {
  await sameAsVirshOn(t, "test+unix:///default", [...COMMANDS, ...FREEPAGES], { quiet: true });
});

test("domcapabilities and maxvcpus (from <vcpu max>) match virsh on QEMU, read only", async (t) => {
  const uri = requireLive(t, "qemu");
  if (!uri) return;
  await sameAsVirshOn(t, uri, ["domcapabilities", "domcapabilities --arch x86_64", "maxvcpus", "capabilities", "nodeinfo"], { flags: ["-r"] });
});

test("node statistics match virsh on QEMU in layout (the figures move), read only", async (t) => {
  const uri = requireLive(t, "qemu");
  if (!uri) return;
  const mask = (out: string): string => out.replace(/ *\d+(\.\d+)?/g, " N");
  const cmds = ["nodememstats", "nodememstats 0", "nodecpustats", "nodecpustats 0", "nodecpustats --percent", "nodecpumap", "freecell --all", "freepages --all"];
  await sameAsVirshOn(t, uri, cmds, { flags: ["-r"], mask });
});

test("help host lists the host commands in virsh's order", async (t) => {
  const v = virsh(["help", "host"]);
  if (!v) return t.skip("virsh not installed");
  const w = await virtwire(["help", "host"]);
  const names = (s: string): string[] => s.split("\n").slice(1).map((l) => l.trim().split(/\s+/)[0] ?? "").filter(Boolean);
  const ours = names(w.stdout);
  assert.deepEqual(ours, names(v.stdout).filter((n) => ours.includes(n)));
  assert.equal(ours.length, 14);
  assert.equal(w.stdout.split("\n")[0], v.stdout.split("\n")[0]);
});

test("host commands' --json carries what the text shows", async () => {
  const json = async (cmd: string): Promise<unknown> => {
    const r = await virtwire(["--json", "-c", "test:///default", cmd]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  assert.deepEqual(await json("version --daemon"), { library: "9.0.0", api: "9.0.0", type: "TEST", hypervisor: "0.0.2", daemon: "9.0.0" });
  assert.deepEqual(await json("uri"), { uri: "test:///default" });
  assert.deepEqual(await json("nodeinfo"), {
    model: "i686",
    cpus: 16,
    mhz: 1400,
    sockets: 2,
    coresPerSocket: 2,
    threadsPerCore: 2,
    nodes: 2,
    memoryKiB: 3145728,
  });
  assert.deepEqual(await json("maxvcpus"), { maxVcpus: 32 });
  assert.deepEqual(await json("nodecpustats"), { user: 9797400000, kernel: 34678723400000, idle: 87264900000, iowait: 763600000 });
  assert.deepEqual(await json("nodecpumap"), { present: 8, online: 3, map: "0,2,4" });
  assert.deepEqual(await json("freecell"), { freeBytes: 3145728 });
  assert.deepEqual(await json("freecell 1"), { cell: 1, freeBytes: 4194304 });
  assert.deepEqual(await json("freecell --all"), {
    cells: [
      { cell: 0, freeBytes: 2097152 },
      { cell: 1, freeBytes: 4194304 },
    ],
    totalBytes: 6291456,
  });
  const caps = (await json("capabilities")) as { xml: string };
  assert.match(caps.xml, /^<capabilities>\n[^]*<\/capabilities>\n$/);
  const sys = (await json("sysinfo")) as { xml: string };
  assert.match(sys.xml, /^<sysinfo type='smbios'>/);
});
