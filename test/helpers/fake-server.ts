// A scripted server on an in-memory transport, using the real codec, for
// engine edge cases the real daemon will not produce on demand.
import type { Duplex } from "node:stream";
import { memoryPair, memoryTransport } from "../../src/transport/memory.js";
import { FrameDecoder, type Frame } from "../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../src/wire/frame.js";
import { MessageType, Status, Program } from "../../src/wire/constants.js";
import type { Header } from "../../src/wire/header.js";
import { codecFor } from "../../src/xdr/codec.js";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import { QEMU } from "../../src/protocol/generated/qemu.js";
import { KEEPALIVE } from "../../src/protocol/generated/keepalive.js";
import { RpcClient } from "../../src/rpc/client.js";
import type { KeepaliveOptions } from "../../src/rpc/keepalive.js";

export interface FakeServer {
  /** Client-side engine connected to this server. */
  client: RpcClient;
  /** Server end of the byte stream. */
  socket: Duplex;
  /** Frames received from the client, in order. */
  received: Frame[];
  /** Send raw bytes to the client. */
  sendRaw(bytes: Buffer): void;
  /** Send a REPLY with status OK for a CALL frame, payload encoded with the procedure's ret type. */
  reply(call: Frame, ret?: unknown, overrides?: Partial<Header>): void;
  /** Send a REPLY with status ERROR. */
  replyError(call: Frame, code: number, domain: number, message: string): void;
  /** Resolves with the next CALL the client sends. */
  nextCall(): Promise<Frame>;
}

export function procName(f: Frame): string {
  return REMOTE.procedures.find((p) => p.num === f.header.proc)?.name ?? String(f.header.proc);
}

export function errorPayload(code: number, domain: number, message: string): Buffer {
  return codecFor(REMOTE.types, "remote_error").encode({
    code,
    domain,
    message,
    level: 2,
    dom: null,
    str1: message,
    str2: null,
    str3: null,
    int1: -1,
    int2: -1,
    net: null,
  });
}

export function fakeServer(opts: { keepalive?: KeepaliveOptions | false; autoPong?: boolean } = {}): FakeServer {
  const [clientEnd, serverEnd] = memoryPair();
  const client = new RpcClient(memoryTransport(clientEnd), {
    programs: [REMOTE, QEMU, KEEPALIVE],
    keepalive: opts.keepalive ?? false,
  });
  const decoder = new FrameDecoder();
  const received: Frame[] = [];
  const waiters: ((f: Frame) => void)[] = [];
  const queued: Frame[] = [];
  serverEnd.on("data", (chunk: Buffer) => {
    for (const f of decoder.push(chunk)) {
      received.push(f);
      if (f.header.prog === Program.KEEPALIVE) {
        if (opts.autoPong !== false && f.header.proc === 1) {
          serverEnd.write(encodeFrame({ ...f.header, proc: 2 }));
        }
        continue;
      }
      const w = waiters.shift();
      if (w) w(f);
      else queued.push(f);
    }
  });
  serverEnd.on("error", () => {});
  const reply = (call: Frame, ret?: unknown, overrides: Partial<Header> = {}) => {
    const def = REMOTE.procedures.find((p) => p.num === call.header.proc);
    const payload = def?.ret ? codecFor(REMOTE.types, def.ret).encode(ret) : Buffer.alloc(0);
    serverEnd.write(
      encodeFrame({ ...call.header, type: MessageType.REPLY, status: Status.OK, ...overrides }, payload),
    );
  };
  return {
    client,
    socket: serverEnd,
    received,
    sendRaw: (b) => serverEnd.write(b),
    reply,
    replyError: (call, code, domain, message) =>
      serverEnd.write(
        encodeFrame({ ...call.header, type: MessageType.REPLY, status: Status.ERROR }, errorPayload(code, domain, message)),
      ),
    nextCall: () =>
      new Promise((resolve) => {
        const q = queued.shift();
        if (q) resolve(q);
        else waiters.push(resolve);
      }),
  };
}
