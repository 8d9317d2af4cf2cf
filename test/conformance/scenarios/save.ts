// Save and restore through files, the save image's XML, managed save and
// the errors around them, with states, ids and events.
import { join } from "node:path";
import { existsSync } from "node:fs";
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { outcome } from "../record.js";
import { dominfo, expectEntry, expectErr, fresh, listed, openTest, stateOf } from "./common.js";

export const saveRestore: Scenario = {
  name: "save, restore and managed save",
  instance: "private",
  async run(env) {
    const { r, conn, log, dom } = await openTest(env);
    const file = join(env.scratch, "test.save");
    await r.call("save", dom.save(file));
    r.set("after save", await dominfo(dom));
    r.set("file exists", existsSync(file));
    r.set("events save", await log.take());
    await r.call("save inactive", dom.save(join(env.scratch, "again.save")));
    await r.call("image xml", conn.getSaveImageXmlDescription(file));
    await r.call("image xml secure", conn.getSaveImageXmlDescription(file, Domain.SAVE_IMAGE_XML_SECURE));
    await r.call("image xml of missing", conn.getSaveImageXmlDescription(join(env.scratch, "missing.save")));
    await r.call("define image xml", (async () => {
      const xml = await conn.getSaveImageXmlDescription(file);
      await conn.defineSaveImageXml(file, xml.replace("</name>", "</name><description>edited</description>"));
      return /<description>([^<]*)</.exec(await conn.getSaveImageXmlDescription(file))?.[1] ?? null;
    })());
    await r.call("restore missing", conn.restoreDomain(join(env.scratch, "missing.save")));
    await r.call("restore SAVE_PAUSED", conn.restoreDomain(file, null, null, Domain.SAVE_PAUSED));
    await r.call("restore", conn.restoreDomain(file));
    r.set("after restore", await dominfo(dom));
    r.set("lookup after restore", await fresh(conn, "test"));
    r.set("file after restore", existsSync(file));
    r.set("description after restore", /<description>([^<]*)</.exec(await dom.getXmlDescription())?.[1] ?? null);
    r.set("events restore", await log.take());
    await r.call("restore again", conn.restoreDomain(file));
    await r.call("restore while running", (async () => {
      const f2 = join(env.scratch, "second.save");
      await dom.save(f2);
      await dom.create();
      await conn.restoreDomain(f2);
    })());
    r.set("events restore while running", await log.take());
    await r.call("save with flags RUNNING", dom.save(join(env.scratch, "flags.save"), null, null, Domain.SAVE_RUNNING));
    await r.call("save PAUSED flag", dom.save(join(env.scratch, "p.save"), null, null, Domain.SAVE_PAUSED));
    await r.call("save params", dom.save(null, null, { file: join(env.scratch, "params.save") }, 0));
    await r.call("restore flags RUNNING", conn.restoreDomain(join(env.scratch, "flags.save"), null, null, Domain.SAVE_RUNNING));
    r.set("after restore RUNNING", await stateOf(dom));
    await log.take();

    // Managed save.
    await r.call("managedSave", dom.managedSave());
    r.set("after managedSave", await dominfo(dom));
    r.set("list MANAGEDSAVE", await listed(conn, Domain.LIST_MANAGEDSAVE));
    r.set("events managedSave", await log.take());
    await r.call("managedSave inactive", dom.managedSave());
    await r.call("managed xml", dom.managedSaveGetXmlDescription());
    await r.call("undefine with image", dom.undefine());
    await r.call("create from image", dom.create());
    r.set("after create from image", await dominfo(dom));
    r.set("events create from image", await log.take());
    await r.call("managedSave again", dom.managedSave());
    await r.call("managedSaveRemove", dom.managedSaveRemove());
    r.set("image after remove", await outcome(dom.hasManagedSaveImage()));
    await r.call("managedSaveRemove none", dom.managedSaveRemove());
    await r.call("create after remove", dom.create());
    r.set("after create after remove", await stateOf(dom));
    await r.call("managedSave third", dom.managedSave());
    await r.call("undefine MANAGED_SAVE", dom.undefine(Domain.UNDEFINE_MANAGED_SAVE));
    await r.call("lookup undefined", conn.getDomainByName("test"));
    r.set("events undefine", await log.take());
    // A transient domain has nowhere to keep a managed image.
    const tr = await conn.createDomain("<domain type='test'><name>tr</name><memory>1024</memory><os><type>hvm</type></os></domain>");
    await r.call("managedSave transient", tr.managedSave());
    await r.call("save transient", tr.save(join(env.scratch, "tr.save")));
    await r.call("lookup saved transient", conn.getDomainByName("tr"));
    await r.call("restore transient", conn.restoreDomain(join(env.scratch, "tr.save")));
    r.set("transient restored", await outcome(conn.getDomainByName("tr"), async (d) => [d.getId(), await d.isPersistent(), await d.getState()]));
    r.set("events transient", await log.take());
    return r.done();
  },
  known(t) {
    const saved = t["after save"] as { state: unknown; handleId: number };
    expectEntry(t, "file exists", true);
    if ((saved.state as { ok: unknown }).ok === undefined) throw new Error("state after save");
    expectEntry(t, "events save", [["test", -1, "lifecycle", 5, 4]]);
    expectErr(t, "restore missing", 38, 12);
    expectErr(t, "save inactive", 55, 20);
    expectErr(t, "undefine with image", 55, 12);
    expectErr(t, "managedSave transient", 55, 12);
    const restored = t["after restore"] as { state: unknown };
    if (JSON.stringify(restored.state) !== JSON.stringify({ ok: [1, 3] })) throw new Error("restore gives [1,3]");
  },
};
