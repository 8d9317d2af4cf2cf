// Probing daemon sockets without talking to them: shared by the live-target
// checks, the version discovery and the private daemons' start-up waits.
import { accessSync, constants, statSync } from "node:fs";
import { connect } from "node:net";

/** A socket file we may connect to (connect(2) on a unix socket needs write access). */
export function usableSocket(path: string): boolean {
  try {
    if (!statSync(path).isSocket()) return false;
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Does something accept a connection there within timeoutMs? The probe is closed at once. */
export function canConnect(target: { host: string; port: number } | { path: string }, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(target);
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}
