// Rename (events, refusals), autostart on persistent and transient domains,
// and undefine flags.
import { Domain } from "../../../src/index.js";
import type { Scenario } from "../scenario.js";
import { outcome } from "../record.js";
import { expectEntry, expectErr, openTest } from "./common.js";
import { snapXml, ckptXml } from "./moments.js";
import { MARKER_DOMAIN, TEST_DOMAIN, node, smallDomain } from "../nodes.js";

export const renameAutostart: Scenario = {
  name: "rename, autostart and undefine flags",
  instance: "private",
  node: node(TEST_DOMAIN, MARKER_DOMAIN, smallDomain("off", "2", "<test:runstate>5</test:runstate>"), smallDomain("trans", "4", "<test:transient/>")),
  async run(env) {
    const { r, conn, log, dom } = await openTest(env);
    const off = await conn.getDomainByName("off");
    await r.call("rename running", dom.rename("renamed"));
    await r.call("rename to existing", off.rename("test"));
    await r.call("rename to same", off.rename("off"));
    await r.call("rename empty", off.rename(""));
    await r.call("rename", off.rename("moved"));
    r.set("handle after rename", [off.getName(), off.getId()]);
    await r.call("lookup old name", conn.getDomainByName("off"));
    await r.call("lookup new name", conn.getDomainByName("moved"), (d) => [d.getName(), d.getUuidString()]);
    r.set("events rename", await log.take());
    await r.call("rename back", off.rename("off"));
    r.set("xml name after rename", /<name>([^<]*)</.exec(await off.getXmlDescription())?.[1] ?? null);
    await log.take();
    // Autostart.
    await r.call("autostart default", dom.getAutostart());
    await r.call("set autostart", dom.setAutostart(true));
    await r.call("autostart now", dom.getAutostart());
    const trans = await conn.getDomainByName("trans");
    await r.call("set autostart transient", trans.setAutostart(true));
    await r.call("autostart transient", trans.getAutostart());
    r.set("list AUTOSTART", await outcome(conn.listAllDomains(Domain.LIST_AUTOSTART), (l) => l.map((d) => d.getName()).sort()));
    await r.call("unset autostart", dom.setAutostart(false));
    r.set("events autostart", await log.take());
    // Undefine with snapshots and checkpoints.
    await off.createSnapshot(snapXml("o1"));
    await r.call("undefine inactive with snapshots", off.undefine());
    await r.call("undefine SNAPSHOTS_METADATA", off.undefine(Domain.UNDEFINE_SNAPSHOTS_METADATA));
    await r.call("lookup after undefine", conn.getDomainByName("off"));
    await r.call("ckpt on running", dom.createCheckpoint(ckptXml("k1")), (c) => c.getName());
    await dom.destroy();
    await r.call("undefine with checkpoints", dom.undefine());
    await r.call("lookup test", conn.getDomainByName("test"), (d) => d.getName());
    await r.call("undefine NVRAM", trans.undefine(Domain.UNDEFINE_NVRAM));
    await r.call("undefine KEEP_NVRAM", trans.undefine(Domain.UNDEFINE_KEEP_NVRAM));
    await r.call("undefine transient", trans.undefine());
    r.set("events undefine", await log.take());
    return r.done();
  },
  known(t) {
    expectErr(t, "rename running", 55, 12);
    expectEntry(t, "handle after rename", ["moved", -1]);
    expectEntry(t, "events rename", [
      ["off", -1, "lifecycle", 1, 1],
      ["moved", -1, "lifecycle", 0, 2],
    ]);
    expectEntry(t, "autostart transient", { ok: true });
  },
};
