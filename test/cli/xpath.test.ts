// --xpath and --wrap on the dumpxml family, compared byte for byte with virsh:
// on test:///default (embedded driver against virsh's own), and on a private
// libvirtd test node whose domain carries namespaced metadata, comments,
// CDATA and non-ASCII text (what libvirt keeps verbatim).
import { test, after } from "node:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireLive } from "../helpers/live.js";
import { maskVolatile, sameAsVirshOn } from "./cli-helpers.js";

const URI = "test:///default";

const dir = mkdtempSync(join(tmpdir(), "virtwire-xpath-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A private node (test+unix:///ABS.xml) with one domain, `rich`, worth querying. */
function richNode(): string {
  const file = join(dir, "node.xml");
  writeFileSync(
    file,
    `<node>
<domain type='test'>
  <name>rich</name>
  <uuid>1c0ffee0-0000-4000-8000-0000000000aa</uuid>
  <title>Tïtle &amp; "more"</title>
  <description>é&lt;&amp;&gt;"x
y	z</description>
  <metadata>
    <xo:a xmlns:xo="http://x.org/" b="é" xml:lang="fr-CA" xml:id="one"><xo:c d="1">d</xo:c>é<xo:e/><!--cm--><?pi x?><![CDATA[q]]></xo:a>
    <yo:p xmlns:yo="http://y.org/"><yo:q>  </yo:q><yo:r> <yo:s yo:t="v" u="w"/> </yo:r></yo:p>
  </metadata>
  <memory>524288</memory>
  <vcpu>1</vcpu>
  <os><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><source file='/guest/a'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='cdrom'><source file='/guest/b.iso'/><target dev='hdc' bus='ide'/><readonly/></disk>
  </devices>
</domain>
</node>
`,
  );
  const sock = process.env["VIRTWIRE_TEST_SOCKET"];
  return `test+unix://${file}${sock ? `?socket=${sock}` : ""}`;
}

/** One command string: each expression through dumpxml --xpath, with and without --wrap. */
function both(dom: string, exprs: readonly string[]): string {
  return exprs.flatMap((x) => [`dumpxml ${dom} --xpath "${x}"`, `dumpxml ${dom} --xpath "${x}" --wrap`]).join("; ");
}

test("help pages of the dumpxml family list --xpath and --wrap as virsh's do", async (t) => {
  await sameAsVirshOn(t, URI, ["help dumpxml", "help snapshot-dumpxml", "help checkpoint-dumpxml", "help managedsave-dumpxml", "help save-image-dumpxml"]);
});

test("dumpxml --xpath: elements, attributes, text, the document, no match", async (t) => {
  await sameAsVirshOn(
    t,
    URI,
    [both("test", ["//disk", "name", ".", "..", "/", "//@type", "/domain/@*", "//name/text() | //uuid/text()", "//name | //@type | //uuid/text()", "//nothing", "domain/name"])],
    { quiet: true },
  );
  await sameAsVirshOn(t, URI, ["dumpxml test --wrap", "dumpxml test --xpath ''", "dumpxml test //name", "dumpxml test --xpath", "dumpxml test --xpath //name --xpath //uuid"]);
});

test("dumpxml --xpath: libxml2's syntax and evaluation errors, and a result that is no node-set", async (t) => {
  await sameAsVirshOn(t, URI, [
    both("test", [
      "//[",
      "a||b",
      "a|||b",
      "//name[1]]",
      "name  foo",
      "concat('x',   )",
      "processing-instruction(1)",
      "//name/text(",
      "'abc",
      "1 +",
      "bogus()",
      "x:y()",
      "foo:*",
      "count()",
      "count(1)",
      "(1)[1]",
      "\\$v",
      "last()",
      "name(",
    ]),
    // Its error is the command's: the exit code is the last command's.
    "dumpxml test --xpath 'count(//disk)'",
  ]);
});

test("dumpxml --xpath: predicates, axes and functions evaluated as libxml2 does", async (t) => {
  const preds = [
    "string(1 div 3)='0.333333333333333'",
    "string(12345678901.5)='1.23456789015e+10'",
    "string(2147483648)='2.147483648e+09'",
    "string(0.000012345)='0.000012345'",
    "number('-')=0",
    "number('1e3')=1000",
    "substring('12345',1.5,2.6)='234'",
    "substring('12345',-42,1 div 0)='12345'",
    "substring('éàü',2)='àü'",
    "translate('--aaa--','abc-','ABC')='AAA'",
    "normalize-space('  a  b  ')='a b'",
    "round(-2.5)=-2",
    "-5 mod 3 = -2",
    "//vcpu!=1",
    "//disk!=//disk",
    "following-sibling::*[1][self::uuid]",
    "ancestor::*[last()]",
    "0 and bogus()",
  ];
  await sameAsVirshOn(t, URI, [
    preds.map((p) => `dumpxml test --xpath "//name[${p}]"`).join("; "),
    both("test", ["//*[@type='pci'][last()]/@slot", "//devices/*[position() mod 2 = 1]", "(//address)[last()]", "//boot/preceding::name", "//@arch/following::*[1]", "//text()[normalize-space()][2]", "//node()[3]"]),
  ]);
});

test("the other dumpxml commands take --xpath and --wrap, and check an empty one where virsh does", async (t) => {
  const save = join(dir, "test.save");
  await sameAsVirshOn(
    t,
    URI,
    [
      "snapshot-create-as test s1 --description 'é<x>'; snapshot-dumpxml test s1 --xpath //name --wrap; snapshot-dumpxml test s1 --xpath '/domainsnapshot/*[not(self::domain)]'; snapshot-dumpxml test s1 --xpath ''",
      "snapshot-dumpxml test nope --xpath ''",
      "checkpoint-create-as test c1; checkpoint-dumpxml test c1 --xpath '//name' --wrap; checkpoint-dumpxml test --checkpointname c1 --no-domain --xpath '*'; checkpoint-dumpxml test --xpath ''",
      "managedsave-dumpxml test --xpath ''; managedsave-dumpxml test --xpath //name",
      `save test ${save}; save-image-dumpxml ${save} --xpath //name; save-image-dumpxml ${save} --xpath '//disk' --wrap`,
      `save-image-dumpxml ${join(dir, "none")} --xpath ''`,
    ],
    { mask: maskVolatile },
  );
});

test("dumpxml --xpath on libvirtd: namespaced metadata, mixed content, non-ASCII, copies under --wrap", async (t) => {
  if (!requireLive(t, "test-unix")) return;
  const uri = richNode();
  const exprs = [
    "//description",
    "//title/text()",
    "//metadata",
    "//metadata//*",
    "//metadata//@*",
    "//metadata//text()",
    "//metadata//comment() | //metadata//processing-instruction()",
    "//*[namespace-uri()='http://y.org/']",
    "//*[lang('fr')]",
    "//@xml:lang",
    "//*[local-name()='r']",
    "//*[local-name()='c'] | //*[local-name()='s'] | //@u",
    "//*[local-name()='e']/following::node()",
    "id('one two')",
    "..",
    "//disk[target/@dev='hdc']",
  ];
  await sameAsVirshOn(t, uri, [both("rich", exprs), "dumpxml rich --xpath '//metadata/*/namespace::*'"]);
});
