// domxml-from-native and domxml-to-native: domain XML to and from a driver's native configuration.
import type { CommandDef } from "../command.js";
import { out, readTextFile } from "../command.js";
import { CliError } from "../errors.js";

export const domxmlFromNative: CommandDef = {
  name: "domxml-from-native",
  group: "domain",
  help: "Convert native config to domain XML",
  desc: "Convert native guest configuration format to domain XML format.",
  options: [
    { name: "format", type: "string", required: true, help: "source config data format" },
    { name: "config", type: "string", required: true, help: "config data file to import from" },
  ],
  async run(ctx, a) {
    const format = a.nonEmpty("format") ?? "";
    const file = a.nonEmpty("config") ?? "";
    const config = await readTextFile(file);
    const xml = await (await ctx.conn()).domainXmlFromNative(format, config, 0, ctx.call);
    return out({ format, xml }, xml);
  },
};

export const domxmlToNative: CommandDef = {
  name: "domxml-to-native",
  group: "domain",
  help: "Convert domain XML to native config",
  desc: "Convert domain XML config to a native guest configuration format.",
  options: [
    { name: "format", type: "string", required: true, help: "target config data type format" },
    { name: "domain", type: "string", named: true, help: "domain name, id or uuid" },
    { name: "xml", type: "string", help: "xml data file to export from" },
  ],
  async run(ctx, a) {
    a.exclusive("domain", "xml");
    const format = a.nonEmpty("format") ?? "";
    const domain = a.nonEmpty("domain");
    const file = a.nonEmpty("xml");
    let xml: string;
    if (domain !== undefined) xml = await (await ctx.domain(domain)).getXmlDescription(0, ctx.call);
    else if (file !== undefined) xml = await readTextFile(file);
    else throw new CliError("need either domain or domain XML");
    const config = await (await ctx.conn()).domainXmlToNative(format, xml, 0, ctx.call);
    return out({ format, config }, config);
  },
};
