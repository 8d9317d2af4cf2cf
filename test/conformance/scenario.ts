// What a conformance scenario is: a function of an environment (how to open
// connections to one target) to an observable transcript. The same scenario
// runs on the embedded driver and on libvirtd's test driver; the transcripts
// must be deepEqual.
import type { Connection } from "../../src/index.js";

export type TargetName = "embedded" | "libvirtd";

/** Plain data: numbers, bigints, strings, booleans, null, arrays and objects of those. */
export type Transcript = Record<string, unknown>;

export interface OpenOptions {
  readonly?: boolean;
}

export interface Env {
  readonly target: TargetName;
  /**
   * A new connection. "private" scenarios: each call opens its own instance
   * loaded from the scenario's node file (libvirt makes node-file instances
   * per connection). "shared" scenarios: test:///default, one state for all.
   */
  open(opts?: OpenOptions): Promise<Connection>;
  /** An empty folder for save, dump and node files; its path reads "$SCRATCH" in transcripts. */
  readonly scratch: string;
  /** The node file of a private scenario (absolute), null for shared ones. */
  readonly nodeFile: string | null;
  /** Open a private instance from another node file given as absolute path. */
  openFile(path: string, opts?: OpenOptions): Promise<Connection>;
}

export interface Scenario {
  name: string;
  /** private: node-file instance per connection; shared: test:///default across connections. */
  instance: "private" | "shared";
  /** Node XML of a private scenario (default: the standard fixture). */
  node?: string;
  run(env: Env): Promise<Transcript>;
  /**
   * Direct checks of known values (TEST-DRIVER.md) on each target's transcript,
   * so a mistake common to both drivers cannot pass. Throw on mismatch.
   */
  known?(t: Transcript): void;
}
