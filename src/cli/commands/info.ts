// dominfo, domstate, domid, domname, domuuid, dumpxml.
import type { CommandDef } from "../command.js";
import { SILENT_FAILURE, XPATH_OPTS, emptyXPath, xmlOutput } from "./xpath-output.js";
import { DOMAIN, domainOpt, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { stateName, reasonName } from "../format/enums.js";
import { cpuSeconds, labelled } from "../format/values.js";
import { securityModel } from "../node-extras.js";

/** A query whose failure virsh shows as "unknown" (null here). */
export async function maybe<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof VirtError) return null;
    throw err;
  }
}

const yesNo = (v: boolean | null): string => (v === null ? "unknown" : v ? "yes" : "no");

export const dominfo: CommandDef = {
  name: "dominfo",
  group: "monitor",
  help: "domain information",
  desc: "Returns basic information about the domain.",
  options: [DOMAIN],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const conn = await ctx.conn();
    const id = d.getId();
    const osType = await d.getOsType(ctx.call);
    const info = await d.getInfo(ctx.call);
    const persistent = await maybe(d.isPersistent(ctx.call));
    const autostart = await maybe(d.getAutostart(ctx.call));
    const managedSave = await maybe(d.hasManagedSaveImage(0, ctx.call));
    const sec = await securityModel(conn, ctx.call);
    let label: { label: string; enforcing: boolean } | null = null;
    if (sec && sec.model) {
      const l = await d.getSecurityLabel(ctx.call);
      if (l.label) label = { label: l.label, enforcing: l.enforcing !== 0 };
    }
    const messages = (await maybe(d.getMessages(0, ctx.call))) ?? [];

    let t = labelled("Id:", id >= 0 ? String(id) : "-");
    t += labelled("Name:", d.getName());
    t += labelled("UUID:", d.getUuidString());
    t += labelled("OS Type:", osType);
    t += labelled("State:", stateName(info.state));
    t += labelled("CPU(s):", info.nrVirtCpu);
    if (info.cpuTime !== 0n) t += labelled("CPU time:", cpuSeconds(info.cpuTime));
    // Max memory is an unsigned long; UINT_MAX there means "no limit".
    t += labelled("Max memory:", info.maxMem === 0xffffffffn ? "no limit" : `${info.maxMem} KiB`);
    t += labelled("Used memory:", `${info.memory} KiB`);
    t += labelled("Persistent:", yesNo(persistent));
    if (autostart !== null) t += labelled("Autostart:", autostart ? "enable" : "disable");
    t += labelled("Managed save:", yesNo(managedSave));
    if (sec && sec.model) {
      t += labelled("Security model:", sec.model);
      t += labelled("Security DOI:", sec.doi);
      if (label) t += labelled("Security label:", `${label.label} (${label.enforcing ? "enforcing" : "permissive"})`);
    }
    messages.forEach((m, i) => (t += labelled(i === 0 ? "Messages:" : "", m)));

    return out(
      {
        id: id >= 0 ? id : null,
        name: d.getName(),
        uuid: d.getUuidString(),
        osType,
        state: stateName(info.state),
        stateCode: info.state,
        cpus: info.nrVirtCpu,
        cpuTimeNs: info.cpuTime,
        maxMemoryKiB: info.maxMem,
        usedMemoryKiB: info.memory,
        persistent,
        autostart,
        managedSave,
        securityModel: sec && sec.model ? sec.model : null,
        securityDoi: sec && sec.model ? sec.doi : null,
        securityLabel: label,
        messages,
      },
      t,
    );
  },
};

export const domstate: CommandDef = {
  name: "domstate",
  group: "monitor",
  help: "domain state",
  desc: "Returns state about a domain.",
  options: [DOMAIN, { name: "reason", type: "bool", help: "also print reason for the state" }],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    const [state, reason] = await d.getState(0, ctx.call);
    const text = a.bool("reason") ? `${stateName(state)} (${reasonName(state, reason)})\n` : `${stateName(state)}\n`;
    return out({ state: stateName(state), stateCode: state, reason: reasonName(state, reason), reasonCode: reason }, text);
  },
};

export const domid: CommandDef = {
  name: "domid",
  group: "domain",
  help: "convert a domain name or UUID to domain id",
  options: [domainOpt("domain name or uuid")],
  async run(ctx, a) {
    const d = await ctx.domain(a.req("domain"), { name: true, uuid: true });
    const id = d.getId();
    return out({ id: id >= 0 ? id : null }, `${id >= 0 ? id : "-"}\n`);
  },
};

export const domname: CommandDef = {
  name: "domname",
  group: "domain",
  help: "convert a domain id or UUID to domain name",
  options: [domainOpt("domain id or uuid")],
  async run(ctx, a) {
    const d = await ctx.domain(a.req("domain"), { id: true, uuid: true });
    return out({ name: d.getName() }, `${d.getName()}\n`);
  },
};

export const domuuid: CommandDef = {
  name: "domuuid",
  group: "domain",
  help: "convert a domain name or id to domain UUID",
  options: [domainOpt("domain id or name")],
  async run(ctx, a) {
    const d = await ctx.domain(a.req("domain"), { id: true, name: true });
    return out({ uuid: d.getUuidString() }, `${d.getUuidString()}\n`);
  },
};

export const dumpxml: CommandDef = {
  name: "dumpxml",
  group: "domain",
  help: "domain information in XML",
  desc: "Output the domain information as an XML dump to stdout.",
  options: [
    DOMAIN,
    { name: "inactive", type: "bool", help: "show inactive defined XML" },
    { name: "security-info", type: "bool", help: "include security sensitive information in XML dump" },
    { name: "update-cpu", type: "bool", help: "update guest CPU according to host CPU" },
    { name: "migratable", type: "bool", help: "provide XML suitable for migrations" },
    ...XPATH_OPTS,
  ],
  async run(ctx, a) {
    let flags = 0;
    if (a.bool("inactive")) flags |= C.XML_INACTIVE;
    if (a.bool("security-info")) flags |= C.XML_SECURE;
    if (a.bool("update-cpu")) flags |= C.XML_UPDATE_CPU;
    if (a.bool("migratable")) flags |= C.XML_MIGRATABLE;
    const d = await dom(ctx, a);
    if (emptyXPath(a)) return SILENT_FAILURE;
    const xml = await d.getXmlDescription(flags, ctx.call);
    return xmlOutput(ctx, a, xml, { name: d.getName() });
  },
};
