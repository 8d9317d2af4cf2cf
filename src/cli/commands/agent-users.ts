// Guest user accounts through the agent: set-user-password, get-user-sshkeys, set-user-sshkeys.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";

export const setUserPassword: CommandDef = {
  name: "set-user-password",
  group: "domain",
  help: "set the user password inside the domain",
  desc: "changes the password of the specified user inside the domain",
  options: [
    DOMAIN,
    { name: "user", type: "string", required: true, help: "the username" },
    { name: "password", type: "string", required: true, help: "the new password" },
    { name: "encrypted", type: "bool", help: "the password is already encrypted" },
  ],
  async run(ctx, a) {
    // virsh names the domain as it was given, not by its name.
    const given = a.req("domain");
    const d = await ctx.domain(given);
    const flags = a.bool("encrypted") ? C.PASSWORD_ENCRYPTED : 0;
    const user = a.nonEmpty("user") ?? "";
    const password = a.nonEmpty("password") ?? "";
    await d.setUserPassword(user, password, flags, ctx.call);
    return out({ name: d.getName(), user, encrypted: flags !== 0 }, ctx.extra(`Password set successfully for ${user} in ${given}`));
  },
};

export const getUserSshkeys: CommandDef = {
  name: "get-user-sshkeys",
  group: "domain",
  help: "list authorized SSH keys for given user (via agent)",
  desc: "Use the guest agent to query authorized SSH keys for given user",
  options: [DOMAIN, { name: "user", type: "string", required: true, help: "user to list authorized keys for" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const user = a.nonEmpty("user") ?? "";
    const keys = await d.authorizedSshKeysGet(user, 0, ctx.call);
    // virsh prints each key with "%s": no newline between them.
    return out({ user, keys }, keys.join(""));
  },
};

export const setUserSshkeys: CommandDef = {
  name: "set-user-sshkeys",
  group: "domain",
  help: "manipulate authorized SSH keys file for given user (via agent)",
  desc: "Append, reset or remove specified key from the authorized keys file for given user",
  options: [
    DOMAIN,
    { name: "user", type: "string", required: true, help: "user to set authorized keys for" },
    { name: "file", type: "string", help: "optional file to read keys from" },
    { name: "reset", type: "bool", help: "clear out authorized keys file before adding new keys" },
    { name: "remove", type: "bool", help: "remove keys from the authorized keys file" },
  ],
  async run(ctx, a) {
    a.requires("remove", "file");
    a.exclusive("reset", "remove");
    const d = await dom(ctx, a);
    const user = a.nonEmpty("user") ?? "";
    const file = a.nonEmpty("file");
    let flags = 0;
    let mode = "reset";
    if (a.bool("remove")) {
      flags = C.AUTHORIZED_SSH_KEYS_SET_REMOVE;
      mode = "remove";
    } else if (!a.bool("reset")) {
      flags = C.AUTHORIZED_SSH_KEYS_SET_APPEND;
      mode = "append";
      if (file === undefined) throw new CliError("Option --file is required");
    }
    let keys: string[] = [];
    if (file !== undefined) {
      const text = await readTextFile(file);
      // g_strsplit as virsh uses it: a final newline leaves an empty last key, an empty file none.
      keys = text === "" ? [] : text.split("\n");
      if (keys.length === 0) throw new CliError(`File ${file} contains no keys`);
    }
    await d.authorizedSshKeysSet(user, keys, flags, ctx.call);
    return out({ name: d.getName(), user, mode, keys: keys.length }, "");
  },
};
