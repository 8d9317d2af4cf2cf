// vshCommandOptStringReq: a string option given as "" is an error unless the option allows it.
import type { Args } from "../args.js";
import { CliError } from "../errors.js";

export function nonEmpty(a: Args, name: string): string | undefined {
  const v = a.str(name);
  if (v === "") throw new CliError(`Failed to get option '${name}': Option argument is empty`);
  return v;
}
