// virsh's own commands: quit/exit, connect, cd, pwd, echo.
import { homedir } from "node:os";
import { errnoText, type CommandDef } from "../command.js";
import { xmlEscape } from "./specs.js";
import { CliError } from "../errors.js";

function quitCommand(name: string): CommandDef {
  return {
    name,
    group: "virsh",
    help: "quit this interactive terminal",
    desc: "",
    options: [],
    async run(ctx) {
      ctx.quitRequested = true;
      return { noSeparator: true };
    },
  };
}

export const quit = quitCommand("quit");
export const exit = quitCommand("exit");

export const connectCmd: CommandDef = {
  name: "connect",
  group: "virsh",
  help: "(re)connect to hypervisor",
  desc: "Connect to local hypervisor. This is built-in command after shell start up.",
  options: [
    { name: "name", type: "string", help: "hypervisor connection URI" },
    { name: "readonly", type: "bool", help: "read-only connection" },
  ],
  async run(ctx, a) {
    const uri = await ctx.reconnect(a.str("name"), a.bool("readonly"));
    return { json: { uri } };
  },
};

export const cd: CommandDef = {
  name: "cd",
  group: "virsh",
  help: "change the current directory",
  desc: "Change the current directory.",
  options: [{ name: "dir", type: "string", help: "directory to switch to (default: home or else root)" }],
  async run(ctx, a) {
    if (!ctx.interactive) throw new CliError("cd: command valid only in interactive mode");
    const dir = a.str("dir") ?? (homedir() || "/");
    try {
      process.chdir(dir);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new CliError(`cd: ${errnoText(e)}: ${dir}`);
    }
    return { json: { dir: process.cwd() }, noSeparator: true };
  },
};

export const pwd: CommandDef = {
  name: "pwd",
  group: "virsh",
  help: "print the current directory",
  desc: "Print the current directory.",
  options: [],
  async run() {
    const dir = process.cwd();
    return { json: { dir }, text: `${dir}\n` };
  },
};

// virBufferEscapeShell quotes only text with one of these in it.
const SHELL_SPECIAL = /[\r\t\n !"#$&'()*;<>?[\\\]^`{|}~]/;

function shellQuote(s: string): string {
  if (s !== "" && !SHELL_SPECIAL.test(s)) return s;
  return `'${s.replaceAll("'", "'\\''")}'`;
}

/** --split: pieces at ',', read left to right, where ',,' stands for a literal comma. */
function splitCommas(s: string): string[] {
  // An empty argument has no pieces at all.
  if (s === "") return [];
  const pieces: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== ",") cur += s[i];
    else if (s[i + 1] === ",") {
      cur += ",";
      i++;
    } else {
      pieces.push(cur);
      cur = "";
    }
  }
  pieces.push(cur);
  return pieces;
}

export const echo: CommandDef = {
  name: "echo",
  group: "virsh",
  help: "echo arguments. Used for internal testing.",
  desc: "Echo back arguments, possibly with quoting. Used for internal testing.",
  options: [
    { name: "shell", type: "bool", help: "escape for shell use" },
    { name: "xml", type: "bool", help: "escape for XML use" },
    { name: "split", type: "bool", help: "split each argument on ','; ',,' is an escape sequence" },
    { name: "err", type: "bool", help: "output to stderr" },
    { name: "string", type: "argv", help: "arguments to echo" },
  ],
  async run(ctx, a) {
    a.exclusive("shell", "xml");
    a.exclusive("shell", "split");
    a.exclusive("xml", "split");
    const quote = a.bool("shell") ? shellQuote : a.bool("xml") ? xmlEscape : (s: string) => s;
    // --split puts each piece on a line of its own.
    const words = a.list("string").map((w) => (a.bool("split") ? splitCommas(w).map((p) => `${p}\n`).join("") : quote(w)));
    const text = words.join(" ");
    if (a.bool("err")) {
      ctx.printErr(`error: ${text}\n`);
      return { json: { text } };
    }
    return { json: { text }, text };
  },
};
