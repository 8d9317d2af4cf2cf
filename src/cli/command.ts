// The shape of a CLI command and the options many commands share.
import { readFile } from "node:fs/promises";
import type { Args, OptSpec } from "./args.js";
import type { Ctx } from "./context.js";
import { CliError } from "./errors.js";
import { Domain as C } from "../protocol/generated/constants.js";

/** What a command produced: human text, a JSON value, and whether it succeeded. */
export interface Output {
  text?: string;
  json?: unknown;
  /** false: exit 1 without an error message (virsh's "return false" after printing). */
  ok?: boolean;
  /** Raw bytes went to stdout: no separating newline after them. */
  noSeparator?: boolean;
}

export interface CommandDef {
  name: string;
  /** virsh's help group keyword ("domain", "monitor", "snapshot", ...). */
  group: string;
  help: string;
  desc?: string;
  options: readonly OptSpec[];
  run(ctx: Ctx, a: Args): Promise<Output | void>;
}

export function out(json: unknown, text: string, ok = true): Output {
  return { json, text, ok };
}

export const DOMAIN: OptSpec = { name: "domain", type: "string", required: true, help: "domain name, id or uuid" };

export function domainOpt(help: string): OptSpec {
  return { ...DOMAIN, help };
}

export const CONFIG: OptSpec = { name: "config", type: "bool", help: "affect next boot" };
export const LIVE: OptSpec = { name: "live", type: "bool", help: "affect running domain" };
export const CURRENT: OptSpec = { name: "current", type: "bool", help: "affect current domain" };
export const AFFECT: readonly OptSpec[] = [CONFIG, LIVE, CURRENT];

export function affectOpts(config: string, live: string, current: string): OptSpec[] {
  return [
    { name: "config", type: "bool", help: config },
    { name: "live", type: "bool", help: live },
    { name: "current", type: "bool", help: current },
  ];
}

/** --config/--live/--current as VIR_DOMAIN_AFFECT_* flags, rejecting --current with the others. */
export function affectFlags(a: Args): number {
  a.exclusive("current", "live");
  a.exclusive("current", "config");
  let flags: number = C.AFFECT_CURRENT;
  if (a.bool("config")) flags |= C.AFFECT_CONFIG;
  if (a.bool("live")) flags |= C.AFFECT_LIVE;
  return flags;
}

/** VSH_MAX_XML_FILE: the most virsh reads of an XML file. */
const MAX_XML_FILE = 10 * 1024 * 1024;

/** virFileReadAll with virsh's messages: opening and reading fail apart, and so does a file over `maxlen` bytes. */
export async function readTextFile(path: string, maxlen = MAX_XML_FILE): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new CliError(`Failed to ${e.syscall === "read" ? "read" : "open"} file '${path}': ${errnoText(e)}`);
  }
  if (data.length > maxlen) throw new CliError(`Failed to read file '${path}': Value too large for defined data type`);
  return data.toString("utf8");
}

/** strerror-style text for a Node fs error. */
export function errnoText(e: NodeJS.ErrnoException): string {
  const table: Record<string, string> = {
    ENOENT: "No such file or directory",
    EACCES: "Permission denied",
    EISDIR: "Is a directory",
    ENOTDIR: "Not a directory",
    EEXIST: "File exists",
    ENOSPC: "No space left on device",
    EPERM: "Operation not permitted",
  };
  return (e.code !== undefined ? table[e.code] : undefined) ?? e.message;
}

/** The domain named by the required <domain> option. */
export function dom(ctx: Ctx, a: Args) {
  return ctx.domain(a.req("domain"));
}
