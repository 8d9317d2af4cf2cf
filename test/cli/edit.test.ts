// edit and desc --edit: the user's editor ($VISUAL, $EDITOR) run on a
// temporary file, compared with virsh on test:///default. The "editors" are
// small scripts that change the file as a person would.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { editorScript, virsh, virtwire } from "./cli-helpers.js";

const URI = "test:///default";
let dir: string;
const editors: Record<string, string> = {};

function editor(name: string, body: string): void {
  editors[name] = editorScript(dir, name, body);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "virtwire-edit-test-"));
  editor("memory", `sed -i "s/8388608/4194304/" "$1"`);
  editor("keep", "true");
  editor("rename", `sed -i "s/<name>test</<name>other</" "$1"`);
  editor("fails", "exit 3");
  editor("text", `printf 'new text\\n' > "$1"`);
  editor("record", `cp "$1" ${JSON.stringify(join(dir, "seen"))}`);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Temporary edit files virtwire left in TMPDIR (set per run to a private folder). */
function leftovers(tmp: string): string[] {
  return readdirSync(tmp).filter((f) => f.startsWith("virtwire-"));
}

async function sameAsVirsh(t: { skip(msg?: string): void }, commands: string, env: NodeJS.ProcessEnv): Promise<void> {
  const v = virsh(["-c", URI, commands], "", env);
  if (!v) return t.skip("virsh not installed");
  const w = await virtwire(["-c", URI, commands], { env });
  assert.equal(w.stdout, v.stdout);
  assert.equal(w.stderr, v.stderr);
  assert.equal(w.code, v.code);
}

test("edit: a changed definition is defined again, an unchanged one is left; as virsh", async (t) => {
  await sameAsVirsh(t, "edit test; dumpxml --inactive test; edit test", { EDITOR: editors["memory"] });
  await sameAsVirsh(t, "edit test", { EDITOR: editors["keep"] });
  // VISUAL wins over EDITOR, as in virsh.
  await sameAsVirsh(t, "edit test; dumpxml --inactive test", { VISUAL: editors["memory"], EDITOR: editors["fails"] });
});

test("edit shows the inactive definition with secure fields, the file removed afterwards", async () => {
  const tmp = mkdtempSync(join(dir, "tmp-"));
  const r = await virtwire(["-c", URI, "edit test"], { env: { EDITOR: editors["record"], TMPDIR: tmp } });
  assert.equal(r.code, 0, r.stderr);
  const seen = readFileSync(join(dir, "seen"), "utf8");
  const dumped = await virtwire(["-c", URI, "dumpxml --inactive --security-info test"]);
  assert.equal(`${seen}\n`, dumped.stdout);
  assert.deepEqual(leftovers(tmp), []);
});

test("edit that cannot be defined: libvirt's reason, exit 1, and the edits kept in a named file", async () => {
  const tmp = mkdtempSync(join(dir, "tmp-"));
  const r = await virtwire(["-c", URI, "edit test"], { env: { EDITOR: editors["rename"], TMPDIR: tmp } });
  assert.equal(r.code, 1);
  const m = /^error: Failed\. Your edits are in (\S+)$/m.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.match(r.stderr, /^error: operation failed: domain 'test' is already defined with uuid /m);
  assert.ok(existsSync(m[1]!));
  assert.match(readFileSync(m[1]!, "utf8"), /<name>other<\/name>/);
});

test("an editor that fails: virsh's message with the command and status, no file left", async () => {
  const tmp = mkdtempSync(join(dir, "tmp-"));
  const r = await virtwire(["-c", URI, "edit test"], { env: { EDITOR: editors["fails"], TMPDIR: tmp } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^error: internal error: Child process \\(sh -c '${editors["fails"]} ${tmp}/virtwire-\\w+/edit\\.xml'\\) unexpected exit status 3$`, "m"));
  assert.deepEqual(leftovers(tmp), []);
});

test("desc --edit and desc --title --edit: the text in the editor, a title's newline dropped; as virsh", async (t) => {
  await sameAsVirsh(t, "desc test --edit; desc test; desc test --title --edit; desc test --title", { EDITOR: editors["text"] });
  await sameAsVirsh(t, "desc test --new-desc hello; desc test --edit; desc test --title --new-desc T; desc test --title --edit", {
    EDITOR: editors["keep"],
  });
});
