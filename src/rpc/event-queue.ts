// A bounded queue feeding an async iterator. Producers never wait: when the
// consumer falls behind and the queue is full, the OLDEST item is dropped,
// counted, and the item that becomes the oldest is marked with `missed`.

/** Items may carry how many items were dropped just before them. */
export interface Missable {
  missed?: number;
}

export const DEFAULT_EVENT_BUFFER = 1024;

export class BoundedAsyncQueue<T extends Missable> {
  private items: T[] = [];
  private waiters: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  private done = false;
  private error: unknown = null;
  private carry = 0;
  /** Items dropped so far because the queue was full. */
  dropped = 0;

  constructor(readonly capacity: number = DEFAULT_EVENT_BUFFER) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("bufferSize must be a positive integer");
  }

  get size(): number {
    return this.items.length;
  }

  get ended(): boolean {
    return this.done;
  }

  push(item: T): void {
    if (this.done) return;
    const w = this.waiters.shift();
    if (w) {
      w.resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.capacity) {
      const old = this.items.shift()!;
      this.dropped++;
      this.carry += 1 + (old.missed ?? 0);
    }
    if (this.carry > 0) {
      const head = this.items[0] ?? item;
      head.missed = (head.missed ?? 0) + this.carry;
      this.carry = 0;
    }
    this.items.push(item);
  }

  /** No more items; buffered ones are still handed out. */
  end(): void {
    if (this.done) return;
    this.done = true;
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** End with an error, thrown by next() once the buffered items are consumed. */
  fail(err: unknown): void {
    if (this.done) return;
    this.error = err;
    this.done = true;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.done) {
      if (this.error !== null) {
        const e = this.error;
        this.error = null;
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Stop at once: buffered items are discarded. */
  clear(): void {
    this.items = [];
    this.end();
  }
}
