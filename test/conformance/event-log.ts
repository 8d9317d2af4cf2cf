// Events one connection receives, made deterministic with a barrier: a
// description change on a marker domain queues a METADATA_CHANGE event
// behind everything caused before it (one event queue per driver instance,
// delivered in order to every registered connection), so once the marker
// arrives every earlier event has too. No sleeping.
import type { Connection, Domain } from "../../src/index.js";
import type { DomainEvent } from "../../src/api/event-types.js";

/** The marker domain every event-watching fixture holds. */
export const MARKER = "marker";

/** Event ids watched: lifecycle, and ids the test driver must NOT emit (reboot, rtc, balloon, tunable, ...). */
const WATCHED = [0, 1, 2, 13, 15, 17, 18, 19, 21, 23] as const;
const METADATA_DESCRIPTION = 0;
const WAIT_MS = 10_000;

function describe(ev: DomainEvent): unknown[] {
  const who = [ev.dom.getName(), ev.dom.getId()];
  switch (ev.eventId) {
    case 0:
      return [...who, "lifecycle", ev.event, ev.detail];
    case 23:
      return [...who, "metadata", ev.type, ev.nsuri];
    default: {
      const { dom: _d, eventId, missed: _m, ...rest } = ev as DomainEvent & Record<string, unknown>;
      return [...who, `event ${eventId}`, JSON.stringify(rest, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))];
    }
  }
}

export class EventLog {
  private seen: unknown[][] = [];
  private markers = 0;
  private rounds = 0;
  private wake: (() => void) | null = null;

  private constructor(private readonly conn: Connection) {}

  /** Register the watched ids for every domain on `conn`. */
  static async attach(conn: Connection): Promise<EventLog> {
    const log = new EventLog(conn);
    for (const id of WATCHED) {
      await conn.domainEventRegisterAny(null, id, (_dom: Domain, ev: DomainEvent) => log.onEvent(ev));
    }
    return log;
  }

  private onEvent(ev: DomainEvent): void {
    if (ev.dom.getName() === MARKER) {
      if (ev.eventId === 23) this.markers++;
      this.wake?.();
      return;
    }
    this.seen.push(describe(ev));
  }

  /**
   * Wait until everything caused so far (on any connection to the instance)
   * has arrived, then hand it over and start afresh. `via` is the connection
   * the barrier is raised on (default: the watching one).
   */
  async take(via: Connection = this.conn): Promise<unknown[][]> {
    const want = ++this.rounds;
    const marker = await via.getDomainByName(MARKER);
    await marker.setMetadata(METADATA_DESCRIPTION, `barrier ${want}`, null, null, 0);
    const deadline = Date.now() + WAIT_MS;
    while (this.markers < want) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`event barrier ${want} did not arrive within ${WAIT_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    const out = this.seen;
    this.seen = [];
    return out;
  }
}
