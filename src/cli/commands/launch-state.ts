// domsetlaunchsecstate: inject an SEV launch secret (header and secret read
// from files as they are, at most 64 KiB each) at an optional guest address.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
import { CliError, withContext } from "../errors.js";

/** What virsh reads of each secret file. */
const MAX_SECRET_FILE = 64 * 1024;

export const domsetlaunchsecstate: CommandDef = {
  name: "domsetlaunchsecstate",
  group: "domain",
  help: "Set domain launch security state",
  desc: "Set a secret in the guest domain's memory",
  options: [
    DOMAIN,
    { name: "secrethdr", type: "string", named: true, help: "path to file containing the secret header" },
    { name: "secret", type: "string", named: true, help: "path to file containing the secret" },
    { name: "set-address", type: "int", help: "physical address within the guest domain's memory to set the secret" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const headerFile = a.nonEmpty("secrethdr");
    const secretFile = a.nonEmpty("secret");
    if (headerFile === undefined || secretFile === undefined) throw new CliError("Both secret and the secret header are required");
    const params = {
      "sev-secret-header": await readTextFile(headerFile, MAX_SECRET_FILE),
      "sev-secret": await readTextFile(secretFile, MAX_SECRET_FILE),
      "sev-secret-set-address": a.ull("set-address"),
    };
    await withContext("Unable to set launch security state", d.setLaunchSecurityState(params, 0, ctx.call));
    return out({ name: d.getName(), set: true }, "");
  },
};
