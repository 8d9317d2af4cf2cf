// Timings of the real-daemon faults for the reliability report (the tests
// beside this file assert the behaviour; this measures it).
import { connect, Domain, KeepaliveTimeoutError, ConnectionClosedError } from "../../src/index.js";
import type { ReconnectedInfo } from "../../src/api/reconnect.js";
import { startOwnDaemon } from "../helpers/own-daemon.js";
import { fire } from "./workload.js";

export interface DaemonFigures {
  kill9: { inFlight: number; answered: number; rejected: number; allClosedErrors: boolean; msToLastRejection: number };
  sigstop: { inFlight: number; keepalive: string; allKeepaliveErrors: boolean; msToDetection: number };
  restart: { downtimeMs: number; attempts: number; resubscribeFailures: number; eventsAfter: number; eventsExpected: number };
  requestLimit: { limit: number; calls: number; completed: number; wrong: number; ms: number }[];
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

async function kill9(): Promise<DaemonFigures["kill9"]> {
  const d = await startOwnDaemon({ tag: "virtwire-fig-kill9" });
  try {
    const conn = await connect(d.uri());
    const dom = await conn.getDomainByName("test");
    const f = fire(conn, dom, 1000);
    while (f.settled() < 50) await new Promise((r) => setImmediate(r));
    const t0 = process.hrtime.bigint();
    await d.kill();
    const res = await Promise.allSettled(f.calls);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const rejected = res.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    return {
      inFlight: 1000,
      answered: res.length - rejected.length,
      rejected: rejected.length,
      allClosedErrors: rejected.every((r) => r.reason instanceof ConnectionClosedError),
      msToLastRejection: Math.round(ms * 10) / 10,
    };
  } finally {
    await d.dispose();
  }
}

async function sigstop(): Promise<DaemonFigures["sigstop"]> {
  const d = await startOwnDaemon({ tag: "virtwire-fig-sigstop" });
  try {
    const conn = await connect(d.uri(), { keepalive: { interval: 1, count: 2 } });
    const dom = await conn.getDomainByName("test");
    d.freeze();
    const t0 = Date.now();
    const res = await Promise.allSettled(fire(conn, dom, 200).calls);
    const ms = Date.now() - t0;
    d.thaw();
    return {
      inFlight: 200,
      keepalive: "interval 1 s, count 2",
      allKeepaliveErrors: res.every((r) => r.status === "rejected" && r.reason instanceof KeepaliveTimeoutError),
      msToDetection: ms,
    };
  } finally {
    d.thaw();
    await d.dispose();
  }
}

async function restart(): Promise<DaemonFigures["restart"]> {
  const d = await startOwnDaemon({ tag: "virtwire-fig-restart" });
  try {
    const conn = await connect(d.uri(), { reconnect: { initialDelay: 50, maxDelay: 400 } });
    const dom = await conn.getDomainByName("test");
    let events = 0;
    await conn.domainEventRegisterAny(dom, Domain.EVENT_ID_LIFECYCLE, () => void events++);
    await conn.domainEventRegisterAny(null, Domain.EVENT_ID_LIFECYCLE, () => void events++);
    const back = new Promise<ReconnectedInfo>((r) => conn.once("reconnected", r));
    await d.kill();
    await d.start();
    const info = await back;
    const other = await connect(d.uri());
    const od = await other.getDomainByName("test");
    await od.suspend();
    await od.resume();
    // Two events, each seen by both subscriptions.
    const deadline = Date.now() + 10_000;
    await until(() => events >= 4 || Date.now() > deadline);
    await other.close();
    await conn.close();
    return { downtimeMs: info.downtimeMs, attempts: info.attempt, resubscribeFailures: info.resubscribeFailures.length, eventsAfter: events, eventsExpected: 4 };
  } finally {
    await d.dispose();
  }
}

async function requestLimit(limit: number): Promise<DaemonFigures["requestLimit"][number]> {
  const d = await startOwnDaemon({ tag: `virtwire-fig-limit${limit}`, config: { max_client_requests: limit } });
  try {
    const conn = await connect(d.uri());
    const dom = await conn.getDomainByName("test");
    const t0 = Date.now();
    const res = await Promise.allSettled(fire(conn, dom, 1000).calls);
    const ms = Date.now() - t0;
    await conn.close();
    const ok = res.filter((r) => r.status === "fulfilled");
    return { limit, calls: 1000, completed: ok.length, wrong: ok.filter((r) => r.value !== true).length, ms };
  } finally {
    await d.dispose();
  }
}

export async function daemonFigures(): Promise<DaemonFigures> {
  return {
    kill9: await kill9(),
    sigstop: await sigstop(),
    restart: await restart(),
    requestLimit: [await requestLimit(5), await requestLimit(1)],
  };
}
