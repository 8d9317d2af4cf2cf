// domtime, domhostname, send-key.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { utcTimestamp } from "../format/values.js";
import { CODESETS, linuxKeycode, numericKeycode } from "../keycodes.js";

export const domtime: CommandDef = {
  name: "domtime",
  group: "monitor",
  help: "domain time",
  desc: "Gets or sets the domain's system time",
  options: [
    DOMAIN,
    { name: "now", type: "bool", help: "set to the time of the host running virtwire" },
    { name: "pretty", type: "bool", help: "print domain's time in human readable form" },
    { name: "sync", type: "bool", help: "instead of setting given time, synchronize from domain's RTC" },
    { name: "time", type: "int", help: "time to set" },
  ],
  async run(ctx, a) {
    a.exclusive("time", "now");
    a.exclusive("time", "sync");
    a.exclusive("now", "sync");
    const d = await dom(ctx, a);
    const timeText = a.str("time");
    let seconds: bigint | undefined;
    if (timeText !== undefined) {
      if (!/^[+-]?\d+$/.test(timeText)) throw new CliError(`Numeric value '${timeText}' for <time> option is malformed or out of range`);
      seconds = BigInt(timeText);
    }
    if (seconds !== undefined || a.bool("now") || a.bool("sync")) {
      if (a.bool("now")) seconds = BigInt(Math.floor(Date.now() / 1000));
      await d.setTime(seconds ?? 0n, 0, a.bool("sync") ? C.TIME_SYNC : 0, ctx.call);
      return out({ name: d.getName(), set: a.bool("sync") ? "sync" : seconds }, "");
    }
    const [secs, nsecs] = await d.getTime(0, ctx.call);
    const text = a.bool("pretty") ? `Time: ${utcTimestamp(secs)}` : `Time: ${secs}`;
    return out({ seconds: secs, nseconds: nsecs }, text);
  },
};

export const domhostname: CommandDef = {
  name: "domhostname",
  group: "domain",
  help: "print the domain's hostname",
  options: [DOMAIN, { name: "source", type: "string", help: "address source: 'lease' or 'agent'" }],
  async run(ctx, a) {
    const source = a.str("source");
    let flags = 0;
    if (source === "lease") flags = C.GET_HOSTNAME_LEASE;
    else if (source === "agent") flags = C.GET_HOSTNAME_AGENT;
    else if (source !== undefined) throw new CliError(`Unknown data source '${source}'`);
    const d = await dom(ctx, a);
    const hostname = await withContext("failed to get hostname", d.getHostname(flags, ctx.call));
    return out({ hostname }, `${hostname}\n`);
  },
};

export const sendKey: CommandDef = {
  name: "send-key",
  group: "domain",
  help: "Send keycodes to the guest",
  desc: "Send keycodes (integers or symbolic names) to the guest",
  options: [
    DOMAIN,
    { name: "codeset", type: "string", named: true, help: "the codeset of keycodes, default:linux" },
    { name: "holdtime", type: "int", named: true, help: "the time (in milliseconds) how long the keys will be held" },
    { name: "keycode", type: "argv", required: true, help: "the key code" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const codesetName = a.str("codeset") || "linux";
    const holdtime = a.uint("holdtime") ?? 0;
    const codeset = CODESETS[codesetName];
    if (codeset === undefined) throw new CliError(`unknown codeset: '${codesetName}'`);
    const keycodes: number[] = [];
    for (const k of a.list("keycode")) {
      if (keycodes.length === C.SEND_KEY_MAX_KEYS) throw new CliError("too many keycodes");
      let code = numericKeycode(k);
      if (code < 0) code = codeset === C.KEYCODE_SET_LINUX ? (linuxKeycode(k) ?? -1) : -1;
      if (code < 0) throw new CliError(`invalid keycode: '${k}'`);
      keycodes.push(code);
    }
    await d.sendKey(codeset, holdtime, keycodes, 0, ctx.call);
    return out({ name: d.getName(), codeset: codesetName, keycodes, holdtime }, "");
  },
};
