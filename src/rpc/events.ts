// Routing of server event messages to subscriptions, by the server's
// callbackID, with delivery deferred off the socket reader.
import type { RpcClient, ServerMessage } from "./client.js";
import { Program } from "../wire/constants.js";

/** Domain event id by the procedure number of its callback message (PROTOCOL.md "Events"). */
export const DOMAIN_EVENT_PROCS: Readonly<Record<number, number>> = {
  318: 0, 319: 1, 320: 2, 321: 3, 322: 4, 323: 5, 324: 6, 325: 7,
  326: 8, 327: 9, 328: 10, 329: 11, 330: 12, 331: 13, 332: 14, 333: 15,
  339: 16, 346: 17, 348: 18, 354: 19, 359: 20, 363: 21, 367: 22, 379: 23,
  385: 24, 423: 25, 438: 26, 453: 27, 454: 28, 455: 29,
};

/** Highest domain event id we decode. */
export const DOMAIN_EVENT_ID_MAX = 29;

/** CONNECT_EVENT_CONNECTION_CLOSED: { int reason }. */
export const CONNECTION_CLOSED_PROC = 362;

/** One event message, with the callbackID taken off and the legacy `msg` flattened. */
export interface RoutedEvent {
  eventId: number;
  callbackID: number;
  fields: Readonly<Record<string, unknown>>;
}

/** Jobs run at most this many per macrotask, so socket reads interleave with delivery. */
const BATCH = 64;

/**
 * Runs jobs later, in order, a batch per setImmediate turn: whatever a
 * callback does, the socket reader has already returned. A job that throws
 * is reported through onError and the next one runs. The queue is bounded:
 * past maxQueued the oldest job is dropped (and reported), which only
 * happens if callbacks block the event loop for long.
 */
export class Dispatcher {
  private q: ((() => void) | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  /** Jobs dropped because the queue was full. */
  dropped = 0;

  constructor(
    private readonly onError: (err: unknown) => void,
    private readonly maxQueued = 10_000,
  ) {}

  get size(): number {
    return this.q.length - this.head;
  }

  enqueue(job: () => void): void {
    if (this.size >= this.maxQueued) {
      this.q[this.head++] = undefined;
      this.dropped++;
      this.onError(new Error(`event dispatch queue full (${this.maxQueued}): oldest event dropped`));
    }
    this.q.push(job);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    for (let n = 0; n < BATCH && this.head < this.q.length; n++) {
      const job = this.q[this.head];
      this.q[this.head++] = undefined;
      try {
        job?.();
      } catch (err) {
        this.onError(err);
      }
    }
    if (this.head >= this.q.length) {
      this.q = [];
      this.head = 0;
    } else {
      if (this.head > 1024) {
        this.q = this.q.slice(this.head);
        this.head = 0;
      }
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }
}

/** Turn a decoded callback message into a RoutedEvent (null if it is not a domain event). */
export function routeOf(m: ServerMessage): RoutedEvent | null {
  if (m.prog !== Program.REMOTE) return null;
  const eventId = DOMAIN_EVENT_PROCS[m.proc];
  if (eventId === undefined || typeof m.body !== "object" || m.body === null) return null;
  const b = m.body as Record<string, unknown>;
  const callbackID = b["callbackID"];
  if (typeof callbackID !== "number") return null;
  let fields: Record<string, unknown>;
  if (eventId <= 15) {
    // Ids 0..15 wrap the legacy message; PM events add a reason beside it.
    const msg = b["msg"];
    fields = typeof msg === "object" && msg !== null ? { ...(msg as Record<string, unknown>) } : {};
    if ("reason" in b) fields["reason"] = b["reason"];
  } else {
    fields = { ...b };
    delete fields["callbackID"];
  }
  return { eventId, callbackID, fields };
}

type Handler = (ev: RoutedEvent) => void;

/**
 * Routes event messages of one RpcClient at a time to handlers by the
 * server's callbackID. An event can arrive in the same read as the REPLY of
 * its registration, before the caller learns the id: while registrations are
 * in flight, unknown ids are held and replayed once the id is known.
 */
export class EventRouter {
  private rpc: RpcClient | null = null;
  private readonly routes = new Map<number, Handler>();
  private inFlight = 0;
  private held: RoutedEvent[] = [];
  private readonly onMessage = (m: ServerMessage): void => this.receive(m);

  /** Called (deferred) for CONNECT_EVENT_CONNECTION_CLOSED. */
  onConnectionClosed: ((reason: number) => void) | null = null;

  constructor(private readonly dispatcher: Dispatcher) {}

  get client(): RpcClient | null {
    return this.rpc;
  }

  /** Follow `rpc` from now on; routes of the previous client are dropped (its ids mean nothing now). */
  attach(rpc: RpcClient): void {
    if (this.rpc === rpc) return;
    this.rpc?.off("message", this.onMessage);
    this.rpc = rpc;
    this.routes.clear();
    this.held = [];
    rpc.on("message", this.onMessage);
  }

  /**
   * Run a registration call and route its callbackID to `handler`. Rejects
   * if the call fails or the client was replaced meanwhile.
   */
  async register(call: (rpc: RpcClient) => Promise<number>, handler: Handler): Promise<number> {
    const rpc = this.rpc;
    if (!rpc) throw new Error("event router not attached");
    this.inFlight++;
    try {
      const id = await call(rpc);
      if (this.rpc !== rpc) throw new Error("connection replaced during event registration");
      this.routes.set(id, handler);
      const mine = this.held.filter((e) => e.callbackID === id);
      if (mine.length) {
        this.held = this.held.filter((e) => e.callbackID !== id);
        for (const e of mine) this.dispatcher.enqueue(() => handler(e));
      }
      return id;
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.held = [];
    }
  }

  unroute(callbackID: number): void {
    this.routes.delete(callbackID);
  }

  private receive(m: ServerMessage): void {
    if (m.prog === Program.REMOTE && m.proc === CONNECTION_CLOSED_PROC) {
      const reason = (m.body as { reason?: unknown } | null)?.reason;
      const cb = this.onConnectionClosed;
      if (cb && typeof reason === "number") this.dispatcher.enqueue(() => cb(reason));
      return;
    }
    const ev = routeOf(m);
    if (!ev) return;
    const h = this.routes.get(ev.callbackID);
    if (h) this.dispatcher.enqueue(() => h(ev));
    else if (this.inFlight > 0 && this.held.length < 1000) this.held.push(ev);
    // Otherwise: an event for a callback already deregistered; drop it.
  }
}
