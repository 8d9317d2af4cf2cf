// The RNG checks libvirt runs on <domainsnapshot> (with CREATE_VALIDATE) and
// <domaincheckpoint> (always), reduced to the shapes those schemas allow, and
// reported the way libxml2's validator words the first problem: an unknown
// element is "extra content"; a repeated or malformed one breaks the interleave.
import { ErrDomain, rawErr } from "../errors.js";
import { attr, elems, text, type XElem } from "./xnode.js";

const XML_INVALID_SCHEMA = 92;
// Where libvirt installs its schemas; the path is part of the message.
const SCHEMA_DIR = "/usr/share/libvirt/schemas";

type Rule = (e: XElem) => boolean;

const any: Rule = () => true;
const digits: Rule = (e) => /^\s*\d+\s*$/.test(text(e));
const hasName: Rule = (e) => elems(e).length === 1 && elems(e)[0]!.name === "name";
// checkpointName: no leading ".", no "/", whitespace or newline anywhere.
const checkpointName: Rule = (e) => elems(e).length === 0 && /^[a-zA-Z0-9_-][a-zA-Z0-9_.-]*$/.test(text(e));
const parentNamed =
  (ok: Rule): Rule =>
  (e) =>
    hasName(e) && ok(elems(e)[0]!);
const oneOf =
  (what: string, values: readonly string[]): ((e: XElem) => boolean) =>
  (e) => {
    const v = attr(e, what);
    return v === undefined || values.includes(v);
  };
const disksOf =
  (ok: Rule): Rule =>
  (e) =>
    elems(e).every((d) => d.name === "disk" && attr(d, "name") !== undefined && ok(d));

const LOCATIONS = ["no", "internal", "external", "manual"];
const STATES = ["nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "disk-snapshot", "pmsuspended"];

const SNAPSHOT: Record<string, Rule> = {
  name: any,
  description: any,
  state: (e) => STATES.includes(text(e).trim()),
  creationTime: digits,
  parent: hasName,
  memory: oneOf("snapshot", LOCATIONS),
  disks: disksOf(oneOf("snapshot", LOCATIONS)),
  active: (e) => ["0", "1"].includes(text(e).trim()),
  domain: any,
  inactiveDomain: any,
  cookie: any,
};

const CHECKPOINT: Record<string, Rule> = {
  name: checkpointName,
  description: any,
  creationTime: digits,
  parent: parentNamed(checkpointName),
  disks: disksOf(oneOf("checkpoint", ["no", "bitmap"])),
  domain: any,
};

function check(root: XElem, rules: Record<string, Rule>): void {
  const seen = new Set<string>();
  for (const e of elems(root)) {
    const rule = rules[e.name];
    let detail: string | null = null;
    if (!rule) detail = `Element ${root.name} has extra content: ${e.name}`;
    else if (seen.has(e.name) || !rule(e)) detail = `Extra element ${e.name} in interleave\nElement ${root.name} failed to validate content`;
    if (detail !== null) {
      throw rawErr(
        XML_INVALID_SCHEMA,
        ErrDomain.XML,
        `XML document failed to validate against schema: Unable to validate doc against ${SCHEMA_DIR}/${root.name}.rng\n${detail}\n`,
      );
    }
    seen.add(e.name);
  }
}

export function validateSnapshot(root: XElem): void {
  check(root, SNAPSHOT);
}

export function validateCheckpoint(root: XElem): void {
  check(root, CHECKPOINT);
}
