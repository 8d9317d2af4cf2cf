// virsh-style help: the command list by group, and one command's page.
import type { OptSpec } from "./args.js";
import type { CommandDef } from "./command.js";

export const GROUPS: readonly { key: string; title: string }[] = [
  { key: "domain", title: "Domain Management" },
  { key: "monitor", title: "Domain Monitoring" },
  { key: "events", title: "Domain Events" },
  { key: "host", title: "Host and Hypervisor" },
  { key: "checkpoint", title: "Checkpoint" },
  { key: "snapshot", title: "Snapshot" },
  { key: "virsh", title: "Virtwire itself" },
];

/** virsh's "shortopt": an argv list may be given as --name values once a positional option precedes it. */
function argvByName(def: CommandDef): boolean {
  return def.options.some((o) => (o.type === "string" || o.type === "int") && !o.named);
}

function synopsisPart(o: OptSpec, byName: boolean): string {
  switch (o.type) {
    case "bool":
      return `[--${o.name}]`;
    case "argv":
      if (byName) return o.required ? `{[--${o.name}] <string>}...` : `[[--${o.name}] <string>]...`;
      return o.required ? `<${o.name}>...` : `[<${o.name}>]...`;
    default: {
      const kind = o.type === "int" ? "number" : "string";
      if (o.required) return o.named ? `--${o.name} <${kind}>` : `<${o.name}>`;
      return `[--${o.name} <${kind}>]`;
    }
  }
}

function optionLine(o: OptSpec, byName: boolean): string {
  let left: string;
  switch (o.type) {
    case "bool":
      left = `--${o.name}`;
      break;
    case "argv":
      left = byName ? `[--${o.name}] <string>` : `<${o.name}>`;
      break;
    default: {
      const kind = o.type === "int" ? "<number>" : "<string>";
      left = o.required && !o.named ? `[--${o.name}] ${kind}` : `--${o.name} ${kind}`;
    }
  }
  return `    ${left.padEnd(15)}  ${o.help}\n`;
}

export function commandHelp(def: CommandDef): string {
  let s = `  NAME\n    ${def.name} - ${def.help}\n\n  SYNOPSIS\n    ${def.name}`;
  const byName = argvByName(def);
  for (const o of def.options) s += ` ${synopsisPart(o, byName)}`;
  // An empty desc: no DESCRIPTION section (virsh's quit and exit).
  s += def.desc === "" ? "\n\n" : `\n\n  DESCRIPTION\n    ${def.desc ?? def.help}\n\n`;
  if (def.options.length) {
    s += "  OPTIONS\n";
    for (const o of def.options) s += optionLine(o, byName);
    s += "\n";
  }
  return s;
}

export function overview(cmds: readonly CommandDef[], group?: string): string {
  let s = group ? "" : "Grouped commands:\n\n";
  for (const g of GROUPS) {
    if (group && g.key !== group) continue;
    const inGroup = cmds.filter((c) => c.group === g.key);
    if (!inGroup.length) continue;
    s += ` ${g.title} (help keyword '${g.key}'):\n`;
    for (const c of inGroup) s += `    ${c.name.padEnd(30)} ${c.help}\n`;
    s += "\n";
  }
  return s;
}

export function usage(cmds: readonly CommandDef[]): string {
  return (
    "virtwire [options]... [<command_string>]\n" +
    "virtwire [options]... <command> [args...]\n\n" +
    "  options:\n" +
    "    -c | --connect=URI      hypervisor connection URI\n" +
    "    -e | --escape <char>    set escape sequence for console\n" +
    "    -h | --help             this help\n" +
    "    -k | --keepalive-interval=NUM\n" +
    "                            keepalive interval in seconds, 0 for disable\n" +
    "    -K | --keepalive-count=NUM\n" +
    "                            number of possible missed keepalive messages\n" +
    "    -q | --quiet            quiet mode\n" +
    "    -r | --readonly         connect readonly\n" +
    "         --json             print results as JSON\n" +
    "    -v | --version          version\n" +
    "  commands (non interactive mode):\n\n" +
    overview(cmds).replace("Grouped commands:\n\n", "") +
    "  (specify help <group> for details about the commands in the group)\n\n" +
    "  (specify help <command> for details about the command)\n\n"
  );
}
