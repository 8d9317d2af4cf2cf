// Collects domain events on a connection while a migration runs.
import type { Connection, DomainEvent, DomainEventIdNumber } from "../../src/index.js";

export interface Recorder {
  events: DomainEvent[];
  /** Lifecycle events as [event, detail] pairs, in arrival order. */
  lifecycle(): [number, number][];
  /** Resolves once `pred` holds for the events so far; rejects after timeoutMs. */
  until(pred: (events: DomainEvent[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  clear(): void;
  stop(): Promise<void>;
}

/** Registers `ids` (every domain) through domainEventRegisterAny and records what arrives. */
export async function record(conn: Connection, ids: readonly DomainEventIdNumber[]): Promise<Recorder> {
  const events: DomainEvent[] = [];
  const cbIds: number[] = [];
  for (const id of ids) {
    // One registration per id; the callback gets (dom, event) with event.eventId = id.
    cbIds.push(await conn.domainEventRegisterAny(null, id, (_dom, ev) => void events.push(ev)));
  }
  return {
    events,
    lifecycle: () => events.flatMap((e) => (e.eventId === 0 ? [[e.event, e.detail] as [number, number]] : [])),
    async until(pred, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(events)) {
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events.map(brief))}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    clear: () => void events.splice(0),
    async stop() {
      for (const id of cbIds) await conn.domainEventDeregisterAny(id).catch(() => undefined);
    },
  };
}

function brief(e: DomainEvent): unknown {
  const { dom, ...rest } = e;
  return { dom: dom.getName(), ...rest, params: undefined };
}
