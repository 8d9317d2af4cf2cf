import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import type { Transport } from "../transport/transport.js";
import type { ProgramDef } from "../xdr/schema.js";
import { XdrWriter } from "../xdr/writer.js";
import { ProtocolError } from "../xdr/errors.js";
import { FrameDecoder, type Frame } from "../wire/frame-decoder.js";
import { encodeFrame } from "../wire/frame.js";
import type { Header } from "../wire/header.js";
import { MessageType, Status, Program, KeepaliveProc, HEADER_SIZE, MESSAGE_MAX } from "../wire/constants.js";
import { BoundProgram, type BoundProcedure } from "./programs.js";
import { PendingCall } from "./pending.js";
import { KeepaliveMonitor, type KeepaliveOptions } from "./keepalive.js";
import { ConnectionClosedError, KeepaliveTimeoutError, VirtError, WriteQueueFullError, type RemoteErrorPayload } from "./errors.js";
import { callOptionsProblem, type CallOptions } from "./call-options.js";

/** Receives the packets of one data stream (routed by the serial of the call that opened it). */
export interface StreamSink {
  onPacket(header: Header, payload: Buffer): void;
  onClose(err: Error): void;
  /** Told the serial it is routed under, before the CALL leaves. */
  onAttach?(serial: number): void;
}

/** A server push decoded with its procedure's message type. */
export interface ServerMessage {
  readonly prog: number;
  readonly proc: number;
  readonly name: string;
  readonly body: unknown;
}

export interface RpcClientOptions {
  programs: readonly ProgramDef[];
  /** Keepalive pings from our side; false turns them off (PINGs are always answered). */
  keepalive?: KeepaliveOptions | false;
  /**
   * Microseconds to keep the event loop polling (instead of sleeping) while
   * calls are in flight, counted from the last call sent or packet received.
   * 0 (the default) never polls. See docs/benchmarks.md for the trade-off.
   */
  busyPollMicros?: number;
  /**
   * Bytes that may wait unwritten (a server that stopped reading) before new
   * calls are refused with WriteQueueFullError; default 64 MiB.
   */
  maxQueuedBytes?: number;
}

const DEFAULT_MAX_QUEUED = 64 * 1024 * 1024;

/**
 * The RPC engine: any number of calls in flight on one transport, replies
 * matched by serial, server pushes dispatched without blocking the reader,
 * stream packets routed by serial, keepalive, and a single close path that
 * rejects everything pending.
 *
 * Events: "message" (ServerMessage), "close" (ConnectionClosedError),
 * "warning" (Error: a dropped reply or undecodable push; the connection goes on).
 */
export class RpcClient extends EventEmitter {
  private transport: Transport;
  private readonly programs = new Map<number, BoundProgram>();
  private readonly remote: BoundProgram;
  private readonly pending = new Map<number, PendingCall>();
  private readonly streams = new Map<number, StreamSink>();
  private readonly decoder = new FrameDecoder();
  private readonly writer = new XdrWriter();
  private readonly keepalive: KeepaliveMonitor | null;
  private serial = 0;
  private outQueue: Buffer[] = [];
  /** Completion callbacks of queued packets (stream writes wait on them for back-pressure). */
  private outCallbacks: ((err: Error | null) => void)[] = [];
  private flushScheduled = false;
  private closedWith: ConnectionClosedError | null = null;
  private readonly busyPollMs: number;
  private polling = false;
  private lastActivity = 0;
  private readonly maxQueued: number;
  // Bytes in outQueue, not yet handed to the transport.
  private outBytes = 0;

  constructor(transport: Transport, opts: RpcClientOptions) {
    super();
    this.transport = transport;
    const bp = opts.busyPollMicros ?? 0;
    if (!(bp >= 0 && bp <= 1_000_000)) throw new RangeError("busyPollMicros must be within 0..1000000");
    this.busyPollMs = bp / 1000;
    this.maxQueued = opts.maxQueuedBytes ?? DEFAULT_MAX_QUEUED;
    if (!(this.maxQueued > 0)) throw new RangeError("maxQueuedBytes must be positive");
    for (const p of opts.programs) this.programs.set(p.prog, BoundProgram.of(p));
    const remote = this.programs.get(Program.REMOTE);
    if (!remote) throw new Error("RpcClient needs the REMOTE program for error payloads");
    this.remote = remote;
    this.keepalive =
      opts.keepalive === false
        ? null
        : new KeepaliveMonitor(
            opts.keepalive ?? {},
            () => this.sendKeepalive(KeepaliveProc.PING),
            (ms) => this.fail(new KeepaliveTimeoutError(ms)),
          );
    this.listen(transport.stream, "on");
  }

  // An abandoned (aborted or timed-out) call leaves the table; a late reply is then dropped.
  private readonly dropPending = (p: PendingCall): void => {
    this.pending.delete(p.serial);
    this.streams.delete(p.serial);
  };

  // Stream listeners kept as fields so upgradeTransport() can move them.
  private readonly onStreamData = (chunk: Buffer): void => this.onData(chunk);
  private readonly onStreamEnd = (): void => this.fail(new ConnectionClosedError("server closed the connection", "eof"));
  private readonly onStreamClose = (): void => this.fail(new ConnectionClosedError("connection closed", "eof"));
  private readonly onStreamError = (err: Error): void =>
    this.fail(new ConnectionClosedError(`connection error: ${err.message}`, "error", { cause: err }));

  private listen(s: Transport["stream"], how: "on" | "off"): void {
    s[how]("data", this.onStreamData);
    s[how]("end", this.onStreamEnd);
    s[how]("close", this.onStreamClose);
    s[how]("error", this.onStreamError);
  }

  /**
   * Swap in a transport layered over the current one (the SASL security
   * layer after authentication). Call between a reply and the next call, when
   * no bytes are in flight: later reads and writes go through `next`.
   */
  upgradeTransport(next: Transport): void {
    if (this.closedWith) throw this.closedWith;
    this.flush();
    this.listen(this.transport.stream, "off");
    this.transport = next;
    this.listen(next.stream, "on");
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get transportInfo(): Transport {
    return this.transport;
  }

  /** Start sending our own keepalive pings (after the server confirmed support). */
  startKeepalive(): void {
    this.keepalive?.start();
  }

  program(prog: number): BoundProgram {
    const p = this.programs.get(prog);
    if (!p) throw new Error(`unknown program 0x${prog.toString(16)}`);
    return p;
  }

  /** Call a REMOTE procedure by name. */
  call<R = unknown>(proc: string, args?: unknown, opts?: CallOptions): Promise<R> {
    let bp: BoundProcedure;
    try {
      bp = this.remote.need(proc);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.callBound(bp, args, opts) as Promise<R>;
  }

  /** Call any bound procedure; an optional `sink` is routed the stream before the CALL leaves. */
  callBound(bp: BoundProcedure, args: unknown, opts?: CallOptions, sink?: StreamSink): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    // Bad options would otherwise half-register the call (a signal without addEventListener).
    const bad = callOptionsProblem(opts);
    if (bad) return Promise.reject(VirtError.local(VirtError.ERR_INVALID_ARG, VirtError.FROM_NONE, `invalid argument: ${bad}`));
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    // A server that stopped reading must not make us buffer without bound.
    const queued = this.queuedBytes();
    if (queued > this.maxQueued) return Promise.reject(new WriteQueueFullError(bp.def.name, queued, this.maxQueued));
    let frame: Buffer;
    const serial = this.nextSerial();
    try {
      frame = this.encodeCall(bp, serial, args);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<unknown>((resolve, reject) => {
      const p = new PendingCall(serial, bp.program.def.prog, bp.def.num, bp.def.name, bp.retCodec, resolve, reject);
      this.pending.set(serial, p);
      if (sink) {
        this.streams.set(serial, sink);
        sink.onAttach?.(serial);
      }
      if (opts && (opts.signal || opts.timeout)) p.arm(opts, this.dropPending);
      this.enqueue(frame);
      if (this.busyPollMs > 0) this.startPolling();
    });
  }

  /**
   * Send a packet that is not a call (stream data, finish, abort). `onSent`
   * runs once the transport accepted the bytes (socket write callback), so a
   * writer can wait on it instead of piling data up in memory.
   */
  sendPacket(header: Header, payload?: Uint8Array, onSent?: (err: Error | null) => void): void {
    if (this.closedWith) throw this.closedWith;
    this.enqueue(encodeFrame(header, payload));
    if (onSent) this.outCallbacks.push(onSent);
  }

  /** Detach a stream's routing (after it finished or aborted). */
  unregisterStream(serial: number): void {
    this.streams.delete(serial);
  }

  /** Close the transport and reject everything pending with `err`. */
  destroy(err?: ConnectionClosedError): void {
    this.flush();
    this.fail(err ?? new ConnectionClosedError("connection closed by the client", "client"));
  }

  private nextSerial(): number {
    do {
      this.serial = (this.serial + 1) >>> 0;
    } while (this.serial === 0 || this.pending.has(this.serial));
    return this.serial;
  }

  private encodeCall(bp: BoundProcedure, serial: number, args: unknown): Buffer {
    const w = this.writer;
    w.reset();
    // Length word is patched once the payload size is known.
    w.writeUInt32(0);
    w.writeUInt32(bp.program.def.prog);
    w.writeUInt32(bp.program.def.vers);
    w.writeInt32(bp.def.num);
    w.writeInt32(MessageType.CALL);
    w.writeUInt32(serial);
    w.writeInt32(Status.OK);
    if (bp.argsCodec) bp.argsCodec.enc(w, args);
    const buf = w.finish();
    if (buf.length - 4 > MESSAGE_MAX) {
      throw new ProtocolError("FRAME_LENGTH", `${bp.def.name}: message of ${buf.length - 4} bytes exceeds the protocol limit`);
    }
    buf.writeUInt32BE(buf.length, 0);
    return buf;
  }

  /** Bytes written by callers but not yet taken by the peer. */
  queuedBytes(): number {
    return this.outBytes + this.transport.stream.writableLength;
  }

  private enqueue(frame: Buffer): void {
    this.outQueue.push(frame);
    this.outBytes += frame.length;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Calls issued in the same tick leave in one write.
      process.nextTick(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const q = this.outQueue;
    if (q.length === 0 || this.closedWith) return;
    this.outQueue = [];
    this.outBytes = 0;
    const s = this.transport.stream;
    const cbs = this.outCallbacks;
    this.outCallbacks = [];
    const done = cbs.length === 0 ? undefined : (err?: Error | null) => {
      for (const cb of cbs) cb(err ?? null);
    };
    s.write(q.length === 1 ? q[0]! : Buffer.concat(q), done);
  }

  private sendKeepalive(proc: number): void {
    if (this.closedWith) return;
    this.enqueue(
      encodeFrame({ prog: Program.KEEPALIVE, vers: 1, proc, type: MessageType.MESSAGE, serial: 0, status: Status.OK }),
    );
  }

  private onData(chunk: Buffer): void {
    if (this.closedWith) return;
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      // Framing is lost: nothing after this point can be trusted.
      this.fail(new ConnectionClosedError(`protocol error: ${(err as Error).message}`, "error", { cause: err }));
      return;
    }
    this.keepalive?.heard();
    for (const f of frames) {
      this.dispatch(f);
      if (this.closedWith) return;
    }
    if (this.busyPollMs > 0) this.startPolling();
  }

  // Busy polling keeps this thread's vCPU from idling while calls are in
  // flight. On virtual machines, where a hand-off to an idle vCPU is dear, the
  // server's own thread hand-offs get cheaper: latency and throughput for CPU. Each turn of the loop polls the
  // socket without blocking; other callbacks run as usual.
  private startPolling(): void {
    this.lastActivity = performance.now();
    if (this.polling) return;
    this.polling = true;
    setImmediate(this.pollTurn);
  }

  private readonly pollTurn = (): void => {
    if (this.closedWith || this.pending.size === 0 || performance.now() - this.lastActivity > this.busyPollMs) {
      this.polling = false;
      return;
    }
    setImmediate(this.pollTurn);
  };

  private dispatch(f: Frame): void {
    const h = f.header;
    switch (h.type) {
      case MessageType.REPLY:
      case MessageType.REPLY_WITH_FDS:
        this.onReply(h, f.payload);
        return;
      case MessageType.MESSAGE:
        this.onMessage(h, f.payload);
        return;
      case MessageType.STREAM:
      case MessageType.STREAM_HOLE: {
        const sink = this.streams.get(h.serial);
        if (sink) sink.onPacket(h, f.payload);
        return;
      }
      default:
        this.emit("warning", new ProtocolError("FRAME_TYPE", `unexpected packet type ${h.type} from server`));
    }
  }

  private onReply(h: Header, payload: Buffer): void {
    const p = this.pending.get(h.serial);
    if (!p || p.prog !== h.prog) {
      // Late reply to an abandoned call, or a stray serial: drop it, the others go on.
      this.emit("warning", new ProtocolError("UNKNOWN_SERIAL", `reply for unknown serial ${h.serial} dropped`));
      return;
    }
    this.pending.delete(h.serial);
    try {
      // A reply names the procedure it answers; another one means a misrouted
      // serial, whose body could even decode as this call's result.
      if (h.proc !== p.proc) {
        throw new ProtocolError("REPLY_MISMATCH", `${p.procName}: reply for serial ${h.serial} carries procedure ${h.proc}`);
      }
      if (h.status === Status.OK) {
        p.resolve(p.retCodec ? p.retCodec.decode(payload) : undefined);
        // A stream stays routed after an OK reply; a failed call closes it.
        return;
      }
      if (h.status === Status.ERROR) {
        p.reject(this.decodeError(payload));
      } else {
        p.reject(new ProtocolError("FRAME_STATUS", `${p.procName}: reply with status ${h.status}`));
      }
    } catch (err) {
      p.reject(err);
    }
    this.streams.delete(h.serial);
  }

  /** Decode a remote_error payload into a VirtError (or a ProtocolError if it is malformed). */
  decodeError(payload: Buffer): Error {
    const c = this.remote.remoteErrorCodec();
    if (!c) return new ProtocolError("NO_ERROR_TYPE", "server error without a remote_error type");
    try {
      return new VirtError(c.decode(payload) as RemoteErrorPayload);
    } catch (err) {
      return err as Error;
    }
  }

  private onMessage(h: Header, payload: Buffer): void {
    if (h.prog === Program.KEEPALIVE) {
      if (h.proc === KeepaliveProc.PING) this.sendKeepalive(KeepaliveProc.PONG);
      return;
    }
    const prog = this.programs.get(h.prog);
    const bp = prog?.procedure(h.proc);
    if (!bp) {
      // A newer server may push events we do not know: ignore them.
      this.emit("warning", new ProtocolError("UNKNOWN_MESSAGE", `ignored push ${h.prog.toString(16)}:${h.proc}`));
      return;
    }
    let body: unknown;
    try {
      body = bp.argsCodec ? bp.argsCodec.decode(payload) : undefined;
    } catch (err) {
      this.emit("warning", err);
      return;
    }
    this.emit("message", { prog: h.prog, proc: h.proc, name: bp.def.name, body } satisfies ServerMessage);
  }

  private fail(err: ConnectionClosedError): void {
    if (this.closedWith) return;
    this.closedWith = err;
    this.keepalive?.stop();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
    const sinks = [...this.streams.values()];
    this.streams.clear();
    for (const s of sinks) s.onClose(err);
    this.outQueue = [];
    this.outBytes = 0;
    const cbs = this.outCallbacks;
    this.outCallbacks = [];
    for (const cb of cbs) cb(err);
    this.transport.destroy();
    this.emit("close", err);
  }
}

export { HEADER_SIZE };
