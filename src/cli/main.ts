#!/usr/bin/env node
// virtwire: virsh's domain commands over virtwire's libvirt client.
import { runCli, EXIT_INTERRUPTED } from "./run.js";
import { Interrupted } from "./errors.js";
import { restoreTerminal } from "./terminal.js";

let controller = new AbortController();

// First Ctrl+C abandons the in-flight call (and aborts a running job); a second one quits at once.
process.on("SIGINT", () => {
  if (!controller.signal.aborted) {
    controller.abort(new Interrupted());
    return;
  }
  restoreTerminal();
  process.exit(EXIT_INTERRUPTED);
});
for (const sig of ["SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    restoreTerminal();
    process.exit(128 + (sig === "SIGTERM" ? 15 : 1));
  });
}
// A closed pipe (virtwire list | head -1) ends output quietly, as for any Unix tool.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
});

// Each line of the interactive shell gets its own signal: Ctrl+C ends that line's command only.
const nextSignal = (): AbortSignal => {
  controller = new AbortController();
  return controller.signal;
};
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
const code = await runCli(process.argv.slice(2), io, controller.signal, nextSignal);
restoreTerminal();
// Let buffered output drain, then leave even if a handle (stdin, a socket) is still open.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
