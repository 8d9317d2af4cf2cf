// change-media: eject, insert or update the medium of a CD-ROM or floppy drive
// by rewriting the drive's XML (virshUpdateDiskXML) and updating the device.
import type { CommandDef } from "../command.js";
import { DOMAIN, affectFlags, dom, out } from "../command.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError, withContext } from "../errors.js";
import { attrOf, type DomElement } from "../xml.js";
import { childElement, findDisk, nodeText } from "./device-xml.js";

type Action = "eject" | "insert" | "update";

const DONE: Record<Action, string> = { eject: "ejected", insert: "inserted", update: "updated" };

/** The drive's XML with its <source> replaced by `source` (none when ejecting). */
function mediaXml(disk: DomElement, action: Action, source: string | undefined, block: boolean, path: string): string {
  const device = attrOf(disk, "device");
  if (device !== "cdrom" && device !== "floppy") throw new CliError(`The disk device '${path}' is not removable`);
  const old = childElement(disk, "source");
  if (action === "eject") {
    if (!old) throw new CliError(`The disk device '${path}' doesn't have media`);
    block = false;
    source = undefined;
  } else if (source === undefined) {
    throw new CliError("New disk media source was not specified");
  }
  let startupPolicy: string | undefined;
  if (old) {
    const oldPath = ["file", "dev", "dir", "pool", "name"].map((n) => attrOf(old, n)).find((v) => v !== undefined);
    if (oldPath !== undefined && action === "insert") throw new CliError(`The disk device '${path}' already has media`);
    startupPolicy = attrOf(old, "startupPolicy");
    disk.removeChild(old);
  }
  disk.setAttribute("type", block ? "block" : "file");
  if (source !== undefined) {
    const fresh = (disk.ownerDocument as NonNullable<DomElement["ownerDocument"]>).createElement("source");
    fresh.setAttribute(block ? "dev" : "file", source);
    if (startupPolicy !== undefined) fresh.setAttribute("startupPolicy", startupPolicy);
    // libvirt 9.0 puts the new source just before <target>, on a line of its own.
    const target = childElement(disk, "target");
    const indent = target?.previousSibling;
    if (target && indent?.nodeType === 3) {
      disk.insertBefore(fresh, target);
      disk.insertBefore(indent.cloneNode(false), target);
    } else disk.insertBefore(fresh, target ?? null);
  }
  return nodeText(disk);
}

export const changeMedia: CommandDef = {
  name: "change-media",
  group: "domain",
  help: "Change media of CD or floppy drive",
  desc: "Change media of CD or floppy drive.",
  options: [
    DOMAIN,
    { name: "path", type: "string", required: true, help: "Fully-qualified path or target of disk device" },
    { name: "source", type: "string", help: "source of the media" },
    { name: "eject", type: "bool", help: "Eject the media" },
    { name: "insert", type: "bool", help: "Insert the media" },
    { name: "update", type: "bool", help: "Update the media" },
    { name: "current", type: "bool", help: "can be either or both of --live and --config, depends on implementation hypervisor driver" },
    { name: "live", type: "bool", help: "alter live configuration of running domain" },
    { name: "config", type: "bool", help: "alter persistent configuration, effect observed on next boot" },
    { name: "force", type: "bool", help: "force media changing" },
    { name: "print-xml", type: "bool", help: "print XML document rather than change media" },
    { name: "block", type: "bool", help: "source media is a block device" },
  ],
  async run(ctx, a) {
    a.exclusive("eject", "insert");
    a.exclusive("eject", "update");
    a.exclusive("insert", "update");
    a.exclusive("eject", "block");
    const source = a.nonEmpty("source");
    // --update without --source ejects, as virsh's documentation says.
    let action: Action = "update";
    if (a.bool("eject") || (a.bool("update") && source === undefined)) action = "eject";
    else if (a.bool("insert")) action = "insert";
    let flags = affectFlags(a);
    if (a.bool("force")) flags |= C.DEVICE_MODIFY_FORCE;
    const d = await dom(ctx, a);
    const path = a.nonEmpty("path") as string;
    const doc = await d.getXmlDescription(flags & C.AFFECT_CONFIG ? C.XML_INACTIVE : 0, ctx.call);
    const xml = mediaXml(findDisk(doc, path, true), action, source, a.bool("block"), path);
    if (a.bool("print-xml")) return out({ xml }, xml);
    await withContext(`Failed to complete action ${action} on media`, d.updateDevice(xml, flags, ctx.call));
    // Printed even with -q: virsh uses vshPrint here.
    return out({ name: d.getName(), path, action }, `Successfully ${DONE[action]} media.`);
  },
};
