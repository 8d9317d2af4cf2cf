/** Keepalive settings, as libvirt's client has them. */
export interface KeepaliveOptions {
  /** Seconds of silence before we send a PING (libvirt default 5). */
  interval?: number;
  /** Silent intervals after which the peer is declared dead (libvirt default 5). */
  count?: number;
}

export const KEEPALIVE_DEFAULTS = { interval: 5, count: 5 } as const;

/**
 * Pings the peer when it has been silent for an interval and declares it dead
 * after interval x count of silence. Any received packet counts as life, so a
 * busy connection never pings. Ticks once per interval, so death is noticed
 * within interval x (count + 1).
 */
export class KeepaliveMonitor {
  private lastRx = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly deadMs: number;

  constructor(
    opts: KeepaliveOptions,
    private readonly sendPing: () => void,
    private readonly onDead: (silentMs: number) => void,
  ) {
    const interval = opts.interval ?? KEEPALIVE_DEFAULTS.interval;
    const count = opts.count ?? KEEPALIVE_DEFAULTS.count;
    if (!(interval > 0) || !(count > 0)) throw new RangeError("keepalive interval and count must be positive");
    this.intervalMs = interval * 1000;
    this.deadMs = interval * count * 1000;
  }

  start(): void {
    if (this.timer) return;
    this.lastRx = Date.now();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    // Keepalive alone must never keep the process running.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Called for every packet received. */
  heard(): void {
    this.lastRx = Date.now();
  }

  private tick(): void {
    const silent = Date.now() - this.lastRx;
    if (silent >= this.deadMs) {
      this.stop();
      this.onDead(silent);
    } else if (silent >= this.intervalMs - 50) {
      this.sendPing();
    }
  }
}
