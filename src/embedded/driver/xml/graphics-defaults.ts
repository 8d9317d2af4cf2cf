// Graphics devices as libvirt parses and writes them: the legacy listen and
// socket attributes against <listen> children, default listens, and each
// type's port attributes, which depend on the first listen's type.
import { ErrCode, ErrDomain, virErr } from "../errors.js";
import { attr, el, elems, type XElem } from "./xnode.js";

// Attributes in the order libvirt writes them; others follow in their own order.
const ATTR_ORDER: Record<string, string[]> = {
  vnc: ["type", "socket", "port", "autoport", "websocket", "listen", "keymap", "sharePolicy", "passwd", "passwdValidTo", "connected"],
};

type Attrs = [string, string][];

function ordered(type: string, attrs: Attrs): Attrs {
  const order = ATTR_ORDER[type] ?? [];
  const rank = (k: string): number => (order.includes(k) ? order.indexOf(k) : order.length);
  return attrs.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a[0]) - rank(y.a[0]) || x.i - y.i).map((x) => x.a);
}

/** The <listen> children, legacy attributes folded in, written before the other children. */
function listens(g: XElem): XElem[] {
  const own = elems(g, "listen");
  const socket = attr(g, "socket");
  const address = attr(g, "listen");
  let out = own;
  // VNC's socket attribute overrides any listen element.
  if (attr(g, "type") === "vnc" && socket !== undefined) out = [el("listen", [["type", "socket"], ["socket", socket]])];
  else if (address !== undefined) {
    const first = own[0];
    if (!first) out = [el("listen", [["type", "address"], ["address", address]])];
    else if (attr(first, "type") === "address" && attr(first, "address") !== address) {
      throw virErr(ErrCode.CONFIG_UNSUPPORTED, ErrDomain.DOMAIN, `graphics 'listen' attribute '${address}' must match 'address' attribute of first listen element (found '${attr(first, "address") ?? ""}')`);
    }
  }
  g.children = [...out, ...g.children.filter((c) => typeof c === "string" || c.name !== "listen")];
  return out;
}

/** The legacy listen attribute shows the first listen's address. */
function listenAttr(first: XElem): Attrs {
  const a = attr(first, "address");
  return attr(first, "type") === "address" && a !== undefined ? [["listen", a]] : [];
}

/** Expiry and connected policy belong to a password and are dropped without one. */
function authAttrs(g: XElem): Attrs {
  return attr(g, "passwd") === undefined ? [] : g.attrs.filter(([k]) => k === "passwd" || k === "passwdValidTo" || k === "connected");
}

const rest = (g: XElem, known: string[]): Attrs => g.attrs.filter(([k]) => k !== "type" && !known.includes(k));

function vnc(g: XElem, first: XElem): void {
  const lt = attr(first, "type");
  const own = rest(g, ["socket", "port", "autoport", "websocket", "listen", "passwd", "passwdValidTo", "connected"]);
  let net: Attrs = [];
  if (lt === "socket") {
    const s = attr(first, "socket");
    net = s !== undefined ? [["socket", s]] : [];
  } else if (lt !== "none") {
    // No port, or -1, means autoport.
    const port = attr(g, "port");
    const auto = attr(g, "autoport") === "yes" || port === undefined || port === "-1";
    const p = auto ? "-1" : port;
    const ws = attr(g, "websocket");
    net = [...(p !== "0" ? [["port", p] as [string, string]] : []), ["autoport", auto ? "yes" : "no"], ...(ws !== undefined ? [["websocket", ws] as [string, string]] : []), ...listenAttr(first)];
  }
  g.attrs = ordered("vnc", [["type", "vnc"], ...net, ...own, ...authAttrs(g)]);
}

function spice(g: XElem, given: XElem[]): void {
  const port = attr(g, "port");
  const tls = attr(g, "tlsPort");
  const auto = attr(g, "autoport") === "yes";
  if (!given.length) {
    // A SPICE display with no port at all listens nowhere.
    const none = !auto && [port, tls].every((p) => p === undefined || p === "0");
    g.children.unshift(el("listen", [["type", none ? "none" : "address"]]));
  }
  if (!auto && (port !== undefined || tls !== undefined)) {
    const others = g.attrs.filter(([k]) => !["type", "port", "tlsPort", "autoport"].includes(k));
    g.attrs = [["type", "spice"], ...(port !== undefined ? [["port", port] as [string, string]] : []), ...(tls !== undefined ? [["tlsPort", tls] as [string, string]] : []), ["autoport", "no"], ...others];
  }
}

export function graphicsDefaults(g: XElem): void {
  const type = attr(g, "type");
  if (type !== "vnc" && type !== "spice") return;
  const given = listens(g);
  if (type === "spice") return spice(g, given);
  const first = given[0] ?? el("listen", [["type", "address"]]);
  if (!given.length) g.children.unshift(first);
  vnc(g, first);
}
