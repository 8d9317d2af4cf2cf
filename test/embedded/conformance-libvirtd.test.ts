// The same scenarios against a real libvirtd's test+unix:///default, to keep
// the expectations honest. Needs a daemon whose test:///default nobody else
// holds open (state must reset between scenarios):
//   VIRTWIRE_LIBVIRTD_SOCK=/path/to/libvirt-sock node scripts/run-tests.mjs conformance-libvirtd
import { test } from "node:test";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { SCENARIOS } from "./scenarios.js";
import { runScenario } from "./scenario-runner.js";
import { WireClient } from "./wire-client.js";

const sock = process.env["VIRTWIRE_LIBVIRTD_SOCK"];

for (const s of SCENARIOS) {
  test(`libvirtd: ${s.name}`, { skip: sock ? false : "VIRTWIRE_LIBVIRTD_SOCK not set" }, async () => {
    const c = new WireClient(connect(sock!));
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
