// A command's options, parsed the way virsh 9 parses them: --name value,
// --name=value, non-boolean options also by position (in declaration order,
// unless `named`), "--" ends the options, an argv option takes the rest.
// Every command also takes --help (virsh's helpopt), and virsh's own help
// command ignores options and data it does not know.
import { CliError } from "./errors.js";
import { LLONG_MAX, ULLONG_MAX } from "./limits.js";

export type OptType = "bool" | "string" | "int" | "argv";

export interface OptSpec {
  name: string;
  type: OptType;
  help: string;
  /** Must be given (virsh VSH_OFLAG_REQ). */
  required?: boolean;
  /** Only as --name value, never by position (virsh VSH_OFLAG_REQ_OPT). */
  named?: boolean;
  /** Other spellings that mean this option (virsh VSH_OT_ALIAS). */
  aliases?: readonly string[];
  /** Flags that mean this option with a fixed value (virsh's "name=value" aliases, e.g. --shareable). */
  valueAliases?: Readonly<Record<string, string>>;
}

/** Parsed values: true for booleans, string for string/int, string[] for argv. */
export type ParsedOpts = Map<string, string | true | string[]>;

function takesPosition(o: OptSpec): boolean {
  return o.type !== "bool" && !o.named;
}

/** virsh names required options two ways: <data> for positional strings and lists, --name otherwise. */
export function requiredMessage(cmd: string, o: OptSpec): string {
  const shown = o.type === "string" || o.type === "argv" ? `<${o.name}>` : `--${o.name}`;
  return `command '${cmd}' requires ${shown} option`;
}

function lookup(specs: readonly OptSpec[], name: string): OptSpec | undefined {
  return specs.find((o) => o.name === name || (o.aliases?.includes(name) ?? false));
}

/** The key --help sets: the command then stands for `help <command>`. */
export const HELP_OPTION = "help";

export function parseOptions(cmd: string, specs: readonly OptSpec[], argv: readonly string[]): ParsedOpts {
  const out: ParsedOpts = new Map();
  const lenient = cmd === "help";
  let optionsDone = false;
  const set = (o: OptSpec, value: string | true): void => {
    if (o.type === "argv") {
      const prev = out.get(o.name);
      out.set(o.name, [...(Array.isArray(prev) ? prev : []), value as string]);
      return;
    }
    if (out.has(o.name)) throw new CliError(`option --${o.name} already seen`, { usage: true });
    out.set(o.name, value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!optionsDone && arg === "--") {
      optionsDone = true;
      continue;
    }
    if (!optionsDone && /^--[A-Za-z0-9]/.test(arg)) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (name === HELP_OPTION) {
        if (eq >= 0) throw new CliError(`invalid '=' after option --${name}`, { usage: true });
        out.set(HELP_OPTION, true);
        continue;
      }
      const valued = specs.find((v) => v.valueAliases !== undefined && Object.hasOwn(v.valueAliases, name));
      if (valued) {
        if (eq >= 0) throw new CliError(`invalid '=' after option --${name}`, { usage: true });
        set(valued, (valued.valueAliases as Record<string, string>)[name] as string);
        continue;
      }
      const o = lookup(specs, name);
      if (!o && lenient) continue;
      if (!o) throw new CliError(`command '${cmd}' doesn't support option --${name}`, { usage: true });
      if (o.type === "bool") {
        if (eq >= 0) throw new CliError(`invalid '=' after option --${o.name}`, { usage: true });
        set(o, true);
        continue;
      }
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else value = argv[++i];
      if (value === undefined) {
        const kind = o.type === "int" ? "number" : "string";
        throw new CliError(`expected syntax: --${o.name} <${kind}>`, { usage: true });
      }
      set(o, value);
      continue;
    }
    // A positional value fills the first non-boolean option still unset.
    const argvOpt = specs.find((o) => o.type === "argv" && takesPosition(o));
    const next = specs.find((o) => takesPosition(o) && o.type !== "argv" && !out.has(o.name));
    if (next) set(next, arg);
    else if (argvOpt) set(argvOpt, arg);
    else if (!lenient) throw new CliError(`unexpected data '${arg}'`, { usage: true });
  }
  if (out.has(HELP_OPTION)) return out;
  // virsh names every missing option, one error line each.
  const missing = specs.filter((o) => o.required && !out.has(o.name));
  const err = missing.reduceRight<CliError | undefined>((cause, o) => new CliError(requiredMessage(cmd, o), { usage: true, cause }), undefined);
  if (err) throw err;
  return out;
}

/** Typed access to one command's parsed options. */
export class Args {
  constructor(
    readonly cmd: string,
    private readonly values: ParsedOpts,
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  bool(name: string): boolean {
    return this.values.get(name) === true;
  }

  str(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === "string" ? v : undefined;
  }

  /** A string option the command cannot do without (checked by the parser when marked required). */
  req(name: string): string {
    const v = this.str(name);
    if (v === undefined) throw new CliError(`command '${this.cmd}' requires <${name}> option`, { usage: true });
    return v;
  }

  /** vshCommandOptStringReq: a string option that, when given, must not be empty. */
  nonEmpty(name: string): string | undefined {
    const v = this.str(name);
    if (v === "") throw new CliError(`Failed to get option '${name}': Option argument is empty`);
    return v;
  }

  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }

  /** vshCommandOptInt and friends: decimal, within [min, max]. */
  int(name: string, min = -0x80000000, max = 0x7fffffff): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const ok = /^[+-]?\d+$/.test(v.trim()) && v.trim() === v;
    const n = ok ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new CliError(`Numeric value '${v}' for <${name}> option is malformed or out of range`);
    }
    return n;
  }

  uint(name: string): number | undefined {
    return this.int(name, 0, 0xffffffff);
  }

  /** Unsigned 64-bit, as bigint. */
  ull(name: string): bigint | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!/^\+?\d+$/.test(v) || BigInt(v) > ULLONG_MAX) {
      throw new CliError(`Numeric value '${v}' for <${name}> option is malformed or out of range`);
    }
    return BigInt(v);
  }

  /** vshCommandOptLongLong: signed 64-bit, as bigint. */
  ll(name: string): bigint | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = /^[+-]?\d+$/.test(v) ? BigInt(v) : null;
    if (n === null || n > LLONG_MAX || n < -LLONG_MAX - 1n) {
      throw new CliError(`Numeric value '${v}' for <${name}> option is malformed or out of range`);
    }
    return n;
  }

  /** vshCommandOptULWrap: unsigned 64-bit where a negative number wraps around (-1 is the maximum). */
  ullWrap(name: string): bigint | undefined {
    const v = this.str(name);
    if (v !== undefined && /^-\d+$/.test(v) && BigInt(v.slice(1)) <= ULLONG_MAX) {
      return (ULLONG_MAX + 1n - BigInt(v.slice(1))) & ULLONG_MAX;
    }
    return this.ull(name);
  }

  /** VSH_EXCLUSIVE_OPTIONS. */
  exclusive(a: string, b: string): void {
    if (this.has(a) && this.has(b)) throw new CliError(`Options --${a} and --${b} are mutually exclusive`);
  }

  /** VSH_REQUIRE_OPTION: `opt` needs `needed`. */
  requires(opt: string, needed: string): void {
    if (this.has(opt) && !this.has(needed)) throw new CliError(`Option --${needed} is required by option --${opt}`);
  }
}
