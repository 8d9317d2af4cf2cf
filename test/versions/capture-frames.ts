// Records real frames from a libvirtd into fixture files (run by hand, not a
// test): a recording proxy sits between virtwire and the daemon's socket, a
// short scenario on a diskless VNC guest runs through it, and the daemon's
// replies and events land in OUTDIR as one JSON file each.
//   node build/test/versions/capture-frames.js SOCKET OUTDIR
// Used for test/fixtures/libvirt-12/ with the sid daemon of
// scripts/libvirt-versions.sh (fixtures are then picked from OUTDIR by hand).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect as netConnect, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect, type Connection, type Domain } from "../../src/index.js";
import { REMOTE } from "../../src/protocol/index.js";
import { decodeHeader, LEN_SIZE, MessageType } from "../../src/wire/index.js";
import { copyGuestDisk, GUEST_READY, guestXml, serialLogPath, uniqueGuestName, waitForText } from "../helpers/live.js";
import { consoleRun } from "../migration/guest-console.js";

export interface CapturedFrame {
  /** libvirtd's version, e.g. "12.8.0". */
  libvirt: string;
  /** What the scenario did to get this frame. */
  step: string;
  /** Procedure name from the REMOTE table, or "proc-N" if it has none. */
  procedure: string;
  prog: number;
  proc: number;
  type: number;
  status: number;
  /** The whole frame, length word included, as hex. */
  hex: string;
}

interface Tap {
  server: Server;
  path: string;
  frames: Buffer[];
}

/** A unix-socket proxy that keeps every frame the daemon sends. */
function tap(upstream: string): Promise<Tap> {
  const path = join(tmpdir(), `virtwire-capture-${process.pid}.sock`);
  rmSync(path, { force: true });
  const frames: Buffer[] = [];
  const server = createServer((client) => {
    const up = netConnect(upstream);
    let pending = Buffer.alloc(0);
    client.pipe(up);
    up.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= LEN_SIZE && pending.length >= pending.readUInt32BE(0)) {
        const len = pending.readUInt32BE(0);
        frames.push(Buffer.from(pending.subarray(0, len)));
        pending = pending.subarray(len);
      }
      client.write(chunk);
    });
    up.on("end", () => client.end());
    client.on("end", () => up.end());
    up.on("error", () => client.destroy());
    client.on("error", () => up.destroy());
  });
  return new Promise((resolve) => server.listen(path, () => resolve({ server, path, frames })));
}

const NAMES = new Map(REMOTE.procedures.map((p) => [p.num, p.name]));

async function main(argv: readonly string[]): Promise<void> {
  const [sock, outDir] = argv;
  if (!sock || !outDir) {
    console.error("usage: node build/test/versions/capture-frames.js SOCKET OUTDIR");
    process.exit(2);
  }
  const t = await tap(sock);
  const conn: Connection = await connect(`qemu+unix:///system?socket=${t.path}`);
  const lib = await conn.getLibraryVersion();
  const version = `${lib / 1_000_000n}.${(lib / 1000n) % 1000n}.${lib % 1000n}`;
  const out: CapturedFrame[] = [];
  // Frames that arrive while `step` runs are labelled with it.
  const step = async (label: string, fn: () => Promise<unknown>): Promise<void> => {
    const from = t.frames.length;
    try {
      await fn();
    } catch (e) {
      console.log(`${label}: ${(e as Error).message}`);
    }
    await sleep(300);
    for (const f of t.frames.slice(from)) {
      const h = decodeHeader(f, LEN_SIZE);
      // Keepalive pings and console bytes are not what the fixtures are for.
      if (h.prog !== REMOTE.prog || h.type === MessageType.STREAM) continue;
      out.push({
        libvirt: version,
        step: label,
        procedure: NAMES.get(h.proc) ?? `proc-${h.proc}`,
        prog: h.prog,
        proc: h.proc,
        type: h.type,
        status: h.status,
        hex: f.toString("hex"),
      });
    }
  };

  const name = uniqueGuestName("capture");
  const log = serialLogPath(name);
  // The busybox guest with a virtio channel (its state changes make channel
  // lifecycle events) and a qcow2 disk (12.x adds block.N.limits.* stats).
  const disk = copyGuestDisk(name);
  const xml = guestXml({ name, vnc: true, disk, channel: "org.virtwire.capture.0", serialLog: log });
  // Events newer than 9.0 (27 NIC MAC change, 28 vCPU removed, 29 channel
  // lifecycle) registered on the wire directly: frames are all we want.
  for (const eventID of [0, 27, 28, 29]) {
    await step(`register event ${eventID}`, () => conn.call("connect_domain_event_callback_register_any", { eventID, dom: null }));
  }
  let dom: Domain | null = null;
  await step("create guest", async () => {
    dom = await conn.createDomain(xml);
    await waitForText(log, GUEST_READY);
  });
  if (dom === null) throw new Error("guest did not start");
  const d: Domain = dom;
  await step("guest opens its channel", () => consoleRun(d, "for p in /dev/vport*p1; do sleep 2 <$p & done; echo VW-OP''ENED", /VW-OPENED/));
  await sleep(3000);
  await step("get all domain stats", () => conn.getAllDomainStats(0, [d]));
  await step("job stats", () => d.getJobStats(0));
  await step("memory parameters", () => d.getMemoryParameters(0));
  await step("perf events", () => d.getPerfEvents(0));
  await step("graphics reload", () => d.graphicsReload(0, 0));
  await step("autostart once", () => conn.call("domain_get_autostart_once", { dom: d.ref }));
  // One past the newest procedure 12.8 knows: that daemon's own refusal.
  await step("unknown procedure", () => {
    const def = { name: "probe_457", num: 457, args: null, ret: null };
    return conn.rpc.callBound({ program: conn.rpc.program(REMOTE.prog), def, argsCodec: null, retCodec: null }, undefined);
  });
  await step("destroy guest", () => d.destroy());
  rmSync(log, { force: true });
  rmSync(disk, { force: true });
  await conn.close();
  t.server.close();
  mkdirSync(outDir, { recursive: true });
  for (const [i, f] of out.entries()) {
    const file = join(outDir, `${String(i).padStart(2, "0")}-${f.step.replace(/\W+/g, "-")}-${f.procedure}.json`);
    writeFileSync(file, `${JSON.stringify(f, null, 2)}\n`);
    console.log(`${file}: ${f.hex.length / 2} bytes`);
  }
}

await main(process.argv.slice(2));
