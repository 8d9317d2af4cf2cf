// The same raw-frame scenarios against a real libvirtd's test+unix:///default,
// to keep the expectations honest. State must reset between scenarios, so the
// daemon must be one whose test:///default nobody else holds open: a private
// libvirtd started here, or the one at VIRTWIRE_LIBVIRTD_SOCK.
import { test } from "node:test";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { SCENARIOS } from "./scenarios.js";
import { runScenario } from "./scenario-runner.js";
import { WireClient } from "./wire-client.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";

test("libvirtd runs the embedded driver's raw-frame scenarios alike", async (t) => {
  let sock = process.env["VIRTWIRE_LIBVIRTD_SOCK"];
  let daemon: OwnDaemon | undefined;
  if (!sock) {
    daemon = await ownDaemon(t);
    if (!daemon) return;
    sock = daemon.socket;
  }
  try {
    for (const s of SCENARIOS) {
      await t.test(s.name, async () => {
        const c = new WireClient(connect(sock));
        try {
          await c.open("test:///default");
          await runScenario(c, s, { settle: () => sleep(50) });
        } finally {
          await c.close();
          // libvirtd drops its test:///default after the socket closes.
          await sleep(200);
        }
      });
    }
  } finally {
    await daemon?.dispose();
  }
});
