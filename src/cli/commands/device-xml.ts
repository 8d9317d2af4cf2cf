// Editing one device of a domain's XML and printing it back as virsh does
// (libxml's node dump: double-quoted attributes, the original whitespace kept).
import { CliError } from "../errors.js";
import { attrOf, xmldom, type DomElement } from "../xml.js";

/** The elements at /<root>/<path> of a document (path like "devices/interface"). */
export function elementsAt(xml: string, path: string): DomElement[] {
  const doc = new (xmldom().DOMParser)().parseFromString(xml, "text/xml");
  let level: DomElement[] = doc.documentElement ? [doc.documentElement] : [];
  for (const part of path.split("/")) {
    level = level.flatMap((e) => Array.from(e.childNodes).filter((c): c is DomElement => c.nodeType === 1 && c.nodeName === part));
  }
  return level;
}

/** The first child element named `name`. */
export function childElement(e: DomElement, name: string): DomElement | undefined {
  return Array.from(e.childNodes).find((c): c is DomElement => c.nodeType === 1 && c.nodeName === name);
}

/** virXMLNodeToString. */
export function nodeText(e: DomElement): string {
  return new (xmldom().XMLSerializer)().serializeToString(e);
}

/**
 * virshFindDisk: the first <disk> whose target or source (file, dev, dir, name)
 * is `path`; `changeable` skips disks whose device is neither cdrom nor floppy.
 * The disk comes without its <backingStore>, as virsh drops it.
 */
export function findDisk(domainXml: string, path: string, changeable: boolean): DomElement {
  const disks = elementsAt(domainXml, "devices/disk");
  if (disks.length === 0) throw new CliError("Failed to get disk information");
  for (const disk of disks) {
    const device = attrOf(disk, "device");
    if (changeable && device !== undefined && device !== "cdrom" && device !== "floppy") continue;
    const source = childElement(disk, "source");
    const candidates = [attrOf(childElement(disk, "target"), "dev"), ...["file", "dev", "dir", "name"].map((n) => attrOf(source, n))];
    if (candidates.includes(path)) {
      const backing = childElement(disk, "backingStore");
      if (backing) disk.removeChild(backing);
      return disk;
    }
  }
  throw new CliError(`No disk found whose source path or target is ${path}`);
}
