// event: wait for domain events and print them as virsh does.
import type { CommandDef } from "../command.js";
import type { Domain } from "../../api/domain/handle.js";
import type { DomainEvent, DomainEventIdNumber } from "../../api/event-types.js";
import { VirtError } from "../../rpc/errors.js";
import { CliError, Interrupted } from "../errors.js";
import {
  AGENT_REASONS,
  AGENT_STATES,
  DISK_CHANGE_REASONS,
  EVENT_NAMES,
  GRAPHICS_FAMILIES,
  GRAPHICS_PHASES,
  IO_ERROR_ACTIONS,
  MEMORY_FAILURE_ACTIONS,
  MEMORY_FAILURE_RECIPIENTS,
  METADATA_TYPES,
  WATCHDOG_ACTIONS,
  blockJobName,
  blockJobStatusName,
  lifecycleDetail,
  lifecycleName,
  pick,
} from "../format/enums.js";
import { eventTimestamp, paramValueRaw } from "../format/values.js";
import { toJson } from "../json.js";

/** The line(s) virsh prints for one event. */
export function describeEvent(ev: DomainEvent): string {
  const n = ev.dom.getName();
  const name = EVENT_NAMES[ev.eventId] ?? "unknown";
  switch (ev.eventId) {
    case 0:
      return `event 'lifecycle' for domain '${n}': ${lifecycleName(ev.event)} ${lifecycleDetail(ev.event, ev.detail)}\n`;
    case 2:
      return `event 'rtc-change' for domain '${n}': ${ev.utcoffset}\n`;
    case 3:
      return `event 'watchdog' for domain '${n}': ${pick(WATCHDOG_ACTIONS, ev.action, "unknown")}\n`;
    case 4:
      return `event 'io-error' for domain '${n}': ${ev.srcPath} (${ev.devAlias}) ${pick(IO_ERROR_ACTIONS, ev.action, "unknown")}\n`;
    case 5: {
      let s =
        `event 'graphics' for domain '${n}': ${pick(GRAPHICS_PHASES, ev.phase, "unknown")} ` +
        `local[${pick(GRAPHICS_FAMILIES, ev.local.family, "unknown")} ${ev.local.node} ${ev.local.service}] ` +
        `remote[${pick(GRAPHICS_FAMILIES, ev.remote.family, "unknown")} ${ev.remote.node} ${ev.remote.service}] ${ev.authScheme}\n`;
      for (const id of ev.subject) s += `\t${id.type}=${id.name}\n`;
      return s;
    }
    case 6:
      return `event 'io-error' for domain '${n}': ${ev.srcPath} (${ev.devAlias}) ${pick(IO_ERROR_ACTIONS, ev.action, "unknown")} due to ${ev.reason}\n`;
    case 8:
      return `event '${name}' for domain '${n}': ${blockJobName(ev.type)} for ${ev.path} ${blockJobStatusName(ev.status)}\n`;
    case 16:
      return `event '${name}' for domain '${n}': ${blockJobName(ev.type)} for ${ev.disk} ${blockJobStatusName(ev.status)}\n`;
    case 9:
      return `event 'disk-change' for domain '${n}' disk ${ev.devAlias}: ${ev.oldSrcPath ?? "(null)"} -> ${ev.newSrcPath ?? "(null)"}: ${pick(DISK_CHANGE_REASONS, ev.reason, "unknown")}\n`;
    case 10:
      return `event 'tray-change' for domain '${n}' disk ${ev.devAlias}: ${ev.reason === 0 ? "opened" : ev.reason === 1 ? "closed" : "unknown"}\n`;
    case 13:
      return `event 'balloon-change' for domain '${n}': ${ev.actual}KiB\n`;
    case 15:
      return `event 'device-removed' for domain '${n}': ${ev.devAlias}\n`;
    case 17: {
      let s = `event 'tunable' for domain '${n}':\n`;
      for (const [k, v] of Object.entries(ev.params)) s += `\t${k}: ${paramValueRaw(v)}\n`;
      return s;
    }
    case 18:
      return `event 'agent-lifecycle' for domain '${n}': state: '${pick(AGENT_STATES, ev.state, "unsupported value")}' reason: '${pick(AGENT_REASONS, ev.reason, "unsupported value")}'\n`;
    case 19:
      return `event 'device-added' for domain '${n}': ${ev.devAlias}\n`;
    case 20:
      return `event 'migration-iteration' for domain '${n}': iteration: '${ev.iteration}'\n`;
    case 21: {
      let s = `event 'job-completed' for domain '${n}':\n`;
      for (const [k, v] of Object.entries(ev.params)) s += `\t${k}: ${paramValueRaw(v)}\n`;
      return s;
    }
    case 22:
      return `event 'device-removal-failed' for domain '${n}': ${ev.devAlias}\n`;
    case 23:
      return `event 'metadata-change' for domain '${n}': type ${pick(METADATA_TYPES, ev.type, "unsupported value")}, uri ${ev.nsuri ?? "(null)"}\n`;
    case 24:
      return `event 'block-threshold' for domain '${n}': dev: ${ev.dev}(${ev.path ?? "(null)"}) ${ev.threshold} ${ev.excess}\n`;
    case 25:
      return (
        `event 'memory-failure' for domain '${n}':\nrecipient: ${pick(MEMORY_FAILURE_RECIPIENTS, ev.recipient, "unsupported value")}\n` +
        `action: ${pick(MEMORY_FAILURE_ACTIONS, ev.action, "unsupported value")}\n` +
        `flags:\n\taction required: ${ev.flags & 1 ? 1 : 0}\n\trecursive: ${ev.flags & 2 ? 1 : 0}\n`
      );
    case 26:
      return `event 'memory-device-size-change' for domain '${n}':\nalias: ${ev.alias}\nsize: ${ev.size}\n`;
    case 27:
      return `event 'nic-mac-change' for domain '${n}':\nalias: ${ev.alias}\noldMAC: ${ev.oldMAC}\nnewMAC: ${ev.newMAC}\n`;
    // 28 and 29 (libvirt 12.4): no virsh of that age here to compare with; the
    // channel states and reasons are the agent lifecycle's.
    case 28:
      return `event 'vcpu-removed' for domain '${n}': vcpuid: ${ev.vcpuid}\n`;
    case 29:
      return `event 'channel-lifecycle' for domain '${n}': channel: ${ev.channelName} state: '${pick(AGENT_STATES, ev.state, "unsupported value")}' reason: '${pick(AGENT_REASONS, ev.reason, "unsupported value")}'\n`;
    default:
      // reboot, control-error, pm-wakeup, pm-suspend, pm-suspend-disk
      return `event '${name}' for domain '${n}'\n`;
  }
}

/** One event as a JSON object: its name, the domain and its fields. */
export function eventJson(ev: DomainEvent, timestamp?: string): Record<string, unknown> {
  const { dom, eventId, missed, ...fields } = ev as DomainEvent & { missed?: number };
  const o: Record<string, unknown> = { event: EVENT_NAMES[eventId] ?? String(eventId), domain: dom.getName(), uuid: dom.getUuidString() };
  if (timestamp) o["timestamp"] = timestamp;
  if (eventId === 0) {
    const lc = fields as { event: number; detail: number };
    Object.assign(o, { lifecycle: lifecycleName(lc.event), detail: lifecycleDetail(lc.event, lc.detail), lifecycleCode: lc.event, detailCode: lc.detail });
  } else {
    Object.assign(o, fields);
  }
  if (missed) o["missed"] = missed;
  return o;
}

export const event: CommandDef = {
  name: "event",
  group: "events",
  help: "Domain Events",
  desc: "List event types, or wait for domain events to occur",
  options: [
    { name: "domain", type: "string", help: "filter by domain name, id or uuid" },
    { name: "event", type: "string", help: "which event type to wait for" },
    { name: "all", type: "bool", help: "wait for all events instead of just one type" },
    { name: "loop", type: "bool", help: "loop until timeout or interrupt, rather than one-shot" },
    { name: "timeout", type: "int", help: "timeout seconds" },
    { name: "list", type: "bool", help: "list valid event types" },
    { name: "timestamp", type: "bool", help: "show timestamp for each printed event" },
  ],
  async run(ctx, a) {
    a.exclusive("all", "event");
    a.exclusive("list", "all");
    a.exclusive("list", "event");
    if (a.bool("list")) return { json: EVENT_NAMES, text: EVENT_NAMES.map((e) => `${e}\n`).join("") };
    const eventName = a.str("event");
    if (eventName === undefined && !a.bool("all")) throw new CliError("one of --list, --all, or --event <type> is required");
    const ids: DomainEventIdNumber[] = [];
    EVENT_NAMES.forEach((e, i) => {
      if (eventName === undefined || e === eventName) ids.push(i as DomainEventIdNumber);
    });
    if (!ids.length) throw new CliError(`unknown event type ${eventName}`);
    const timeout = a.int("timeout", 0, 0x7fffffff / 1000);
    if (a.has("timeout") && timeout === 0) throw new CliError("invalid timeout 0");
    const loop = a.bool("loop");
    const stamp = a.bool("timestamp");
    const domain: Domain | null = a.has("domain") ? await ctx.domain(a.req("domain")) : null;
    const conn = await ctx.conn();

    let count = 0;
    let finish: (why: "done" | "timeout" | "interrupt") => void = () => undefined;
    const ended = new Promise<"done" | "timeout" | "interrupt">((resolve) => (finish = resolve));
    const onEvent = (_d: Domain, ev: DomainEvent): void => {
      if (!loop && count > 0) return;
      const ts = stamp ? eventTimestamp() : undefined;
      if (ctx.json) ctx.print(`${toJson(eventJson(ev, ts))}\n`);
      else ctx.print(`${ts ? `${ts}: ` : ""}${describeEvent(ev)}`);
      count++;
      if (!loop) finish("done");
    };
    const registered: number[] = [];
    const onAbort = (): void => finish("interrupt");
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    // Without a timeout the wait must still hold the process open: an embedded
    // test:/// connection has no socket to do it, and Node would just exit.
    const timer = timeout ? setTimeout(() => finish("timeout"), timeout * 1000) : setInterval(() => undefined, 0x7fffffff);
    try {
      for (const [i, id] of ids.entries()) {
        try {
          registered.push(await conn.domainEventRegisterAny(domain, id, onEvent, ctx.call));
        } catch (err) {
          if (ctx.signal.aborted) throw new Interrupted();
          // Older servers know fewer events: only the first must succeed.
          if (i === 0 || !(err instanceof VirtError)) throw err;
        }
      }
      const why = ctx.signal.aborted ? "interrupt" : await ended;
      let tail = "";
      if (why === "interrupt") tail += "event loop interrupted\n";
      if (why === "timeout") tail += "event loop timed out\n";
      tail += `events received: ${count}\n`;
      if (ctx.json) return { json: { received: count, ended: why }, ok: count > 0 };
      return { text: tail, ok: count > 0 };
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
      for (const id of registered) await conn.domainEventDeregisterAny(id, { timeout: 2000 }).catch(() => undefined);
    }
  },
};
