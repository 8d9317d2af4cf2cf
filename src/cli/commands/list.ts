// list: the domain table (or bare ids, names, UUIDs).
import type { CommandDef } from "../command.js";
import { out } from "../command.js";
import type { Args } from "../args.js";
import type { Ctx } from "../context.js";
import type { Domain } from "../../api/domain/handle.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { VirtError } from "../../rpc/errors.js";
import { formatTable } from "../format/table.js";
import { stateName } from "../format/enums.js";

const FILTERS: readonly [string, number][] = [
  ["persistent", C.LIST_PERSISTENT],
  ["transient", C.LIST_TRANSIENT],
  ["with-managed-save", C.LIST_MANAGEDSAVE],
  ["without-managed-save", C.LIST_NO_MANAGEDSAVE],
  ["autostart", C.LIST_AUTOSTART],
  ["no-autostart", C.LIST_NO_AUTOSTART],
  ["with-snapshot", C.LIST_HAS_SNAPSHOT],
  ["without-snapshot", C.LIST_NO_SNAPSHOT],
  ["with-checkpoint", C.LIST_HAS_CHECKPOINT],
  ["without-checkpoint", C.LIST_NO_CHECKPOINT],
  ["state-running", C.LIST_RUNNING],
  ["state-paused", C.LIST_PAUSED],
  ["state-shutoff", C.LIST_SHUTOFF],
  ["state-other", C.LIST_OTHER],
];

/** virsh's flags: active by default, --inactive/--state-shutoff inactive, --all both. */
export function listFlags(a: Args): number {
  let flags: number = C.LIST_ACTIVE;
  if (a.bool("inactive") || a.bool("state-shutoff")) flags = C.LIST_INACTIVE;
  if (a.bool("all")) flags = C.LIST_ACTIVE | C.LIST_INACTIVE;
  for (const [opt, f] of FILTERS) if (a.bool(opt)) flags |= f;
  return flags;
}

/** Running domains by id, then inactive ones by name (case-insensitive), as virsh sorts. */
export function sortDomains(doms: Domain[]): Domain[] {
  return doms.sort((x, y) => {
    const ix = x.getId();
    const iy = y.getId();
    if (ix >= 0 && iy >= 0) return ix - iy;
    if (ix >= 0) return -1;
    if (iy >= 0) return 1;
    const a = x.getName().toLowerCase();
    const b = y.getName().toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** The title (or description) from metadata; "" when there is none. */
export async function domainTitle(ctx: Ctx, d: Domain, title: boolean, flags = 0): Promise<string> {
  try {
    return await d.getMetadata(title ? C.METADATA_TITLE : C.METADATA_DESCRIPTION, null, flags, ctx.call);
  } catch (err) {
    if (err instanceof VirtError && err.code === VirtError.ERR_NO_DOMAIN_METADATA) return "";
    throw err;
  }
}

interface Row {
  id: number | null;
  name: string;
  uuid: string;
  state: string;
  title?: string;
}

export const list: CommandDef = {
  name: "list",
  group: "monitor",
  help: "list domains",
  desc: "Returns list of domains.",
  options: [
    { name: "inactive", type: "bool", help: "list inactive domains" },
    { name: "all", type: "bool", help: "list inactive & active domains" },
    { name: "transient", type: "bool", help: "list transient domains" },
    { name: "persistent", type: "bool", help: "list persistent domains" },
    { name: "with-snapshot", type: "bool", help: "list domains with existing snapshot" },
    { name: "without-snapshot", type: "bool", help: "list domains without a snapshot" },
    { name: "with-checkpoint", type: "bool", help: "list domains with existing checkpoint" },
    { name: "without-checkpoint", type: "bool", help: "list domains without a checkpoint" },
    { name: "state-running", type: "bool", help: "list domains in running state" },
    { name: "state-paused", type: "bool", help: "list domains in paused state" },
    { name: "state-shutoff", type: "bool", help: "list domains in shutoff state" },
    { name: "state-other", type: "bool", help: "list domains in other states" },
    { name: "autostart", type: "bool", help: "list domains with autostart enabled" },
    { name: "no-autostart", type: "bool", help: "list domains with autostart disabled" },
    { name: "with-managed-save", type: "bool", help: "list domains with managed save state" },
    { name: "without-managed-save", type: "bool", help: "list domains without managed save" },
    { name: "uuid", type: "bool", help: "list uuid's only" },
    { name: "name", type: "bool", help: "list domain names only" },
    { name: "id", type: "bool", help: "list domain IDs only" },
    { name: "table", type: "bool", help: "list table (default)" },
    { name: "managed-save", type: "bool", help: "mark inactive domains with managed save state" },
    { name: "title", type: "bool", help: "show domain title" },
  ],
  async run(ctx, a) {
    const flags = listFlags(a);
    a.exclusive("table", "name");
    a.exclusive("table", "id");
    const optUuid = a.bool("uuid");
    const optName = a.bool("name");
    const optId = a.bool("id");
    const optTitle = a.bool("title");
    const table = a.bool("table") || (!optUuid && !optName && !optId);
    const conn = await ctx.conn();
    const doms = sortDomains(await conn.listAllDomains(flags, ctx.call));

    const rows: Row[] = [];
    let text = "";
    const cells: string[][] = [];
    for (const d of doms) {
      const id = d.getId();
      const row: Row = { id: id >= 0 ? id : null, name: d.getName(), uuid: d.getUuidString(), state: "" };
      if (table || ctx.json) {
        let state: number;
        try {
          [state] = await d.getState(0, ctx.call);
        } catch (err) {
          // The domain may have gone away since the listing.
          if (err instanceof VirtError && err.code === VirtError.ERR_NO_DOMAIN) continue;
          throw err;
        }
        row.state = stateName(state);
        if (a.bool("managed-save") && state === C.STATE_SHUTOFF && (await d.hasManagedSaveImage(0, ctx.call))) row.state = "saved";
        if (optTitle) row.title = await domainTitle(ctx, d, true);
      }
      rows.push(row);
      const idText = id >= 0 ? String(id) : "-";
      if (table) {
        const extra: string[] = [];
        if (optTitle) extra.push(row.title ?? "");
        if (optUuid) extra.push(row.uuid);
        cells.push([idText, row.name, row.state, ...extra]);
        continue;
      }
      // Bare listing: uuid, id, name in that order, space separated.
      const parts: string[] = [];
      if (optUuid) parts.push(row.uuid);
      if (optId) {
        if (id < 0 && !optUuid && !optName) continue;
        parts.push(idText);
      }
      if (optName) parts.push(row.name);
      text += `${parts.join(" ")}\n`;
    }
    if (table) {
      const header = ["Id", "Name", "State"];
      if (optTitle) header.push("Title");
      if (optUuid) header.push("UUID");
      text = formatTable(header, cells, ctx.quiet);
    }
    return out(rows, text);
  },
};
