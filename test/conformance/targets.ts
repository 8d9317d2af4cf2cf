// The two targets a scenario runs on and the environment it gets there.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type Connection } from "../../src/index.js";
import type { Env, OpenOptions, Scenario, TargetName, Transcript } from "./scenario.js";
import { STANDARD_NODE } from "./nodes.js";
import { normPaths, Recorder } from "./record.js";

export interface Target {
  readonly name: TargetName;
  /** URI of a private instance loaded from an absolute node file. */
  fileUri(path: string): string;
  /** URI of the shared test:///default, or null when this target cannot offer an isolated one. */
  readonly sharedUri: string | null;
}

export const EMBEDDED: Target = {
  name: "embedded",
  fileUri: (path) => `test://${path}`,
  sharedUri: "test:///default",
};

/**
 * libvirtd's test driver. Node-file instances are private per connection, so
 * the machine's daemon is safe to use for them; `shared` is the URI of an
 * isolated test:///default (a private daemon) or null.
 */
export function libvirtdTarget(privateUri: (path: string) => string, shared: string | null): Target {
  return { name: "libvirtd", fileUri: privateUri, sharedUri: shared };
}

/** Run one scenario on one target: fresh scratch folder, every connection closed afterwards. */
export async function runOn(s: Scenario, target: Target): Promise<Transcript> {
  const scratch = mkdtempSync(join(tmpdir(), `virtwire-conf-${target.name}-`));
  const conns: Connection[] = [];
  const track = async (uri: string, o: OpenOptions = {}): Promise<Connection> => {
    const c = await connect(uri, { readonly: o.readonly ?? false, keepalive: false });
    conns.push(c);
    return c;
  };
  let nodeFile: string | null = null;
  if (s.instance === "private") {
    nodeFile = join(scratch, "node.xml");
    writeFileSync(nodeFile, s.node ?? STANDARD_NODE);
  } else if (target.sharedUri === null) {
    throw new Error(`${target.name} offers no isolated test:///default`);
  }
  const env: Env = {
    target: target.name,
    scratch,
    nodeFile,
    open: (o) => track(nodeFile !== null ? target.fileUri(nodeFile) : target.sharedUri!, o),
    openFile: (path, o) => track(target.fileUri(path), o),
  };
  Recorder.last = "(start)";
  try {
    return normPaths(await s.run(env), scratch);
  } catch (e) {
    // Say where: a scenario step outside Recorder.call threw.
    if (e instanceof Error) e.message = `${target.name}: after step "${Recorder.last}": ${e.message}`;
    throw e;
  } finally {
    for (const c of conns.reverse()) await c.close().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}
