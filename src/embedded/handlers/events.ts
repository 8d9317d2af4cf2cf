// Event and close-callback registration procedures. libvirtd relays every
// registration of one connection through the same function per event id, so
// the driver refuses a second registration with the same event and filter
// ("event callback already tracked") whatever procedure made it.
import type { CallContext, DomainCallback, HandlerTable } from "./types.js";
import { ErrCode, ErrDomain, virErr } from "../driver/errors.js";

/** VIR_DOMAIN_EVENT_ID_LAST in libvirt 9.0. */
export const DOMAIN_EVENT_ID_LAST = 27;

function sameFilter(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

function register(ctx: CallContext, kind: DomainCallback["kind"], eventID: number, uuid: Uint8Array | null): number {
  if (eventID < 0 || eventID >= DOMAIN_EVENT_ID_LAST) {
    throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, `unsupported event ID ${eventID}`);
  }
  if (ctx.conn.callbacks.some((c) => c.eventID === eventID && sameFilter(c.uuid, uuid))) {
    throw virErr(ErrCode.INVALID_ARG, ErrDomain.NONE, "event callback already tracked");
  }
  const id = ctx.hv.nextCallbackId++;
  ctx.conn.callbacks.push({ id, kind, eventID, uuid });
  return id;
}

/** libvirtd removes the first of the connection's registrations that matches, whatever its kind. */
function unregister(ctx: CallContext, match: (c: DomainCallback) => boolean, what: string): void {
  const i = ctx.conn.callbacks.findIndex(match);
  if (i < 0) throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, what);
  ctx.conn.callbacks.splice(i, 1);
}

export const eventHandlers: HandlerTable = {
  connect_domain_event_callback_register_any: (ctx, a) => ({
    callbackID: register(ctx, "callback", a.eventID, a.dom ? Uint8Array.from(a.dom.uuid) : null),
  }),
  connect_domain_event_callback_deregister_any: (ctx, a) =>
    unregister(ctx, (c) => c.id === a.callbackID, `domain event callback ${a.callbackID} not registered`),
  connect_domain_event_register_any: (ctx, a) => void register(ctx, "any", a.eventID, null),
  connect_domain_event_deregister_any: (ctx, a) =>
    unregister(ctx, (c) => c.eventID === a.eventID, `domain event ${a.eventID} not registered`),
  connect_domain_event_register: (ctx) => {
    register(ctx, "legacy", 0, null);
    return { cb_registered: 0 };
  },
  connect_domain_event_deregister: (ctx) => {
    unregister(ctx, (c) => c.eventID === 0, "domain event 0 not registered");
    return { cb_registered: 0 };
  },
  connect_register_close_callback: (ctx) => {
    ctx.conn.closeCallback = true;
  },
  connect_unregister_close_callback: (ctx) => {
    ctx.conn.closeCallback = false;
  },
};
