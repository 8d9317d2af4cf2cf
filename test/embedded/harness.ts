// Opening embedded connections for tests.
import { openEmbedded, type ServeOptions } from "../../src/embedded/index.js";
import { WireClient } from "./wire-client.js";

/** A client on a fresh embedded server, already through AUTH_LIST and CONNECT_OPEN. */
export async function openClient(uri = "test:///default", opts: ServeOptions & { flags?: number } = {}): Promise<WireClient> {
  const c = new WireClient(openEmbedded(uri, opts));
  await c.open(uri, opts.flags ?? 0);
  return c;
}

/** Close every client given (CONNECT_CLOSE then wait for EOF). */
export async function closeAll(...clients: WireClient[]): Promise<void> {
  for (const c of clients) {
    if (c.closed) continue;
    await c.call("connect_close");
    await c.waitClosed();
  }
}
