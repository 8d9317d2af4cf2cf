// screenshot and console: the stream commands.
import { open, unlink } from "node:fs/promises";
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out, errnoText } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { runConsole } from "../console.js";
import { pad2 } from "../format/values.js";

/** virshGenFileName: "<domain>-<local time>.<ext>". */
function generatedName(domain: string, mime: string | null): string {
  const d = new Date();
  const stamp = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}-${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  const ext = mime === "image/x-portable-pixmap" ? ".ppm" : mime === "image/png" ? ".png" : "";
  return `${domain}-${stamp}${ext}`;
}

export const screenshot: CommandDef = {
  name: "screenshot",
  group: "domain",
  help: "take a screenshot of a current domain console and store it into a file",
  desc: "screenshot of a current domain console (--file - writes the image to standard output)",
  options: [
    DOMAIN,
    { name: "file", type: "string", help: "where to store the screenshot" },
    { name: "screen", type: "int", help: "ID of a screen to take screenshot of" },
  ],
  async run(ctx, a) {
    const screen = a.uint("screen") ?? 0;
    const d = await dom(ctx, a);
    const name = a.req("domain");
    const shot = await withContext(`could not take a screenshot of ${name}`, d.screenshot(screen, 0, ctx.call));
    const file = a.str("file") ?? generatedName(d.getName(), shot.mimeType);
    if (file === "-") {
      for await (const chunk of shot.stream) ctx.io.stdout.write(chunk as Buffer);
      return { noSeparator: true };
    }
    let created = false;
    let fh;
    try {
      fh = await open(file, "wx", 0o666);
      created = true;
    } catch (err) {
      try {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        fh = await open(file, "w", 0o666);
      } catch (e) {
        shot.stream.destroy();
        throw new CliError(`cannot create file ${file}`, { cause: new Error(errnoText(e as NodeJS.ErrnoException)) });
      }
    }
    let bytes = 0;
    try {
      for await (const chunk of shot.stream) {
        bytes += (chunk as Buffer).length;
        await fh.write(chunk as Buffer);
      }
    } catch (err) {
      await fh.close().catch(() => undefined);
      if (created) await unlink(file).catch(() => undefined);
      throw new CliError(`could not receive data from domain '${name}'`, { cause: err });
    }
    await fh.close();
    return out({ name: d.getName(), file, mimeType: shot.mimeType, bytes }, ctx.extra(`Screenshot saved to ${file}, with type of ${shot.mimeType}`));
  },
};

export const consoleCmd: CommandDef = {
  name: "console",
  group: "domain",
  help: "connect to the guest console",
  desc:
    "Connect the virtual serial console for the guest. On a terminal: raw mode, leave with the escape character " +
    "(Ctrl+] unless -e says otherwise). With stdin not a terminal: stdin is sent to the console and console output " +
    "printed until stdin ends and the console has been quiet for --linger seconds (default 1), or the console closes.",
  options: [
    DOMAIN,
    { name: "devname", type: "string", help: "character device name" },
    { name: "force", type: "bool", help: "force console connection (disconnect already connected sessions)" },
    { name: "safe", type: "bool", help: "only connect if safe console handling is supported" },
    { name: "linger", type: "string", named: true, help: "pipe mode: seconds of console silence after stdin ends before leaving" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    let flags = 0;
    if (a.bool("force")) flags |= C.OPEN_CONSOLE_FORCE;
    if (a.bool("safe")) flags |= C.OPEN_CONSOLE_SAFE;
    const linger = a.str("linger");
    let lingerMs: number | undefined;
    if (linger !== undefined) {
      const s = Number(linger);
      if (!/^\d+(\.\d+)?$/.test(linger) || !Number.isFinite(s)) throw new CliError(`Numeric value '${linger}' for <linger> option is malformed or out of range`);
      lingerMs = Math.round(s * 1000);
    }
    await runConsole(ctx, d, a.str("devname") ?? null, flags, lingerMs === undefined ? {} : { lingerMs });
  },
};
