// Domain events and the connection close callback.
//
// Delivery never runs on the socket reader: messages are routed by the
// server's callbackID and handed to a dispatcher that calls back on a later
// macrotask (src/rpc/events.ts). A callback that throws or rejects is
// reported on the connection's "callbackError" event (or as a process
// warning when nobody listens); a slow async callback is not awaited.
import { Connection } from "./connection.js";
import type { Domain } from "./domain/handle.js";
import type { CallOptions } from "../rpc/call-options.js";
import type { RpcClient } from "../rpc/client.js";
import { ConnectionClosedError, VirtError } from "../rpc/errors.js";
import { Dispatcher, EventRouter, type RoutedEvent } from "../rpc/events.js";
import { Connect, Error as Err } from "../protocol/generated/constants.js";
import {
  decodeDomainEvent,
  isDomainEventId,
  type DomainEvent,
  type DomainEventIdNumber,
  type DomainEventOf,
} from "./event-types.js";
import { BoundedAsyncQueue, DEFAULT_EVENT_BUFFER } from "../rpc/event-queue.js";
import { callbackArg, intArg, invalidArgument } from "./validate.js";

/**
 * A domain event callback: Sys::Virt's (conn, dom, ...args) as (dom, event)
 * with a typed event object (the connection is dom.getConnection()). A
 * returned promise is not awaited; its rejection is reported.
 */
export type DomainEventCallback<E extends DomainEventIdNumber> = (dom: Domain, event: DomainEventOf<E>) => unknown;

/** VIR_CONNECT_CLOSE_REASON_*: 0 error, 1 eof, 2 keepalive, 3 client. */
export type CloseReason = 0 | 1 | 2 | 3;
export type CloseCallback = (conn: Connection, reason: CloseReason) => unknown;

const REASONS: Record<ConnectionClosedError["reason"], CloseReason> = {
  error: Connect.CLOSE_REASON_ERROR as CloseReason,
  eof: Connect.CLOSE_REASON_EOF as CloseReason,
  keepalive: Connect.CLOSE_REASON_KEEPALIVE as CloseReason,
  client: Connect.CLOSE_REASON_CLIENT as CloseReason,
};

interface Subscription {
  readonly localId: number;
  readonly eventId: DomainEventIdNumber;
  readonly deliver: (ev: DomainEvent) => void;
  readonly reg: ServerReg;
  active: boolean;
}

/**
 * One server-side registration per (event id, domain filter): libvirtd
 * refuses a second identical one on a connection ("event callback already
 * tracked"), so local subscriptions share it, as libvirt's own client does.
 * Register/deregister calls of one key are chained: the server runs calls on
 * several workers and could otherwise see them out of order.
 */
interface ServerReg {
  readonly key: string;
  readonly eventId: DomainEventIdNumber;
  readonly domain: Domain | null;
  readonly subs: Set<Subscription>;
  serverId: number | null;
  chain: Promise<void>;
}

/** @internal per-connection event state (subscriptions survive a reconnect). */
export class ConnectionEvents {
  readonly dispatcher: Dispatcher;
  readonly router: EventRouter;
  /** Set by reconnect: a lost connection does not end subscriptions and iterators. */
  survivesClose = false;
  private readonly subs = new Map<number, Subscription>();
  private readonly regs = new Map<string, ServerReg>();
  private readonly streams = new Set<DomainEventStream<DomainEventIdNumber>>();
  private nextId = 1;
  private closeCb: CloseCallback | null = null;
  private closeFiredFor: RpcClient | null = null;

  constructor(private readonly conn: Connection) {
    this.dispatcher = new Dispatcher((err) => this.report(err));
    this.router = new EventRouter(this.dispatcher);
    this.router.onConnectionClosed = (reason) => {
      const rpc = this.router.client;
      if (rpc) this.fireClose(rpc, toReason(reason));
    };
    this.bind(conn.rpc);
  }

  /** Follow a (new) RpcClient; server callback ids of the old one are forgotten. */
  bind(rpc: RpcClient): void {
    if (this.router.client === rpc) return;
    this.router.attach(rpc);
    for (const r of this.regs.values()) {
      r.serverId = null;
      r.chain = Promise.resolve();
    }
    rpc.once("close", (err: ConnectionClosedError) => this.onRpcClose(rpc, err));
  }

  async add(eventId: DomainEventIdNumber, domain: Domain | null, deliver: (ev: DomainEvent) => void, opts?: CallOptions): Promise<number> {
    const key = `${eventId}/${domain ? domain.getUuidString() : "*"}`;
    let reg = this.regs.get(key);
    if (!reg) {
      reg = { key, eventId, domain, subs: new Set(), serverId: null, chain: Promise.resolve() };
      this.regs.set(key, reg);
    }
    const sub: Subscription = { localId: this.nextId++, eventId, deliver, reg, active: true };
    this.subs.set(sub.localId, sub);
    reg.subs.add(sub);
    try {
      await this.ensure(reg, opts);
    } catch (err) {
      this.drop(sub);
      void this.release(reg).catch(() => undefined);
      throw err;
    }
    return sub.localId;
  }

  async remove(localId: number, opts?: CallOptions): Promise<void> {
    const sub = this.subs.get(localId);
    if (!sub) {
      throw VirtError.local(Err.ERR_INVALID_ARG, Err.FROM_DOMAIN, `callback ID ${localId} not registered`);
    }
    this.drop(sub);
    await this.release(sub.reg, opts);
  }

  /** After a reconnect: register every live subscription again; returns the failures. */
  async reregisterAll(): Promise<{ localId: number; error: Error }[]> {
    const failed: { localId: number; error: Error }[] = [];
    for (const reg of [...this.regs.values()]) {
      if (reg.subs.size === 0) continue;
      try {
        await this.ensure(reg);
      } catch (err) {
        for (const s of reg.subs) failed.push({ localId: s.localId, error: err as Error });
      }
    }
    if (this.closeCb) {
      try {
        if ((await this.conn.serverFeatures()).closeCallback) await this.conn.call("connect_register_close_callback", undefined);
      } catch (err) {
        failed.push({ localId: 0, error: err as Error });
      }
    }
    return failed;
  }

  async setCloseCallback(cb: CloseCallback, opts?: CallOptions): Promise<void> {
    if (this.closeCb) {
      throw VirtError.local(Err.ERR_OPERATION_INVALID, Err.FROM_RPC, "A close callback is already registered");
    }
    this.closeCb = cb;
    if (this.conn.rpc.closed || this.conn.features.closeCallback === false) return;
    // Probe (when not yet known) and register leave in the same write, so the
    // registration is in place as early as before the probe became lazy.
    const [probe, reg] = await Promise.allSettled([
      this.conn.serverFeatures(opts),
      this.conn.call("connect_register_close_callback", undefined, opts),
    ]);
    // A server without the feature refuses the call: the callback stays local (EOF, keepalive, client).
    if (probe.status === "fulfilled" && !probe.value.closeCallback) return;
    if (reg.status === "rejected") {
      this.closeCb = null;
      throw reg.reason;
    }
  }

  async clearCloseCallback(opts?: CallOptions): Promise<void> {
    if (!this.closeCb) {
      throw VirtError.local(Err.ERR_OPERATION_INVALID, Err.FROM_RPC, "No close callback is registered");
    }
    this.closeCb = null;
    const rpc = this.conn.rpc;
    if (rpc.closed) return;
    if (!(await this.conn.serverFeatures(opts)).closeCallback || rpc.closed) return;
    await rpc.call("connect_unregister_close_callback", undefined, this.conn.withCallTimeout(opts));
  }

  trackStream(s: DomainEventStream<DomainEventIdNumber>): void {
    this.streams.add(s);
  }

  untrackStream(s: DomainEventStream<DomainEventIdNumber>): void {
    this.streams.delete(s);
  }

  /** The connection is gone for good: iterators end with `err`, subscriptions are dropped. */
  shutdown(err: Error): void {
    for (const s of this.subs.values()) s.active = false;
    this.subs.clear();
    this.regs.clear();
    // Closed by the application: iterators just end; lost otherwise: they throw.
    for (const st of [...this.streams]) st.fail(this.conn.closingByClient ? null : err);
    this.streams.clear();
  }

  /** Report a callback's failure without disturbing the connection. */
  report(err: unknown): void {
    if (this.conn.listenerCount("callbackError") > 0) this.conn.emit("callbackError", err);
    else process.emitWarning(err instanceof Error ? err : new Error(String(err)), "VirtwireCallbackWarning");
  }

  private drop(sub: Subscription): void {
    sub.active = false;
    this.subs.delete(sub.localId);
    sub.reg.subs.delete(sub);
  }

  /** Queue an operation on a registration; the chain goes on after a failure. */
  private queueOp(reg: ServerReg, op: () => Promise<void>): Promise<void> {
    const p = reg.chain.then(op);
    reg.chain = p.catch(() => undefined);
    return p;
  }

  /** Make sure the server has the registration while it has subscribers. */
  private ensure(reg: ServerReg, opts?: CallOptions): Promise<void> {
    return this.queueOp(reg, async () => {
      if (reg.serverId !== null || reg.subs.size === 0) return;
      const args = { eventID: reg.eventId, dom: reg.domain ? reg.domain.ref : null };
      const callOpts = this.conn.withCallTimeout(opts);
      reg.serverId = await this.router.register(
        async (rpc) => (await rpc.call<{ callbackID: number }>("connect_domain_event_callback_register_any", args, callOpts)).callbackID,
        (ev) => {
          for (const sub of reg.subs) this.deliverTo(sub, ev);
        },
      );
    });
  }

  /** Deregister on the server once the last subscriber left. */
  private release(reg: ServerReg, opts?: CallOptions): Promise<void> {
    return this.queueOp(reg, async () => {
      try {
        if (reg.subs.size > 0 || reg.serverId === null) return;
        const id = reg.serverId;
        reg.serverId = null;
        this.router.unroute(id);
        const rpc = this.router.client;
        if (!rpc || rpc.closed) return;
        await rpc.call("connect_domain_event_callback_deregister_any", { callbackID: id }, this.conn.withCallTimeout(opts));
      } finally {
        // Forget the key only when idle; an add() meanwhile queued behind us on this object.
        if (reg.subs.size === 0 && reg.serverId === null && this.regs.get(reg.key) === reg) this.regs.delete(reg.key);
      }
    });
  }

  private deliverTo(sub: Subscription, ev: RoutedEvent): void {
    if (!sub.active || ev.eventId !== sub.eventId) return;
    let typed: DomainEvent;
    try {
      typed = decodeDomainEvent(this.conn, sub.eventId, ev.fields);
    } catch (err) {
      this.report(err);
      return;
    }
    try {
      sub.deliver(typed);
    } catch (err) {
      // One failing callback must not keep the event from the others.
      this.report(err);
    }
  }

  private onRpcClose(rpc: RpcClient, err: ConnectionClosedError): void {
    const reason = this.conn.closingByClient ? REASONS.client : REASONS[err.reason] ?? REASONS.error;
    this.fireClose(rpc, reason);
    if (!this.survivesClose) this.shutdown(err);
  }

  private fireClose(rpc: RpcClient, reason: CloseReason): void {
    // Once per underlying connection, whether the server told us or we noticed.
    if (this.closeFiredFor === rpc) return;
    this.closeFiredFor = rpc;
    const cb = this.closeCb;
    if (!cb) return;
    this.dispatcher.enqueue(() => this.settle(cb(this.conn, reason)));
  }

  /** @internal catch a callback's rejected promise */
  settle(r: unknown): void {
    if (r !== null && typeof r === "object" && typeof (r as { then?: unknown }).then === "function") {
      (r as PromiseLike<unknown>).then(undefined, (err: unknown) => this.report(err));
    }
  }
}

function toReason(n: number): CloseReason {
  return n >= 0 && n <= 3 ? (n as CloseReason) : 0;
}

const managers = new WeakMap<Connection, ConnectionEvents>();

/** @internal the event state of a connection, created on first use. */
export function eventsOf(conn: Connection): ConnectionEvents {
  let m = managers.get(conn);
  if (!m) {
    m = new ConnectionEvents(conn);
    managers.set(conn, m);
  }
  return m;
}

/** @internal the event state if any was created. */
export function existingEvents(conn: Connection): ConnectionEvents | undefined {
  return managers.get(conn);
}

function checkEventId(eventId: unknown): asserts eventId is DomainEventIdNumber {
  if (!isDomainEventId(eventId)) {
    throw VirtError.local(Err.ERR_INVALID_ARG, Err.FROM_DOMAIN, `unknown domain event id ${String(eventId)} (expected 0..29)`);
  }
}

declare module "./connection.js" {
  interface Connection {
    /**
     * virConnectDomainEventRegisterAny: call `cb(dom, event)` for each
     * event `eventId` (of `dom` only, or of every domain for null). Resolves
     * with a callback id for domainEventDeregisterAny; the id is ours and
     * stays valid across reconnects.
     */
    domainEventRegisterAny<E extends DomainEventIdNumber>(
      dom: Domain | null,
      eventId: E,
      cb: DomainEventCallback<E>,
      opts?: CallOptions,
    ): Promise<number>;
    /** virConnectDomainEventDeregisterAny. */
    domainEventDeregisterAny(callbackId: number, opts?: CallOptions): Promise<void>;
    /**
     * Events as an async iterator over a bounded queue (drop-oldest on
     * overflow; see DomainEventStream). Await `.ready` before causing events
     * you want to see.
     */
    domainEvents<E extends DomainEventIdNumber>(eventIds: E | readonly E[], opts?: DomainEventsOptions): DomainEventStream<E>;
    /**
     * virConnectRegisterCloseCallback: `cb(conn, reason)` once when the
     * connection goes away: told by the server (error/eof/keepalive) or
     * noticed locally (socket error = 0, EOF = 1, keepalive timeout = 2,
     * close() = 3). One callback per connection, as in libvirt.
     */
    registerCloseCallback(cb: CloseCallback, opts?: CallOptions): Promise<void>;
    unregisterCloseCallback(opts?: CallOptions): Promise<void>;
  }
}

Connection.prototype.domainEventRegisterAny = async function <E extends DomainEventIdNumber>(
  this: Connection,
  dom: Domain | null,
  eventId: E,
  cb: DomainEventCallback<E>,
  opts?: CallOptions,
): Promise<number> {
  checkEventId(eventId);
  callbackArg(Err.FROM_DOMAIN, "callback", cb);
  const m = eventsOf(this);
  return m.add(eventId, dom, (ev) => m.settle(cb(ev.dom, ev as DomainEventOf<E>)), opts);
};

Connection.prototype.domainEventDeregisterAny = async function (this: Connection, callbackId: number, opts?: CallOptions) {
  await eventsOf(this).remove(intArg(Err.FROM_DOMAIN, "callback ID", callbackId, 0, Number.MAX_SAFE_INTEGER), opts);
};

Connection.prototype.domainEvents = function <E extends DomainEventIdNumber>(
  this: Connection,
  eventIds: E | readonly E[],
  opts: DomainEventsOptions = {},
): DomainEventStream<E> {
  const ids = (Array.isArray(eventIds) ? [...(eventIds as readonly E[])] : [eventIds as E]);
  if (ids.length === 0) throw invalidArgument(Err.FROM_DOMAIN, "domainEvents needs at least one event id");
  for (const id of ids) checkEventId(id);
  return new DomainEventStream<E>(eventsOf(this), ids, opts);
};

Connection.prototype.registerCloseCallback = async function (this: Connection, cb: CloseCallback, opts?: CallOptions) {
  callbackArg(Err.FROM_NONE, "callback", cb);
  await eventsOf(this).setCloseCallback(cb, opts);
};

Connection.prototype.unregisterCloseCallback = async function (this: Connection, opts?: CallOptions) {
  await eventsOf(this).clearCloseCallback(opts);
};

export interface DomainEventsOptions {
  /** Only events of this domain (server-side filter). */
  domain?: Domain | null;
  /** Abort ends the iteration (quietly) and deregisters. */
  signal?: AbortSignal;
  /** Events held for a slow consumer before the oldest is dropped (default 1024). */
  bufferSize?: number;
}

/**
 * An async iterator of domain events over a bounded queue. Overflow policy:
 * the producer (the socket reader) never waits; when `bufferSize` events are
 * waiting, the OLDEST is dropped, `dropped` counts it, and the event that
 * becomes the oldest carries `missed` (events lost just before it).
 * Iteration ends on close()/return()/break or when `signal` aborts; if the
 * connection closes (and does not reconnect) it throws the
 * ConnectionClosedError after the buffered events. With reconnect the
 * iterator survives; events during the outage are lost (see "reconnected").
 */
export class DomainEventStream<E extends DomainEventIdNumber> implements AsyncIterableIterator<DomainEventOf<E>> {
  /** Resolves once every event id is registered on the server; rejects if one failed. */
  readonly ready: Promise<void>;
  private readonly queue: BoundedAsyncQueue<DomainEventOf<E>>;
  private readonly localIds: number[] = [];
  private closed = false;
  private readonly onAbort: () => void;
  private readonly signal: AbortSignal | undefined;

  /** @internal use conn.domainEvents() */
  constructor(
    private readonly events: ConnectionEvents,
    eventIds: readonly E[],
    opts: DomainEventsOptions,
  ) {
    this.queue = new BoundedAsyncQueue<DomainEventOf<E>>(opts.bufferSize ?? DEFAULT_EVENT_BUFFER);
    this.signal = opts.signal;
    this.onAbort = () => void this.close();
    events.trackStream(this as unknown as DomainEventStream<DomainEventIdNumber>);
    if (this.signal?.aborted) {
      this.closed = true;
      this.queue.end();
      this.ready = Promise.resolve();
      return;
    }
    this.signal?.addEventListener("abort", this.onAbort, { once: true });
    this.ready = this.registerAll(eventIds, opts.domain ?? null);
    // Failure surfaces through next() too; keep an unobserved `ready` quiet.
    this.ready.catch(() => undefined);
  }

  /** Events dropped so far because the consumer fell behind. */
  get dropped(): number {
    return this.queue.dropped;
  }

  /** Events waiting to be consumed. */
  get buffered(): number {
    return this.queue.size;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<DomainEventOf<E>>> {
    return this.queue.next();
  }

  async return(): Promise<IteratorResult<DomainEventOf<E>>> {
    await this.close();
    return { value: undefined, done: true };
  }

  /** Deregister and end the iteration; buffered events are discarded. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal?.removeEventListener("abort", this.onAbort);
    this.queue.clear();
    this.events.untrackStream(this as unknown as DomainEventStream<DomainEventIdNumber>);
    const ids = this.localIds.splice(0);
    await Promise.all(ids.map((id) => this.events.remove(id).catch(() => undefined)));
  }

  /** @internal the connection is gone for good (null: closed by the application) */
  fail(err: Error | null): void {
    if (this.closed) return;
    this.closed = true;
    this.signal?.removeEventListener("abort", this.onAbort);
    this.localIds.length = 0;
    if (err) this.queue.fail(err);
    else this.queue.end();
  }

  private async registerAll(eventIds: readonly E[], domain: Domain | null): Promise<void> {
    try {
      for (const id of eventIds) {
        const local = await this.events.add(id, domain, (ev) => this.queue.push(ev as DomainEventOf<E>));
        if (this.closed) {
          await this.events.remove(local).catch(() => undefined);
          return;
        }
        this.localIds.push(local);
      }
    } catch (err) {
      // Fail first: close() then keeps the error for next().
      this.queue.fail(err);
      await this.close();
      throw err;
    }
  }
}
