// The interactive terminal (virtwire without a command) and virsh's own
// commands, compared with virsh on test:///default (libvirt's in-process test
// driver for virsh, the embedded one for virtwire): no daemon needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CLI, haveCommand, sameAsVirshOn, tmuxShell, virsh, virtwire, waitUntil } from "./cli-helpers.js";

const URI = "test:///default";

/** virsh's banner and prompts carry its name; everything else must be the same. */
function asVirtwire(virshOut: string): string {
  return virshOut
    .replace("Welcome to virsh, the virtualization interactive terminal.", "Welcome to virtwire, the virtualization interactive terminal.")
    .replace(" Virsh itself (help keyword 'virsh'):", " Virtwire itself (help keyword 'virsh'):")
    .replace(/virsh ([#>]) /g, "virtwire $1 ");
}

async function sameAsVirsh(t: { skip(msg?: string): void }, args: string[], input: string): Promise<boolean> {
  const v = virsh(args, input);
  if (!v) {
    t.skip("virsh not installed");
    return false;
  }
  const w = await virtwire(args, { input });
  assert.equal(w.stdout, asVirtwire(v.stdout));
  assert.equal(w.stderr, v.stderr);
  assert.equal(w.code, v.code);
  return true;
}

test("piped shell session: banner, echoed lines, errors, connect, cd, echo, quit: as virsh", async (t) => {
  const input = [
    "list",
    "bogus",
    "domstate test",
    "",
    `echo --shell "a b" "it's" '' plain`,
    "echo --split a,,b,c d",
    `echo --xml "<a & 'b'>"`,
    "echo --err oops",
    "cd /nonexistent-dir",
    "connect test:///default --readonly",
    "list --all",
    "destroy test",
    "connect --name nosuch:///x",
    "domstate test; quit; list",
    "list",
  ].join("\n");
  await sameAsVirsh(t, ["-c", URI], `${input}\n`);
});

test("quiet shell: no banner or separators; end of input without quit, last line unterminated", async (t) => {
  await sameAsVirsh(t, ["-q", "-c", URI], "list --all\n\necho a b\ndomstate test");
});

test("cd and pwd in the shell, cd refused outside it, quit ends a command string", async (t) => {
  const w = await virtwire(["-q", "-c", URI], { input: "cd /tmp\npwd\ncd\npwd\n" });
  assert.equal(w.stdout, `virtwire # cd /tmp\nvirtwire # pwd\n/tmp\nvirtwire # cd\nvirtwire # pwd\n${process.env["HOME"] ?? "/"}\nvirtwire # \n`);
  assert.equal(w.code, 0);
  if (!(await sameAsVirsh(t, ["-c", URI, "cd /tmp"], ""))) return;
  await sameAsVirsh(t, ["-c", URI, "domstate test; quit; list"], "");
  await sameAsVirsh(t, ["-c", URI, "connect test:///default --readonly; destroy test"], "");
  await sameAsVirsh(t, ["-c", URI, "help quit; help connect; help echo; help virsh"], "");
});

test("a command string or shell line is parsed whole first: one bad command and none runs; --help anywhere means help", async (t) => {
  const strings = [
    "list; dominfo --bogus test",
    "list; dominfo",
    "list; bogus; list",
    "echo a; dominfo test test2",
    "echo a; dominfo --domain",
    "echo a; domstate test --reason --reason",
    "echo a; list --all=1",
    "echo a; help nothere",
    "dominfo --help; echo a",
    "dominfo --help --bogus",
    "dominfo --help=1",
    "echo -- --help",
    "help --bogus dominfo extra",
    "help --help",
    "echo --_x ---y -- --z",
    // Splitting: an unclosed ' is fine, an unclosed " or a trailing backslash is not; '#' comments.
    "echo 'abc; echo d",
    'echo a; echo "b',
    "echo a; echo b\\",
    "echo a\\\nb \"c\\\nd\" 'e\\\nf'",
    "'#x' a b; echo c",
    "#c; echo x",
    "",
  ];
  if (!(await sameAsVirshOn(t, URI, strings))) return;
  await sameAsVirsh(t, ["-q", "-c", URI], "list; dominfo --bogus test\necho x; bogus\necho y; help dominfo --bogus\ndominfo --help; echo z\n");
});

test("piped shell with --json: one JSON line per result, no banner, prompts or echo", async () => {
  const w = await virtwire(["--json", "-c", URI], { input: "domstate test\nbogus\nquit\n" });
  assert.deepEqual(w.stdout.split("\n").map((l) => (l ? JSON.parse(l) : l)), [{ state: "running", stateCode: 1, reason: "unknown", reasonCode: 0 }, ""]);
  assert.deepEqual(JSON.parse(w.stderr), { error: { message: "unknown command: 'bogus'", context: [] } });
  assert.equal(w.code, 0);
});

test("--help still prints the usage", async () => {
  const usage = await virtwire(["--help"]);
  assert.match(usage.stdout, /^virtwire \[options\]\.\.\. <command> \[args\.\.\.\]$/m);
  assert.equal(usage.code, 0);
});

test("shell in a terminal: completion of commands, domains and options, history, Ctrl+C at the prompt and in a command, Ctrl+D", async (t) => {
  if (!haveCommand("tmux")) return t.skip("tmux not installed");
  const name = `vw-shell-${process.pid}`;
  const { tmux, pane } = await tmuxShell(name);
  const promptCount = () => pane().split("\n").filter((l) => l.startsWith("virtwire # ")).length;
  try {
    tmux(
      "send-keys", "-t", name,
      `S0=$(stty -g); ${process.execPath} ${CLI} -c ${URI}; echo "EXIT=$?"; [ "$S0" = "$(stty -g)" ] && echo TTY-RESTORED || echo TTY-CHANGED`,
      "Enter",
    );
    await waitUntil(() => /^virtwire # $/m.test(pane()), 20_000, "the first prompt");
    assert.match(pane(), /^Welcome to virtwire, the virtualization interactive terminal\.$/m);
    // Tab completes a command name (first the part domstate and domstats
    // share), then one of its options. Keys go one write each, as typed:
    // readline takes a Tab inside a burst of input for pasted text.
    const type = async (...keys: string[]): Promise<void> => {
      for (const k of keys) {
        tmux("send-keys", "-t", name, "--", k);
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    await type("domst", "Tab");
    await waitUntil(() => /^virtwire # domstat$/m.test(pane()), 10_000, "the common part to be completed");
    await type("e", "Tab");
    await waitUntil(() => /^virtwire # domstate $/m.test(pane()), 10_000, "domstate to be completed");
    // A domain where the command wants one (listed over the connection).
    await type("t", "Tab");
    await waitUntil(() => /^virtwire # domstate test $/m.test(pane()), 10_000, "the domain name to be completed");
    await type("--re", "Tab");
    await waitUntil(() => /^virtwire # domstate test --reason $/m.test(pane()), 10_000, "--reason to be completed");
    tmux("send-keys", "-t", name, "Enter");
    await waitUntil(() => /^running \(unknown\)$/m.test(pane()), 10_000, "domstate's answer");
    // Ctrl+C in a running command ends that command only.
    // The echo shows the line left readline and runs; the pause lets the loop register.
    tmux("send-keys", "-t", name, "echo waiting; event --loop --all", "Enter");
    await waitUntil(() => /^waiting$/m.test(pane()), 10_000, "the event loop's line to run");
    await new Promise((r) => setTimeout(r, 500));
    tmux("send-keys", "-t", name, "C-c");
    await waitUntil(() => promptCount() === 3, 10_000, "the prompt after Ctrl+C");
    // The terminal echoes ^C in front of the message.
    assert.match(pane(), /^(\^C)?event loop interrupted$/m);
    // Ctrl+C at the prompt drops the typed line; Up brings back the last command.
    tmux("send-keys", "-t", name, "destroy test", "C-c");
    await waitUntil(() => /^virtwire # destroy test\^C$/m.test(pane()) && promptCount() === 4, 10_000, "the line to be dropped");
    await type("Up", "Up");
    // (The completion's trailing space is part of the recalled line.)
    await waitUntil(() => /^virtwire # domstate test --reason ?$/.test(pane().split("\n").filter(Boolean).pop() ?? ""), 10_000, "history");
    tmux("send-keys", "-t", name, "Enter");
    await waitUntil(() => pane().match(/^running \(unknown\)$/gm)?.length === 2, 10_000, "the recalled command's answer");
    assert.doesNotMatch(pane(), /^EXIT=/m);
    tmux("send-keys", "-t", name, "C-d");
    await waitUntil(() => /^TTY-(RESTORED|CHANGED)$/m.test(pane()), 10_000, "the shell to end");
    assert.match(pane(), /^EXIT=0$/m);
    assert.match(pane(), /^TTY-RESTORED$/m);
  } finally {
    tmux("kill-session", "-t", name);
  }
});
