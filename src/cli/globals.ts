// The options before the command (virsh's getopt string "+:c:d:e:hk:K:l:qrtvV").
import { CliError } from "./errors.js";
import type { GlobalOptions } from "./context.js";

export interface ParsedGlobals {
  opts: GlobalOptions;
  rest: string[];
  help: boolean;
  version: boolean;
}

const WITH_VALUE = new Set(["c", "d", "e", "k", "K", "l"]);
const LONG: Record<string, string> = {
  connect: "c",
  debug: "d",
  escape: "e",
  help: "h",
  "keepalive-interval": "k",
  "keepalive-count": "K",
  log: "l",
  quiet: "q",
  readonly: "r",
  timing: "t",
  version: "v",
  json: "json",
};

function nonNegative(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new CliError(`option -${flag} requires a positive integer argument`, { usage: true });
  return Number(v);
}

export function parseGlobals(argv: readonly string[]): ParsedGlobals {
  const opts: GlobalOptions = { readonly: false, quiet: false, json: false, escape: "^]" };
  let help = false;
  let version = false;
  let interval: number | undefined;
  let count: number | undefined;
  const apply = (flag: string, value: string | undefined): void => {
    switch (flag) {
      case "c": opts.uri = value as string; break;
      case "e": opts.escape = value as string; break;
      case "k": interval = nonNegative("k", value as string); break;
      case "K": count = nonNegative("K", value as string); break;
      case "h": help = true; break;
      case "q": opts.quiet = true; break;
      case "r": opts.readonly = true; break;
      case "v": case "V": version = true; break;
      case "json": opts.json = true; break;
      // -d, -l, -t: accepted for virsh compatibility, no effect here.
    }
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const flag = LONG[name];
      if (flag === undefined) throw new CliError(`unsupported option '${a}'. See --help.`, { usage: true });
      if (WITH_VALUE.has(flag)) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new CliError(`option '--${name}' requires an argument`, { usage: true });
        apply(flag, value);
      } else if (flag === "v" && eq >= 0) {
        apply(flag, undefined);
      } else {
        if (eq >= 0) throw new CliError(`option '--${name}' doesn't allow an argument`, { usage: true });
        apply(flag, undefined);
      }
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const flag = a[j] as string;
      if (WITH_VALUE.has(flag)) {
        const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (value === undefined) throw new CliError(`option '-${flag}' requires an argument`, { usage: true });
        apply(flag, value);
        break;
      }
      if (!"hqrtvV".includes(flag)) throw new CliError(`unsupported option '-${flag}'. See --help.`, { usage: true });
      apply(flag, undefined);
    }
  }
  if (interval !== undefined || count !== undefined) {
    opts.keepalive = interval === 0 ? false : { interval: interval ?? 5, count: count ?? 5 };
  }
  return { opts, rest: argv.slice(i), help, version };
}
