// Observing snapshot and checkpoint trees through the public API.
import type { Domain, DomainCheckpoint, DomainSnapshot } from "../../../src/index.js";
import { outcome, normMomentXml, type Outcome } from "../record.js";

/**
 * N5: libvirt lists snapshots, checkpoints and domains in hash-table order,
 * which its API leaves unspecified; transcripts sort names. Topological
 * lists are checked for parents-before-children instead (topoOk).
 */
export function names(list: readonly { getName(): string }[]): string[] {
  return list.map((m) => m.getName()).sort();
}

export function snapList(dom: Domain, flags: number): Promise<Outcome<string[]>> {
  return outcome<DomainSnapshot[], string[]>(dom.listAllSnapshots(flags), names);
}

export function childList(s: DomainSnapshot | DomainCheckpoint, flags: number): Promise<Outcome<string[]>> {
  return outcome<(DomainSnapshot | DomainCheckpoint)[], string[]>(s.listAllChildren(flags), names);
}

export function ckptList(dom: Domain, flags: number): Promise<Outcome<string[]>> {
  return outcome<DomainCheckpoint[], string[]>(dom.listAllCheckpoints(flags), names);
}

const tag = (xml: string, re: RegExp): string | null => re.exec(xml)?.[1] ?? null;

/** One row per snapshot: parent, state in its XML, current, children and descendants counts. */
export async function snapTree(dom: Domain): Promise<unknown> {
  const all = await dom.listAllSnapshots(0);
  const rows: unknown[] = [];
  for (const s of [...all].sort((a, b) => a.getName().localeCompare(b.getName()))) {
    const xml = await s.getXmlDescription();
    rows.push({
      name: s.getName(),
      parent: await outcome(s.getParent(), (p) => p.getName()),
      xmlParent: tag(xml, /<parent>\s*<name>([^<]*)<\/name>/),
      state: tag(xml, /<state>([^<]*)<\/state>/),
      current: await s.isCurrent(),
      metadata: await s.hasMetadata(),
      children: await s.numOfChildSnapshots(0),
      descendants: await s.numOfChildSnapshots(1),
    });
  }
  return {
    rows,
    num: await dom.numOfSnapshots(0),
    current: await outcome(dom.currentSnapshot(), (s) => s.getName()),
    hasCurrent: await dom.hasCurrentSnapshot(),
  };
}

/** The checkpoint tree: parent of each (sorted by name). */
export async function ckptTree(dom: Domain): Promise<unknown> {
  const all = await dom.listAllCheckpoints(0);
  const rows: unknown[] = [];
  for (const c of [...all].sort((a, b) => a.getName().localeCompare(b.getName()))) {
    rows.push({
      name: c.getName(),
      parent: await outcome(c.getParent(), (p) => p.getName()),
      children: names(await c.listAllChildren(0)),
      descendants: names(await c.listAllChildren(1)),
    });
  }
  return rows;
}

/** Is a list in an order where every parent comes before its children? */
export async function topoOk(list: readonly (DomainSnapshot | DomainCheckpoint)[]): Promise<boolean> {
  const seen = new Set<string>();
  for (const m of list) {
    const p = await m.getParent().then(
      (x) => x.getName(),
      () => null,
    );
    if (p !== null && !seen.has(p)) return false;
    seen.add(m.getName());
  }
  return true;
}

export function momentXml(m: DomainSnapshot | DomainCheckpoint, flags = 0): Promise<Outcome<string>> {
  return outcome(m.getXmlDescription(flags), normMomentXml);
}

export const snapXml = (name: string, extra = ""): string => `<domainsnapshot><name>${name}</name>${extra}</domainsnapshot>`;
export const ckptXml = (name: string, extra = ""): string => `<domaincheckpoint><name>${name}</name>${extra}</domaincheckpoint>`;
