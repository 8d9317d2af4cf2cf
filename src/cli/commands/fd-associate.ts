// dom-fd-associate: virsh's checks of the descriptor list, then the API,
// which always refuses: virtwire cannot pass descriptors over the socket.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";

/** virStrToLong_i in base 10: blanks before, a sign, digits, nothing after, within an int. */
function fdNumber(text: string): number {
  const n = /^\s*[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new CliError(`Unable to parse FD number '${text}'`);
  return n;
}

export const domFdAssociate: CommandDef = {
  name: "dom-fd-associate",
  group: "domain",
  help: "associate a FD with a domain",
  desc: "associate a FD with a domain",
  options: [
    DOMAIN,
    { name: "name", type: "string", required: true, help: "name of the FD group" },
    { name: "pass-fds", type: "string", required: true, help: "file descriptors N,M,... to associate" },
    { name: "seclabel-writable", type: "bool", help: "use seclabels allowing writes" },
    { name: "seclabel-restore", type: "bool", help: "try to restore security label after use if possible" },
  ],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    let flags = 0;
    if (a.bool("seclabel-writable")) flags |= C.FD_ASSOCIATE_SECLABEL_WRITABLE;
    if (a.bool("seclabel-restore")) flags |= C.FD_ASSOCIATE_SECLABEL_RESTORE;
    const name = a.nonEmpty("name") as string;
    // An empty list is no list (vshCommandOptStringQuiet), which libvirt's client library refuses.
    const list = a.req("pass-fds");
    const fds = list === "" ? [] : list.split(",").map(fdNumber);
    if (fds.length === 0) throw new CliError("nfds in virDomainFDAssociate must not be zero");
    await d.fdAssociate(name, fds, flags, ctx.call);
    return out({ name: d.getName(), associated: name }, "");
  },
};
