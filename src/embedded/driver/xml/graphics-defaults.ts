// Graphics devices as libvirt parses and writes them: the legacy listen and
// socket attributes against <listen> children, default listens, and each
// type's port attributes, which depend on the first listen's type.
import { ErrCode, ErrDomain, virErr } from "../errors.js";
import { attr, el, elems, type XElem } from "./xnode.js";

// Attributes in the order libvirt writes them; others follow in their own order.
const ATTR_ORDER: Record<string, string[]> = {
  vnc: ["type", "socket", "port", "autoport", "websocket", "listen", "keymap", "sharePolicy", "passwd", "passwdValidTo", "connected"],
  spice: ["type", "port", "tlsPort", "autoport", "listen", "keymap", "defaultMode", "passwd", "passwdValidTo", "connected"],
  rdp: ["type", "port", "autoport", "replaceUser", "multiUser", "listen"],
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

function spice(g: XElem, first: XElem): void {
  const lt = attr(first, "type");
  const auto = attr(g, "autoport") === "yes";
  // socket is VNC's attribute: SPICE names its socket in a <listen>.
  const own = rest(g, ["port", "tlsPort", "autoport", "listen", "socket", "defaultMode", "passwd", "passwdValidTo", "connected"]);
  const mode = attr(g, "defaultMode");
  let net: Attrs = [];
  if (lt === "address" || lt === "network") {
    // Automatic ports are chosen at start, so a definition keeps none.
    const ports = auto ? [] : g.attrs.filter(([k, v]) => (k === "port" || k === "tlsPort") && v !== "0");
    net = [...ports, ["autoport", auto ? "yes" : "no"], ...listenAttr(first)];
  }
  g.attrs = ordered("spice", [["type", "spice"], ...net, ...own, ...(mode !== undefined && mode !== "any" ? [["defaultMode", mode] as [string, string]] : []), ...authAttrs(g)]);
}

/** RDP: no port, port -1 or autoport='yes' means autoport (port 0); autoport='no' says nothing. */
function rdp(g: XElem, first: XElem): void {
  const lt = attr(first, "type");
  if (lt === "none" || lt === "socket") throw virErr(ErrCode.CONFIG_UNSUPPORTED, ErrDomain.DOMAIN, `listen type '${lt}' is not available for graphics type 'rdp'`);
  const port = attr(g, "port");
  const auto = port === undefined || port === "-1" || attr(g, "autoport") === "yes";
  const p = auto ? "0" : port;
  const yes = (k: string): Attrs => (attr(g, k) === "yes" ? [[k, "yes"]] : []);
  const net: Attrs = [...(p !== "0" || auto ? [["port", p] as [string, string]] : []), ...(auto ? [["autoport", "yes"] as [string, string]] : []), ...yes("replaceUser"), ...yes("multiUser"), ...listenAttr(first)];
  g.attrs = ordered("rdp", [["type", "rdp"], ...net, ...rest(g, ["port", "autoport", "replaceUser", "multiUser", "listen"])]);
}

export function graphicsDefaults(g: XElem): void {
  const type = attr(g, "type");
  if (type !== "vnc" && type !== "spice" && type !== "rdp") return;
  const given = listens(g);
  // A SPICE display with no port at all listens nowhere; other displays listen on an address.
  const none = type === "spice" && attr(g, "autoport") !== "yes" && ["port", "tlsPort"].every((k) => (attr(g, k) ?? "0") === "0");
  const first = given[0] ?? el("listen", [["type", none ? "none" : "address"]]);
  if (!given.length) g.children.unshift(first);
  if (type === "vnc") vnc(g, first);
  else if (type === "spice") spice(g, first);
  else rdp(g, first);
}
