// The shared scenario list against the embedded server (each scenario on a
// fresh test:///default: the instance resets when its last connection closes).
import { test } from "node:test";
import { SCENARIOS } from "./scenarios.js";
import { runScenario } from "./scenario-runner.js";
import { closeAll, openClient } from "./harness.js";

for (const s of SCENARIOS) {
  test(`scenario: ${s.name}`, async () => {
    const c = await openClient();
    try {
      await runScenario(c, s);
    } finally {
      await closeAll(c);
    }
  });
}
