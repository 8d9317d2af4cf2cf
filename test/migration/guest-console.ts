// The busybox guest's console, over virDomainOpenConsole: run a command and
// read its answer. Used to prove the guest is alive (and the same guest:
// its uptime only grows) before and after each hop.
import { Domain } from "../../src/index.js";

/** The shell asks for the cursor position (ESC[6n) and stalls until answered. */
const CURSOR_QUERY = "\x1b[6n";
const CURSOR_REPLY = "\x1b[1;1R";

/**
 * Types `command` on the guest's console until `pattern` matches the output
 * (the first line typed may be swallowed, so it is resent each second).
 * Resolves with the match; rejects after `timeoutMs`.
 */
export async function consoleRun(dom: Domain, command: string, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const stream = await dom.openConsole(null, Domain.OPEN_CONSOLE_FORCE);
  let text = "";
  let timer: NodeJS.Timeout | undefined;
  let resend: NodeJS.Timeout | undefined;
  try {
    return await new Promise<RegExpExecArray>((resolve, reject) => {
      stream.on("data", (chunk: Buffer) => {
        const s = chunk.toString("latin1");
        if (s.includes(CURSOR_QUERY)) stream.write(CURSOR_REPLY);
        text += s;
        const m = pattern.exec(text);
        if (m) resolve(m);
      });
      stream.on("error", reject);
      stream.on("end", () => reject(new Error(`console closed; output so far: ${JSON.stringify(text.slice(-300))}`)));
      const send = (): void => {
        stream.write(`${command}\r`);
      };
      send();
      resend = setInterval(send, 1000);
      timer = setTimeout(
        () => reject(new Error(`no ${String(pattern)} on the console within ${timeoutMs} ms; output: ${JSON.stringify(text.slice(-300))}`)),
        timeoutMs,
      );
    });
  } finally {
    clearTimeout(timer);
    clearInterval(resend);
    stream.destroy();
  }
}

/** Seconds since the guest booted, read from /proc/uptime over the console. */
export async function guestUptime(dom: Domain): Promise<number> {
  // The typed line echoes back too; only the shell's expansion has digits between the markers.
  const m = await consoleRun(dom, "echo VWUP-$(cut -d' ' -f1 /proc/uptime)-END", /VWUP-(\d+\.\d+)-END/);
  return Number(m[1]);
}
