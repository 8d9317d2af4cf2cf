// QEMU passthrough: qemu-monitor-command and qemu-agent-command, with
// virsh 9's wrapping of bare QMP command names and its JSON layout.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import type { Args } from "../args.js";
import { QemuConstants as Q } from "../../api/domain/qemu.js";
import { CliError } from "../errors.js";
import { formatQemuJson, member, parseQemuJson } from "../format/qemu-json.js";
import { refuseFds } from "./lifecycle.js";

/**
 * The QMP command virsh sends for the words given: a JSON object as it is;
 * otherwise the first word is the command name and the rest its arguments,
 * either one JSON object or comma-joined members ('"a":1' '"b":2').
 */
function qmpCommand(words: readonly string[]): string {
  const full = words.join(" ");
  if (parseQemuJson(full)?.t === "obj") return full;
  const [name = "", ...rest] = words;
  const wrapped: string[] = [`"execute":${JSON.stringify(name)}`];
  if (rest.length) {
    const joined = rest.join(" ");
    let args = parseQemuJson(joined);
    if (args?.t !== "obj") {
      const braced = `{${rest.join(",")}}`;
      args = parseQemuJson(braced);
      if (args?.t !== "obj") {
        throw new CliError(`failed to wrap arguments '${joined}' into a QMP command wrapper`, { cause: new Error(`internal error: cannot parse json ${braced}`) });
      }
    }
    wrapped.push(`"arguments":${formatQemuJson(args, false)}`);
  }
  return `{${wrapped.join(",")}}`;
}

export const qemuMonitorCommand: CommandDef = {
  name: "qemu-monitor-command",
  group: "domain",
  help: "QEMU Monitor Command",
  options: [
    DOMAIN,
    { name: "hmp", type: "bool", help: "command is in human monitor protocol" },
    { name: "pretty", type: "bool", help: "pretty-print any qemu monitor protocol output" },
    { name: "return-value", type: "bool", help: "extract the value of the 'return' key from the returned string" },
    { name: "pass-fds", type: "string", named: true, help: "pass file descriptors N,M,... along with the command" },
    { name: "cmd", type: "argv", required: true, help: "command" },
  ],
  async run(ctx, a) {
    a.exclusive("hmp", "pretty");
    a.exclusive("hmp", "return-value");
    const d = await dom(ctx, a);
    const hmp = a.bool("hmp");
    const words = a.list("cmd");
    const command = hmp ? words.join(" ") : qmpCommand(words);
    refuseFds(a);
    const result = await d.qemuMonitorCommand(command, hmp ? Q.MONITOR_COMMAND_HMP : 0, ctx.call);
    const pretty = a.bool("pretty");
    const returnValue = a.bool("return-value");
    const parsed = pretty || returnValue ? parseQemuJson(result) : null;
    if (!parsed) {
      if (returnValue) throw new CliError("failed to parse JSON returned by qemu");
      return out({ name: d.getName(), command, result: asJson(result) }, `${result}\n`);
    }
    const shown = returnValue ? member(parsed, "return") : parsed;
    if (!shown) throw new CliError("'return' member missing");
    const text = formatQemuJson(shown, pretty);
    return out({ name: d.getName(), command, result: JSON.parse(text) as unknown }, text);
  },
};

/** For --json: a reply that is JSON as a value, other text (HMP) as a string. */
function asJson(text: string): unknown {
  return parseQemuJson(text) ? (JSON.parse(text) as unknown) : text;
}

/** --timeout, --async and --block as the agent timeout virsh passes. */
function agentTimeout(a: Args): number {
  let chosen = 0;
  let timeout: number = Q.AGENT_COMMAND_DEFAULT;
  const seconds = a.int("timeout");
  if (seconds !== undefined) {
    if (seconds < 1) throw new CliError("timeout must be positive");
    timeout = seconds;
    chosen++;
  }
  if (a.bool("async")) {
    timeout = Q.AGENT_COMMAND_NOWAIT;
    chosen++;
  }
  if (a.bool("block")) {
    timeout = Q.AGENT_COMMAND_BLOCK;
    chosen++;
  }
  if (chosen > 1) throw new CliError("timeout, async and block options are exclusive");
  return timeout;
}

export const qemuAgentCommand: CommandDef = {
  name: "qemu-agent-command",
  group: "domain",
  help: "QEMU Guest Agent Command",
  desc: "Run an arbitrary qemu guest agent command; use at your own risk",
  options: [
    DOMAIN,
    { name: "timeout", type: "int", named: true, help: "timeout seconds. must be positive." },
    { name: "async", type: "bool", help: "execute command without waiting for timeout" },
    { name: "block", type: "bool", help: "execute command without timeout" },
    { name: "pretty", type: "bool", help: "pretty-print the output" },
    { name: "cmd", type: "argv", required: true, help: "command" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const command = a.list("cmd").join(" ");
    const timeout = agentTimeout(a);
    const result = await d.qemuAgentCommand(command, timeout, 0, ctx.call);
    // --async: the agent's answer is not awaited, so there is none (virsh then fails quietly).
    if (result === null) return out({ name: d.getName(), command, result }, "", false);
    if (!a.bool("pretty")) return out({ name: d.getName(), command, result: asJson(result) }, `${result}\n`);
    const parsed = parseQemuJson(result);
    if (!parsed) throw new CliError("failed to parse JSON returned by the guest agent");
    // virsh prints yajl's pretty text, which ends in a newline, with "%s\n".
    const text = formatQemuJson(parsed, true);
    return out({ name: d.getName(), command, result: JSON.parse(text) as unknown }, `${text}\n\n`);
  },
};
