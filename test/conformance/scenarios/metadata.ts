// Title, description and custom metadata elements on live and persistent
// definitions, the XML they land in, missing metadata and the events.
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { expectEntry, expectErr, openTest } from "./common.js";

const NS = "http://example.org/virtwire/1";
const NS2 = "http://example.org/other";

export const metadata: Scenario = {
  name: "metadata: title, description, elements, flags and events",
  instance: "private",
  async run(env) {
    const { r, log, dom } = await openTest(env);
    const { METADATA_DESCRIPTION: DESC, METADATA_TITLE: TITLE, METADATA_ELEMENT: ELEM, AFFECT_LIVE: LIVE, AFFECT_CONFIG: CONFIG } = Domain;
    await r.call("get missing title", dom.getMetadata(TITLE));
    await r.call("get missing description", dom.getMetadata(DESC));
    await r.call("get missing element", dom.getMetadata(ELEM, NS));
    await r.call("set title", dom.setMetadata(TITLE, "Test guest"));
    await r.call("set description live", dom.setMetadata(DESC, "Line 1\nLine 2 <&>", null, null, LIVE));
    await r.call("set element", dom.setMetadata(ELEM, "<app><setting name='a'>1</setting></app>", "vw", NS));
    await r.call("set element config", dom.setMetadata(ELEM, "<cfg/>", "c", NS2, CONFIG));
    r.set("events set", await log.take());
    await r.call("get title", dom.getMetadata(TITLE));
    await r.call("get description", dom.getMetadata(DESC));
    await r.call("get description config", dom.getMetadata(DESC, null, CONFIG));
    await r.call("get element", dom.getMetadata(ELEM, NS));
    await r.call("get element config", dom.getMetadata(ELEM, NS2, CONFIG));
    await r.call("get element live other ns", dom.getMetadata(ELEM, NS2, LIVE));
    r.set("xml live", await dom.getXmlDescription());
    r.set("xml config", await dom.getXmlDescription(Domain.XML_INACTIVE));
    await r.call("replace element", dom.setMetadata(ELEM, "<app2/>", "vw2", NS));
    await r.call("get replaced", dom.getMetadata(ELEM, NS));
    await r.call("element without key", dom.setMetadata(ELEM, "<x/>", null, NS));
    await r.call("element without uri", dom.setMetadata(ELEM, "<x/>", "k", null));
    await r.call("element malformed", dom.setMetadata(ELEM, "<x>", "k", NS));
    await r.call("title with newline", dom.setMetadata(TITLE, "two\nlines"));
    await r.call("title with uri", dom.setMetadata(TITLE, "t", null, NS));
    await r.call("bad type", dom.setMetadata(7, "x"));
    await r.call("get bad type", dom.getMetadata(7));
    await r.call("get element no uri", dom.getMetadata(ELEM, null));
    await r.call("live and config", dom.setMetadata(TITLE, "both", null, null, LIVE | CONFIG));
    await r.call("get live and config", dom.getMetadata(TITLE, null, LIVE | CONFIG));
    r.set("events misc", await log.take());
    await r.call("clear title", dom.setMetadata(TITLE, null));
    await r.call("title after clear", dom.getMetadata(TITLE));
    await r.call("clear title empty string", dom.setMetadata(DESC, ""));
    await r.call("description after empty", dom.getMetadata(DESC));
    await r.call("remove element", dom.setMetadata(ELEM, null, null, NS));
    await r.call("element after remove", dom.getMetadata(ELEM, NS));
    r.set("events clear", await log.take());
    await dom.destroy();
    await r.call("config title after stop", dom.getMetadata(TITLE));
    await r.call("set live on inactive", dom.setMetadata(TITLE, "x", null, null, LIVE));
    await r.call("config element after stop", dom.getMetadata(ELEM, NS2));
    r.set("xml after stop", await dom.getXmlDescription());
    r.set("events stop", await log.take());
    return r.done();
  },
  known(t) {
    expectErr(t, "get missing title", 80, 20);
    expectEntry(t, "get title", { ok: "Test guest" });
    const ev = t["events set"] as unknown[][];
    if (ev.length !== 4 || ev[0]![2] !== "metadata") throw new Error(`four METADATA_CHANGE events expected: ${JSON.stringify(ev)}`);
  },
};
