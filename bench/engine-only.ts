// virtwire's client cost with the kernel and the daemon taken out: the real
// Connection, RpcClient, codec and frame decoder over a fake stream that
// answers every CALL at the next I/O turn (one chunk per write, like a socket
// read would see). Prints CPU per call; run it under `node --cpu-prof` to find
// the engine's own hot spots, e.g.
//   node --cpu-prof --cpu-prof-dir=/tmp/eng build/bench/engine-only.js version 16 3
import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import { performance } from "node:perf_hooks";
import { Connection, Domain, parseUri } from "../src/index.js";
import { RpcClient } from "../src/rpc/client.js";
import { REMOTE } from "../src/protocol/generated/remote.js";
import { KEEPALIVE } from "../src/protocol/generated/keepalive.js";
import { loopUntil } from "./measure.js";

const procNum = (name: string): number => {
  const p = REMOTE.procedures.find((x) => x.name === name);
  if (!p) throw new Error(`no procedure ${name}`);
  return p.num;
};
const GET_VERSION = procNum("connect_get_version");
const GET_INFO = procNum("domain_get_info");

/** Reply bodies (after the header) by procedure number. */
const BODIES = new Map<number, Buffer>([
  [GET_VERSION, Buffer.from([0, 0, 0, 0, 0, 0, 0, 2])],
  // state, maxMem, memory, nrVirtCpu, cpuTime
  [GET_INFO, Buffer.from("00000001" + "0000000000800000" + "0000000000200000" + "00000002" + "0000001234567890", "hex")],
]);

class EchoServerStream extends EventEmitter {
  write(buf: Buffer): boolean {
    const replies: Buffer[] = [];
    for (let p = 0; p < buf.length; ) {
      const len = buf.readUInt32BE(p);
      const proc = buf.readInt32BE(p + 12);
      const body = BODIES.get(proc) ?? Buffer.alloc(0);
      const r = Buffer.allocUnsafe(28 + body.length);
      r.writeUInt32BE(r.length, 0);
      buf.copy(r, 4, p + 4, p + 28); // prog, vers, proc, type, serial, status
      r.writeInt32BE(1, 16); // REPLY
      body.copy(r, 28);
      replies.push(r);
      p += len;
    }
    const chunk = replies.length === 1 ? replies[0]! : Buffer.concat(replies);
    setImmediate(() => this.emit("data", chunk));
    return true;
  }
  destroy(): void {
    this.emit("close");
  }
}

async function main(): Promise<void> {
  const [op = "version", inflightArg = "16", secondsArg = "3"] = process.argv.slice(2);
  const inflight = Number(inflightArg);
  const stream = new EchoServerStream();
  const rpc = new RpcClient(
    { stream: stream as unknown as Duplex, kind: "memory", secure: true, encrypted: false, canPassFds: false, destroy: () => stream.destroy() },
    { programs: [REMOTE, KEEPALIVE], keepalive: false },
  );
  const conn = new Connection(rpc, parseUri("test+unix:///default"), {
    readonly: false,
    callTimeout: 0,
    features: { keepalive: false, eventCallback: false, closeCallback: false },
  });
  const dom = new Domain(conn, { name: "test", uuid: Buffer.alloc(16, 1), id: 1 });
  const call = op === "info" ? () => dom.getInfo() : () => conn.getVersion();
  const run = (seconds: number): Promise<number> => loopUntil(call, inflight, seconds);
  await run(1);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const calls = await run(Number(secondsArg));
  const s = (performance.now() - t0) / 1000;
  const u = process.cpuUsage(c0);
  console.log(
    `${op}, ${inflight} in flight, no socket: ${Math.round(calls / s).toLocaleString("en-US")} calls/s, ` +
      `user ${(u.user / calls).toFixed(2)} us + system ${(u.system / calls).toFixed(2)} us per call`,
  );
  rpc.destroy();
}

await main();
