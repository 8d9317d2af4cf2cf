// Node files: what the test namespace sets up, private instances per
// connection, snapshots declared in the file, and bad paths and documents.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "../scenario.js";
import { Recorder, outcome, errRecord } from "../record.js";
import { MARKER_DOMAIN, TEST_DOMAIN, TEST_NS, node, smallDomain } from "../nodes.js";
import { snapTree, snapXml } from "./moments.js";
import { dominfo, listed, expectEntry } from "./common.js";

const WITH_SNAPSHOT = smallDomain(
  "snappy",
  "9",
  `<test:runstate>5</test:runstate>
  <test:domainsnapshot>
    <name>base</name>
    <state>shutoff</state>
    <creationTime>1500000000</creationTime>
    <active>1</active>
    <domain type='test'><name>snappy</name><uuid>1c0ffee0-0000-4000-8000-000000000009</uuid><memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>
  </test:domainsnapshot>`,
);

export const nodeFile: Scenario = {
  name: "node files: test namespace, private instances, bad files",
  instance: "private",
  node: node(
    `<cpu><mhz>3000</mhz><model>Virtwire</model><active>6</active><nodes>1</nodes><sockets>2</sockets><cores>2</cores><threads>2</threads></cpu>`,
    `<memory>1048576</memory>`,
    TEST_DOMAIN,
    MARKER_DOMAIN,
    smallDomain("paused", "1", "<test:runstate>3</test:runstate>"),
    smallDomain("saved", "3", "<test:runstate>5</test:runstate><test:hasmanagedsave/>"),
    smallDomain("trans", "4", "<test:transient/>"),
    WITH_SNAPSHOT,
  ),
  async run(env) {
    const r = new Recorder();
    const a = await env.open();
    r.set("node info", await a.getNodeInfo());
    r.set("max vcpus", await outcome(a.getMaxVcpus(null)));
    r.set("cells free", await outcome(a.getNodeCellsFreeMemory(0, 1)));
    r.set("type", await a.getType());
    r.set("list", await listed(a));
    for (const name of ["test", "paused", "saved", "trans", "snappy"]) {
      r.set(`info ${name}`, await dominfo(await a.getDomainByName(name)));
    }
    r.set("snappy tree", await snapTree(await a.getDomainByName("snappy")));
    r.set("snappy xml", await (await a.getDomainByName("snappy")).getXmlDescription());
    await r.call("start saved", (await a.getDomainByName("saved")).create());
    r.set("saved after start", await dominfo(await a.getDomainByName("saved")));
    // A second connection gets its own copy: a's changes are not there.
    await (await a.getDomainByName("test")).createSnapshot(snapXml("only-on-a"));
    await (await a.getDomainByName("paused")).resume();
    const b = await env.open();
    r.set("b sees paused", await (await b.getDomainByName("paused")).getState());
    r.set("b snapshots", await (await b.getDomainByName("test")).numOfSnapshots(0));
    r.set("b ids", (await b.listDomainIds(10)).sort());
    r.set("a ids", (await a.listDomainIds(10)).sort());
    // Bad node files.
    const bad = async (label: string, content: string | null, path?: string): Promise<void> => {
      const p = path ?? join(env.scratch, `${label.replace(/\W+/g, "-")}.xml`);
      if (content !== null) writeFileSync(p, content);
      r.set(label, await env.openFile(p).then(
        () => "opened",
        (e: unknown) => errRecord(e),
      ));
    };
    await bad("missing file", null, join(env.scratch, "nope.xml"));
    await bad("malformed", "<node><domain>");
    await bad("wrong root", "<nodes/>");
    await bad("empty node", "<node/>");
    await bad("bad domain", "<node><domain type='test'><memory>1</memory></domain></node>");
    await bad("bad cpu number", "<node><cpu><mhz>fast</mhz></cpu></node>");
    await bad("duplicate domains", node(MARKER_DOMAIN, MARKER_DOMAIN));
    await bad("managedsave on running", node(smallDomain("x", "5", "<test:hasmanagedsave/>")));
    await bad("bad runstate", node(smallDomain("x", "6", "<test:runstate>42</test:runstate>")));
    await bad(
      "domain by file",
      `<node><domain file='dom.xml'/></node>`,
    );
    writeFileSync(join(env.scratch, "dom.xml"), smallDomain("fromfile", "7", ""));
    await bad("domain by file present", `<node><domain file='dom.xml'/></node>`);
    await bad("foreign namespace", `<node><domain type='test' xmlns:t='${TEST_NS}'><name>ns</name><memory>1024</memory><os><type>hvm</type></os><t:runstate>3</t:runstate></domain></node>`);
    return r.done();
  },
  known(t) {
    expectEntry(t, "b sees paused", [3, 0]);
    expectEntry(t, "b snapshots", 0);
    const missing = t["missing file"] as { code: number };
    if (missing.code !== 27) throw new Error(`missing node file: code ${missing.code}, want 27`);
  },
};
