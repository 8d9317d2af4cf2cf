// domdisplay, vncdisplay, ttyconsole: where to reach a domain's screen or console, from its XML.
import { isIP } from "node:net";
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";
import { select, type XmlElement } from "../xml.js";
import { domainXml, xmlInt } from "./devlists.js";

/** XPath's string(.../@name) over `els`: the value on the first element that has it, empty counting as none. */
function attrIn(els: readonly XmlElement[], name: string): string | undefined {
  const v = els.find((e) => e.attrs[name] !== undefined)?.attrs[name];
  return v === "" ? undefined : v;
}

function graphics(root: XmlElement, type: string): XmlElement[] {
  return select(root, "devices/graphics").filter((g) => g.attrs["type"] === type);
}

const listens = (gs: readonly XmlElement[], type?: string): XmlElement[] =>
  gs.flatMap((g) => select(g, "listen")).filter((l) => type === undefined || l.attrs["type"] === type);

/** Wildcard listen addresses (0.0.0.0, ::) mean "this host". */
function isWildcard(addr: string): boolean {
  if (isIP(addr) === 4) return addr.split(".").every((p) => Number(p) === 0);
  if (isIP(addr) === 6) return /^[0:]+$/.test(addr);
  return false;
}

const SCHEMES = ["vnc", "spice", "rdp", "dbus"];

export const domdisplay: CommandDef = {
  name: "domdisplay",
  group: "domain",
  help: "domain display connection URI",
  desc: "Output the IP address and port number for the graphical display.",
  options: [
    DOMAIN,
    { name: "include-password", type: "bool", help: "includes the password into the connection URI if available" },
    { name: "type", type: "string", help: 'select particular graphical display (e.g. "vnc", "spice", "rdp", "dbus")' },
    { name: "all", type: "bool", help: "show all possible graphical displays" },
  ],
  async run(ctx, a) {
    a.exclusive("all", "type");
    const all = a.bool("all");
    const withPassword = a.bool("include-password");
    const d = await dom(ctx, a);
    if (!(await d.isActive(ctx.call))) throw new CliError("Domain is not running");
    const type = a.nonEmpty("type");
    const root = await domainXml(ctx, d, withPassword ? C.XML_SECURE : 0);
    const uris: string[] = [];
    // virsh never resets this between displays: a second one's first parameter may start with "&".
    let params = false;
    let unhandled: string | undefined;
    for (const scheme of SCHEMES) {
      if (!all && type !== undefined && type !== scheme) continue;
      const gs = graphics(root, scheme);
      const port = xmlInt(attrIn(gs, "port")) ?? 0;
      const tlsPort = xmlInt(attrIn(gs, "tlsPort")) ?? 0;
      let listen = attrIn(gs, "listen");
      let sockpath = attrIn(listens(gs), "type") === "socket" ? attrIn(listens(gs), "socket") : undefined;
      const address = scheme === "dbus" ? attrIn(gs, "address") : undefined;
      if (address?.startsWith("unix:path=")) sockpath = address.slice("unix:path=".length);
      // virsh reports other D-Bus addresses only if it then finds no display at all.
      else if (address !== undefined) unhandled = `'${address}' D-Bus address is not handled`;
      if (!port && !tlsPort && !sockpath) continue;
      if (listen === undefined) listen = attrIn(listens(gs, "address"), "address");
      else if (isWildcard(listen)) listen = undefined;
      const passwd = withPassword ? attrIn(gs, "passwd") : undefined;
      let uri = sockpath ? `${scheme}+unix://` : `${scheme}://`;
      if (scheme === "vnc" && passwd !== undefined) uri += `:${passwd}@`;
      if (sockpath) uri += sockpath;
      else if (listen === undefined) uri += "localhost";
      else uri += listen.includes(":") ? `[${listen}]` : listen;
      // VNC clients take the display number, port - 5900.
      if (port) uri += `:${scheme === "vnc" ? port - 5900 : port}`;
      if (tlsPort) {
        uri += `${params ? "&" : "?"}tls-port=${tlsPort}`;
        params = true;
      }
      if (scheme === "spice" && passwd !== undefined) {
        uri += `${params ? "&" : "?"}password=${passwd}`;
        params = true;
      }
      uris.push(uri);
      if (!all) break;
    }
    if (!uris.length) {
      const none = new CliError(type !== undefined ? `No graphical display with type '${type}' found` : "No graphical display found");
      throw unhandled === undefined ? none : new CliError(unhandled, { cause: none });
    }
    // With --all every URI ends in a newline; otherwise the one URI has none.
    return out(all ? uris : { uri: uris[0] }, all ? uris.map((u) => `${u}\n`).join("") : (uris[0] as string));
  },
};

export const vncdisplay: CommandDef = {
  name: "vncdisplay",
  group: "domain",
  help: "vnc display",
  desc: "Output the IP address and port number for the VNC display.",
  options: [DOMAIN],
  async run(ctx, a) {
    const d = await dom(ctx, a);
    if (!(await d.isActive(ctx.call))) throw new CliError("Domain is not running");
    const root = await domainXml(ctx, d, 0);
    const gs = graphics(root, "vnc");
    const port = xmlInt(attrIn(gs, "port"));
    if (port === null) throw new CliError("Failed to get VNC port. Is this domain using VNC?");
    const listen = attrIn(gs, "listen");
    if (listen === undefined) {
      const socket = attrIn(listens(gs, "socket"), "socket");
      if (socket !== undefined) return out({ socket }, `unix:${socket}\n`);
    }
    const host = listen === undefined || listen === "0.0.0.0" ? "" : listen;
    return out({ listen: listen ?? null, display: port - 5900 }, `${host}:${port - 5900}\n`);
  },
};

export const ttyconsole: CommandDef = {
  name: "ttyconsole",
  group: "domain",
  help: "tty console",
  desc: "Output the device for the TTY console.",
  options: [DOMAIN],
  async run(ctx, a) {
    const root = await domainXml(ctx, await dom(ctx, a), 0);
    const tty = attrIn(select(root, "devices/console"), "tty");
    // Without one virsh fails silently.
    if (tty === undefined) return out({ tty: null }, "", false);
    return out({ tty }, `${tty}\n`);
  },
};
