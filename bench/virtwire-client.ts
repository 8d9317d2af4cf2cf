// virtwire itself, in this process: against libvirtd, or the embedded test driver.
import { performance } from "node:perf_hooks";
import { connect, type Connection, type ConnectOptions, type Domain } from "../src/index.js";
import type { BenchCase } from "./cases.js";
import { loopUntil, measureLatency, measureThroughput, type Op } from "./measure.js";
import type { CaseResult } from "./results.js";

export interface MeasureOpts {
  duration: number;
  warmup: number;
  iterations: number;
  daemonPid: number | null;
}

/** One long-lived connection for the throughput cases; fresh ones for the latency case. */
export class VirtwireBench {
  private domain: Domain | null = null;

  private constructor(
    private readonly uri: string,
    private readonly conn: Connection,
    private readonly options: ConnectOptions,
  ) {}

  /** Throws when the URI cannot be opened (daemon down, embedded driver missing). */
  static async open(uri: string, options: ConnectOptions = {}): Promise<VirtwireBench> {
    const conn = await connect(uri, { timeout: 5000, ...options });
    return new VirtwireBench(uri, conn, options);
  }

  get connection(): Connection {
    return this.conn;
  }

  async run(c: BenchCase, o: MeasureOpts): Promise<CaseResult> {
    if (c.kind === "latency") return measureLatency(this.openClose, o.iterations, o.warmup);
    let op: Op;
    if (c.op === "version") {
      const conn = this.conn;
      op = () => conn.getVersion();
    } else {
      this.domain ??= await this.conn.getDomainByName("test");
      const dom = this.domain;
      op = () => dom.getInfo();
    }
    return measureThroughput(op, c.inflight, o);
  }

  /**
   * Let V8 compile the hot paths before anything is timed (the peers are
   * compiled C; no case should pay for our JIT). Calls and connection opens
   * are separate paths and each gets `seconds`: measured here, an open's
   * client CPU falls from ~0.8 ms to ~0.16 ms over its first ~2,500 runs.
   */
  async prime(seconds: number): Promise<void> {
    const conn = this.conn;
    this.domain ??= await conn.getDomainByName("test").catch(() => null);
    const dom = this.domain;
    const deadline = performance.now() + seconds * 1000;
    while (performance.now() < deadline) {
      await conn.getVersion();
      await Promise.all(Array.from({ length: 16 }, () => (dom ? dom.getInfo() : conn.getVersion())));
    }
    await loopUntil(this.openClose, 0, seconds);
  }

  /** One connect + open + close: the latency case, and the open path's warm-up. */
  private readonly openClose: Op = async () => {
    const conn = await connect(this.uri, this.options);
    await conn.close();
  };

  async close(): Promise<void> {
    await this.conn.close();
  }
}

/** "9.0.0" from libvirt's major * 1e6 + minor * 1e3 + release. */
export function formatLibvirtVersion(v: bigint | number): string {
  const n = Number(v);
  return `${Math.floor(n / 1e6)}.${Math.floor(n / 1e3) % 1000}.${n % 1000}`;
}
