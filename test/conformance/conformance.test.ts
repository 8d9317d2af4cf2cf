// The conformance suite: every scenario on the embedded driver and on
// libvirtd's test driver (the reference); the transcripts must be equal, and
// each must also hold the scenario's known values.
//
// libvirtd side: node-file scenarios use the machine's daemon
// (test+unix:///ABS.xml is private per connection, so it is safe to share);
// test:///default scenarios need an isolated default instance, so they run on
// a private libvirtd started here (root only), never on the machine's shared
// test+unix:///default. Without a daemon the libvirtd half is skipped with a
// message (and fails under CI, as test/helpers/live.ts does).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCENARIOS } from "./scenarios/index.js";
import { EMBEDDED, libvirtdTarget, runOn, type Target } from "./targets.js";
import type { Transcript } from "./scenario.js";
import { liveTargetAsync, SKIP_MESSAGE, type Skippable } from "../helpers/live.js";
import { ownDaemon, type OwnDaemon } from "../helpers/own-daemon.js";
import { defaultRefs } from "../../src/embedded/index.js";

let mainUp = false;
let own: OwnDaemon | undefined;
let ownWhy = "";

function underCi(): boolean {
  const ci = process.env["CI"];
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

before(async () => {
  mainUp = (await liveTargetAsync("test-unix")) !== null;
  if (!mainUp) return;
  const t: Skippable = {
    skip: (m) => {
      ownWhy = m ?? "private libvirtd unavailable";
    },
  };
  try {
    own = await ownDaemon(t);
  } catch (e) {
    ownWhy = `private libvirtd failed to start: ${(e as Error).message}`;
    if (underCi()) throw e;
  }
});

after(async () => {
  await own?.dispose();
});

function libvirtd(): Target {
  return libvirtdTarget((path) => `test+unix://${path}`, own ? own.uri("/default") : null);
}

/** Why the libvirtd half of a scenario cannot run, or null. */
function libvirtdSkip(instance: "private" | "shared"): string | null {
  if (!mainUp) return SKIP_MESSAGE;
  if (instance === "shared" && !own) {
    return `test:///default scenarios need an isolated libvirtd test:///default (the machine's is daemon-wide, shared with other tests): ${ownWhy}`;
  }
  return null;
}

/** VIRTWIRE_CONFORMANCE_DUMP=dir writes each transcript there (for looking at differences). */
function dump(name: string, target: string, t: Transcript): void {
  const dir = process.env["VIRTWIRE_CONFORMANCE_DUMP"];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}.${target}.json`), show(t) + "\n");
}

const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : Buffer.isBuffer(x) ? x.toString("hex") : x), 1);

for (const s of SCENARIOS) {
  describe(s.name, () => {
    let embedded: Transcript | undefined;

    it("embedded", async () => {
      embedded = await runOn(s, EMBEDDED);
      dump(s.name, "embedded", embedded);
      s.known?.(embedded);
      // Every connection was closed: test:///default is free to reset.
      assert.equal(defaultRefs(), 0);
    });

    it("libvirtd (reference) gives the same transcript", async (t) => {
      const why = libvirtdSkip(s.instance);
      if (why) {
        if (underCi() && process.env["VIRTWIRE_LIVE"] !== "0") throw new Error(`libvirtd required under CI (${why})`);
        t.skip(why);
        return;
      }
      const reference = await runOn(s, libvirtd());
      dump(s.name, "libvirtd", reference);
      assert.ok(embedded, "the embedded half did not produce a transcript");
      for (const key of Object.keys(reference)) {
        assert.deepStrictEqual(embedded[key], reference[key], `${s.name}: step "${key}" differs\nembedded: ${show(embedded[key])}\nlibvirtd: ${show(reference[key])}`);
      }
      assert.deepStrictEqual(Object.keys(embedded), Object.keys(reference));
      s.known?.(reference);
    });
  });
}
