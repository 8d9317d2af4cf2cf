// Building an instance from a <node> document: test:///default's built-in
// inventory, or a custom file named by test:///abs/path.xml.
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { ErrCode, ErrDomain, rawErr, virErr } from "./errors.js";
import { Hypervisor, type NetworkInfo } from "./hypervisor.js";
import { State } from "./domain-obj.js";
import { DEFAULT_NODE_INFO } from "./capabilities.js";
import { attr, child, childText, elems, localName, parseXml, text, type XElem } from "./xml/xnode.js";
import { parseDomainElem } from "./xml/domain-parse.js";
import { parseSnapshotXml } from "./xml/moment-xml.js";
import { serialize } from "./xml/xnode.js";
import { DEFAULT_NODE_XML } from "./default-node.js";

const RUNNING_BOOTED = 1;

function nodeErr(m: string): Error {
  return virErr(ErrCode.XML_ERROR, ErrDomain.TEST, m);
}

/** A child given as file="relative.xml" is replaced by that file's root element. */
function resolve(e: XElem, file: string | null, what: string): XElem {
  const rel = attr(e, "file");
  if (rel === undefined) return e;
  const abs = isAbsolute(rel) || file === null ? rel : join(dirname(file), rel);
  return readDoc(abs, what);
}

function readDoc(path: string, root: string): XElem {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw nodeErr(`failed to parse xml document '${path}'`);
  }
  let el: XElem;
  try {
    el = parseXml(text, path, ErrDomain.TEST);
  } catch (e) {
    // libvirt labels file parse errors with the path, not "(url)".
    if (e instanceof Error && "code" in e) throw rawErr(ErrCode.XML_DETAIL, ErrDomain.TEST, e.message.replace(/^\(([^)]*)\)/, "$1"));
    throw e;
  }
  if (localName(el.name) !== root) {
    throw virErr(ErrCode.XML_ERROR, ErrDomain.XML, `expecting root element of '${root}', not '${el.name}'`);
  }
  return el;
}

function num(root: XElem, path: string[], what: string): number | undefined {
  let e: XElem | undefined = root;
  for (const p of path) e = e ? child(e, p) : undefined;
  if (!e) return undefined;
  const t = text(e).trim();
  if (!/^-?\d+$/.test(t)) throw nodeErr(`invalid node ${what} value`);
  return Number(t);
}

function parseNodeInfo(hv: Hypervisor, root: XElem): void {
  const ni = hv.nodeInfo;
  ni.nodes = num(root, ["cpu", "nodes"], "cpu nodes") ?? ni.nodes;
  ni.sockets = num(root, ["cpu", "sockets"], "cpu sockets") ?? ni.sockets;
  ni.cores = num(root, ["cpu", "cores"], "cpu cores") ?? ni.cores;
  ni.threads = num(root, ["cpu", "threads"], "cpu threads") ?? ni.threads;
  ni.cpus = ni.cores * ni.threads * ni.sockets * ni.nodes;
  const active = num(root, ["cpu", "active"], "cpu active");
  if (active !== undefined && active < ni.cpus) ni.cpus = active;
  ni.mhz = num(root, ["cpu", "mhz"], "cpu mhz") ?? ni.mhz;
  const cpu = child(root, "cpu");
  const model = cpu ? childText(cpu, "model") : undefined;
  if (model !== undefined) {
    if (model.length >= 32) throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.TEST, `Model ${model} too big for destination`);
    ni.model = model;
  }
  const mem = num(root, ["memory"], "memory");
  if (mem !== undefined) ni.memory = BigInt(mem);
}

function parseDomains(hv: Hypervisor, root: XElem, file: string | null): void {
  for (const raw of elems(root, "domain")) {
    const el = resolve(raw, file, "domain");
    const def = parseDomainElem(el);
    const ns = def.test;
    const { obj } = hv.add(def, { live: false, checkLive: false });
    for (const s of ns.snapshots) {
      const snapEl = resolve(s, file, "domainsnapshot");
      // The element itself is the <domainsnapshot> document, under the test prefix.
      const body = serialize({ ...snapEl, name: "domainsnapshot" }, 0);
      const snap = parseSnapshotXml(body, true, 0);
      if (!snap.dom) throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.DOMAIN_SNAPSHOT, "missing domain in snapshot");
      obj.snapshots.add(snap);
      if (childText(snapEl, "active")?.trim() === "1") {
        if (obj.snapshots.current !== null) throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.TEST, "more than one snapshot claims to be active");
        obj.snapshots.current = snap.name;
      }
    }
    obj.persistent = !ns.transient;
    obj.hasManagedSave = ns.hasManagedSave;
    if (ns.runstate !== State.SHUTOFF) hv.startState(obj, RUNNING_BOOTED);
    else hv.shutdownState(obj, 0);
    obj.setState(ns.runstate, 0);
    if (def.cpu && child(def.cpu, "model") && text(child(def.cpu, "model")!).trim() === "Deprecated-Test") {
      obj.taints.add("use of deprecated configuration settings");
      obj.messages.push("CPU model Deprecated-Test");
    }
  }
}

function prefixOf(mask: string): number {
  return mask.split(".").reduce((a, o) => a + (Number(o) >>> 0).toString(2).split("").filter((b) => b === "1").length, 0);
}

function parseNetworks(hv: Hypervisor, root: XElem, file: string | null): void {
  for (const raw of elems(root, "network")) {
    const el = resolve(raw, file, "network");
    const ip = child(el, "ip");
    const dhcp = ip ? child(ip, "dhcp") : undefined;
    const range = dhcp ? child(dhcp, "range") : undefined;
    const netmask = ip ? attr(ip, "netmask") : undefined;
    const prefix = ip ? attr(ip, "prefix") : undefined;
    const info: NetworkInfo = {
      name: childText(el, "name") ?? "",
      uuid: childText(el, "uuid") ?? null,
      bridge: child(el, "bridge") ? attr(child(el, "bridge")!, "name") ?? null : null,
      family: ip ? attr(ip, "family") ?? null : null,
      address: ip ? attr(ip, "address") ?? null : null,
      prefix: prefix !== undefined ? Number(prefix) : netmask !== undefined ? prefixOf(netmask) : null,
      rangeStart: range ? attr(range, "start") ?? null : null,
      xml: el,
    };
    hv.networks.push(info);
  }
}

function parseAuth(hv: Hypervisor, root: XElem): void {
  const auth = child(root, "auth");
  if (!auth) return;
  for (const u of elems(auth, "user")) {
    const name = text(u);
    if (!name) throw nodeErr("missing username in /node/auth/user field");
    hv.auths.push({ username: name, password: attr(u, "password") ?? null });
  }
}

function populate(hv: Hypervisor, root: XElem, file: string | null): Hypervisor {
  if (localName(root.name) !== "node") throw nodeErr("Root element is not 'node'");
  parseNodeInfo(hv, root);
  parseDomains(hv, root, file);
  parseNetworks(hv, root, file);
  for (const tag of ["interface", "pool", "device"]) for (const e of elems(root, tag)) hv.extra.push(resolve(e, file, tag));
  parseAuth(hv, root);
  return hv;
}

/** The shared inventory of test:///default. */
export function defaultHypervisor(): Hypervisor {
  const hv = Hypervisor.withDefaultCells();
  hv.nodeInfo = { ...DEFAULT_NODE_INFO };
  return populate(hv, parseXml(DEFAULT_NODE_XML, "(test driver)", ErrDomain.TEST), null);
}

/** A private instance loaded from an absolute path (test:///abs/path.xml). */
export function fileHypervisor(path: string): Hypervisor {
  const hv = new Hypervisor();
  hv.nodeInfo = { ...DEFAULT_NODE_INFO };
  return populate(hv, readDoc(path, "node"), path);
}
