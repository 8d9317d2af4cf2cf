// Events the test hypervisor raises. Listeners run synchronously; the wire
// server queues them behind the reply of the call that caused them.
import type { DomRef } from "./domain-obj.js";

/** virDomainEventType */
export const Lifecycle = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  SUSPENDED: 3,
  RESUMED: 4,
  STOPPED: 5,
  SHUTDOWN: 6,
  PMSUSPENDED: 7,
  CRASHED: 8,
} as const;

/** Detail codes used by the test driver, per event type. */
export const Detail = {
  DEFINED_ADDED: 0,
  DEFINED_UPDATED: 1,
  DEFINED_RENAMED: 2,
  DEFINED_FROM_SNAPSHOT: 3,
  UNDEFINED_REMOVED: 0,
  UNDEFINED_RENAMED: 1,
  STARTED_BOOTED: 0,
  STARTED_RESTORED: 2,
  STARTED_FROM_SNAPSHOT: 3,
  SUSPENDED_PAUSED: 0,
  SUSPENDED_FROM_SNAPSHOT: 5,
  RESUMED_UNPAUSED: 0,
  RESUMED_FROM_SNAPSHOT: 2,
  STOPPED_SHUTDOWN: 0,
  STOPPED_DESTROYED: 1,
  STOPPED_CRASHED: 2,
  STOPPED_SAVED: 4,
  STOPPED_FROM_SNAPSHOT: 6,
} as const;

export type HvEvent =
  | { kind: "lifecycle"; dom: DomRef; event: number; detail: number }
  | { kind: "metadata"; dom: DomRef; type: number; nsuri: string | null };

export type HvListener = (e: HvEvent) => void;

export class EventBus {
  private readonly listeners = new Set<HvListener>();

  subscribe(l: HvListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(e: HvEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
