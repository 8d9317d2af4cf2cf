// update-memory-device: virsh picks the <memory> device out of the domain XML
// with XPath (by alias, target node, or the only one), sets its <requested/>
// size, and hands the element back as libxml2 writes it (whitespace as it was).
import type { CommandDef } from "../command.js";
import { AFFECT, DOMAIN, affectFlags, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";
import { ULLONG_MAX } from "../limits.js";
import { scaledOption } from "../scaled.js";
import { selectNodes } from "../xpath/dump.js";
import { nodeDump } from "../xpath/serialize.js";
import { buildTree, setText, type XNode } from "../xpath/tree.js";

export const updateMemoryDevice: CommandDef = {
  name: "update-memory-device",
  group: "domain",
  help: "update memory device of a domain",
  desc: "Update values of a memory device of a domain",
  options: [
    DOMAIN,
    ...AFFECT,
    { name: "print-xml", type: "bool", help: "print updated memory device XML instead of executing the change" },
    { name: "alias", type: "string", help: "memory device alias" },
    { name: "node", type: "int", help: "memory device target node" },
    { name: "requested-size", type: "int", help: "new value of <requested/> size, as scaled integer (default KiB)" },
  ],
  async run(ctx, a) {
    const flags = affectFlags(a);
    a.exclusive("node", "alias");
    const d = await dom(ctx, a);
    const alias = a.nonEmpty("alias");
    const node = a.uint("node");
    const doc = buildTree(await d.getXmlDescription(flags & C.AFFECT_CONFIG ? C.XML_INACTIVE : 0, ctx.call), true);
    if (!doc) throw new CliError("Failed to parse domain description xml");
    // virsh pastes the values into the expression as they are (a node number with %d).
    let xpath = "/domain/devices/memory";
    if (alias !== undefined) xpath += `[./alias/@name='${alias}']`;
    else if (node !== undefined) xpath += `[./target/node/text()=${node | 0}]`;
    const { nodes, stderr } = selectNodes(doc, xpath);
    ctx.printErr(stderr);
    if (nodes.length === 0) throw new CliError("no memory device found");
    if (nodes.length > 1) throw new CliError("multiple memory devices found, use --alias or --node to select one");
    const mem = nodes[0] as XNode;
    const size = a.str("requested-size");
    if (size !== undefined) {
      const bytes = scaledOption("requested-size", size, 1024n, ULLONG_MAX);
      const requested = selectNodes(doc, "./target/requested", mem).nodes[0];
      if (!requested) throw new CliError("virtio-mem device is missing <requested/>");
      // VIR_DIV_UP in 64 bits: the largest sizes wrap around.
      setText(requested, String(((bytes + 1023n) & ULLONG_MAX) / 1024n));
    }
    const xml = nodeDump(mem);
    if (a.bool("print-xml")) return out({ xml }, xml);
    await d.updateDevice(xml, flags, ctx.call);
    return out({ name: d.getName(), updated: true }, "");
  },
};
