// A libvirt data stream (console, channel, screenshot, volume transfer) as a
// Node Duplex. Wire sequence and packet meanings: PROTOCOL.md "Streams".
import { Duplex } from "node:stream";
import type { StreamDirection } from "../xdr/schema.js";
import { codecFor, type Codec } from "../xdr/codec.js";
import type { Header } from "../wire/header.js";
import { MessageType, Status, STREAM_CHUNK } from "../wire/constants.js";
import type { RpcClient, StreamSink } from "./client.js";
import type { BoundProcedure } from "./programs.js";
import type { CallOptions } from "./call-options.js";

/**
 * Default read-side cap. The server has no flow-control window, so bytes the
 * application does not read pile up here; past the cap the stream is aborted.
 */
export const DEFAULT_MAX_BUFFERED = 32 * 1024 * 1024;

export interface RpcStreamOptions {
  /** Which way data flows, from the procedure table. */
  direction: StreamDirection;
  /**
   * Most unread bytes to hold before aborting the stream with
   * StreamOverflowError (default 32 MiB; Infinity = no cap). The socket is
   * never paused for one stream: other calls on the connection must go on.
   */
  maxBufferedBytes?: number;
  /** Readable/Writable highWaterMark (default Node's 16 KiB). */
  highWaterMark?: number;
}

/** A hole in a sparse stream: `length` bytes of zeros after `offset` data bytes. */
export interface StreamHole {
  length: bigint;
  flags: number;
  /** Data bytes received on this stream before the hole. */
  offset: bigint;
}

/** The application stopped reading and the read-side cap was reached. */
export class StreamOverflowError extends Error {
  override readonly name = "StreamOverflowError";
  readonly limit: number;
  constructor(limit: number) {
    super(`stream aborted: more than ${limit} unread bytes buffered (the reader stopped reading; raise maxBufferedBytes or read faster)`);
    this.limit = limit;
  }
}

/** The stream was used after it finished, aborted or failed. */
export class StreamClosedError extends Error {
  override readonly name = "StreamClosedError";
}

type WireState = "opening" | "open" | "finishing" | "aborting" | "closed";

const holeCodecs = new WeakMap<object, Codec | null>();

function holeCodec(bp: BoundProcedure): Codec | null {
  const types = bp.program.def.types;
  let c = holeCodecs.get(types);
  if (c === undefined) {
    c = "virNetStreamHole" in types ? codecFor(types, "virNetStreamHole") : null;
    holeCodecs.set(types, c);
  }
  return c;
}

/**
 * Events beyond Duplex's: "hole" (StreamHole), "opened" (the call's reply).
 *
 * - Data that arrives before the call's REPLY is kept (the stream is routed
 *   before the CALL leaves).
 * - Writes go out as STREAM/CONTINUE packets of at most 262,120 bytes, one at
 *   a time, each after the socket accepted the previous one.
 * - end(): STREAM/OK, then the write side finishes when the server confirms.
 * - destroy(): STREAM/ERROR (abort) if the stream is still open on the wire.
 * - Server EOF (empty CONTINUE): the readable side ends and the stream
 *   finishes its half of the handshake by itself.
 * - Server STREAM/ERROR: destroyed with the VirtError.
 */
export class RpcStream extends Duplex implements StreamSink {
  private readonly client: RpcClient;
  private readonly bp: BoundProcedure;
  private readonly direction: StreamDirection;
  private readonly maxBuffered: number;
  private serial = 0;
  private wire: WireState = "opening";
  private opened: Promise<Error | null> | null = null;
  private finishWait: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private received = 0n;
  private serverEof = false;

  constructor(client: RpcClient, bp: BoundProcedure, opts: RpcStreamOptions) {
    super({ allowHalfOpen: true, ...(opts.highWaterMark !== undefined ? { highWaterMark: opts.highWaterMark } : {}) });
    this.client = client;
    this.bp = bp;
    this.direction = opts.direction;
    this.maxBuffered = opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
    if (!(this.maxBuffered > 0)) throw new RangeError("maxBufferedBytes must be positive");
    // A write-only stream has nothing to read.
    if (this.direction === "write") this.push(null);
  }

  /** The serial of the call that opened this stream (0 before open()). */
  get streamSerial(): number {
    return this.serial;
  }

  /** Bytes of data received so far. */
  get bytesReceived(): bigint {
    return this.received;
  }

  /** Send the CALL that opens the stream; resolves with its decoded reply. */
  open(args: unknown, opts?: CallOptions): Promise<unknown> {
    if (this.opened) return Promise.reject(new Error("stream already opened"));
    const call = this.client.callBound(this.bp, args, opts, this);
    this.opened = call.then(
      (ret) => {
        if (this.wire === "opening") this.wire = "open";
        this.emit("opened", ret);
        // destroy() while the call was in flight: abort now that it exists.
        if (this.destroyed) this.sendAbort();
        return null;
      },
      (err: unknown) => {
        this.closeWire();
        const e = err instanceof Error ? err : new Error(String(err));
        // The caller learns this from open()'s promise, not from an "error" event.
        if (!this.destroyed) this.destroy();
        return e;
      },
    );
    return call;
  }

  // --- StreamSink -----------------------------------------------------------

  onAttach(serial: number): void {
    this.serial = serial;
  }

  onPacket(h: Header, payload: Buffer): void {
    if (this.wire === "closed") return;
    if (h.type === MessageType.STREAM_HOLE) {
      this.onHole(payload);
      return;
    }
    switch (h.status) {
      case Status.CONTINUE:
        this.onData(payload);
        return;
      case Status.OK:
        // Confirms our finish or abort.
        this.closeWire();
        if (!this.readableEnded && !this.serverEof) {
          this.serverEof = true;
          this.push(null);
        }
        this.finishWait?.resolve();
        return;
      case Status.ERROR: {
        const aborting = this.wire === "aborting";
        this.closeWire();
        if (aborting) return;
        const err = this.client.decodeError(payload);
        this.finishWait?.reject(err);
        this.destroy(err);
        return;
      }
      default:
        this.destroy(new Error(`stream packet with unknown status ${h.status}`));
    }
  }

  onClose(err: Error): void {
    this.wire = "closed";
    this.finishWait?.reject(err);
    if (!this.destroyed && !(this.readableEnded && this.writableFinished)) this.destroy(err);
  }

  // --- Duplex ---------------------------------------------------------------

  override _read(): void {
    // Nothing to do: the server pushes without a window (see maxBufferedBytes).
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.direction === "read") {
      cb(new StreamClosedError("this stream is read-only"));
      return;
    }
    void this.whenOpen().then((openErr) => {
      if (openErr) return cb(openErr);
      if (this.wire !== "open") return cb(new StreamClosedError("stream is no longer open for writing"));
      this.sendChunks(chunk, 0, cb);
    });
  }

  override _final(cb: (err?: Error | null) => void): void {
    void this.whenOpen().then((openErr) => {
      if (openErr) return cb(openErr);
      if (this.wire === "closed") return cb();
      if (this.wire !== "open") return cb(new StreamClosedError(`cannot finish a stream that is ${this.wire}`));
      this.wire = "finishing";
      this.finishWait = {
        resolve: () => {
          this.finishWait = null;
          cb();
        },
        reject: (e) => {
          this.finishWait = null;
          cb(e);
        },
      };
      try {
        this.client.sendPacket(this.header(Status.OK));
      } catch (err) {
        this.finishWait = null;
        this.closeWire();
        cb(err as Error);
      }
    });
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.wire === "open" || this.wire === "finishing") this.sendAbort();
    this.finishWait?.reject(err ?? new StreamClosedError("stream destroyed"));
    cb(err);
  }

  // --- internals ------------------------------------------------------------

  private whenOpen(): Promise<Error | null> {
    return this.opened ?? Promise.resolve(new StreamClosedError("stream not opened"));
  }

  private header(status: number, type: number = MessageType.STREAM): Header {
    const def = this.bp.program.def;
    return { prog: def.prog, vers: def.vers, proc: this.bp.def.num, type, serial: this.serial, status };
  }

  private sendChunks(buf: Buffer, at: number, cb: (err?: Error | null) => void): void {
    if (at >= buf.length) return cb();
    if (this.wire !== "open") return cb(new StreamClosedError("stream closed while writing"));
    // An empty CONTINUE would mean end-of-data, so empty writes send nothing.
    const piece = buf.subarray(at, Math.min(buf.length, at + STREAM_CHUNK));
    try {
      this.client.sendPacket(this.header(Status.CONTINUE), piece, (err) => {
        if (err) return cb(err);
        this.sendChunks(buf, at + piece.length, cb);
      });
    } catch (err) {
      cb(err as Error);
    }
  }

  private onData(payload: Buffer): void {
    if (this.wire === "aborting") return;
    if (payload.length === 0) {
      // Server end of data: end the readable side and finish our half.
      if (this.serverEof) return;
      this.serverEof = true;
      this.push(null);
      if (!this.writableEnded && !this.destroyed) this.end();
      return;
    }
    if (this.serverEof || this.destroyed) return;
    this.received += BigInt(payload.length);
    this.push(payload);
    if (this.readableLength > this.maxBuffered) this.destroy(new StreamOverflowError(this.maxBuffered));
  }

  private onHole(payload: Buffer): void {
    const codec = holeCodec(this.bp);
    if (!codec) {
      this.destroy(new Error("stream hole received but the protocol table has no virNetStreamHole"));
      return;
    }
    let hole: { length: bigint; flags: number };
    try {
      hole = codec.decode(payload) as { length: bigint; flags: number };
    } catch (err) {
      this.destroy(err as Error);
      return;
    }
    this.emit("hole", { length: hole.length, flags: hole.flags, offset: this.received } satisfies StreamHole);
  }

  /** Empty STREAM/ERROR; the route stays until the server confirms (late data is dropped). */
  private sendAbort(): void {
    if (this.wire === "closed" || this.wire === "aborting" || this.client.closed) {
      if (this.client.closed) this.closeWire();
      return;
    }
    this.wire = "aborting";
    try {
      this.client.sendPacket(this.header(Status.ERROR));
    } catch {
      this.closeWire();
    }
  }

  private closeWire(): void {
    if (this.wire === "closed") return;
    this.wire = "closed";
    if (this.serial !== 0) this.client.unregisterStream(this.serial);
  }
}

/** Open a stream procedure: the stream is routed before the CALL leaves. */
export async function openStream(
  client: RpcClient,
  bp: BoundProcedure,
  args: unknown,
  opts?: CallOptions & { maxBufferedBytes?: number; highWaterMark?: number },
): Promise<{ stream: RpcStream; ret: unknown }> {
  const direction = bp.def.stream;
  if (!direction) throw new Error(`${bp.def.name} is not a stream procedure`);
  const stream = new RpcStream(client, bp, {
    direction,
    ...(opts?.maxBufferedBytes !== undefined ? { maxBufferedBytes: opts.maxBufferedBytes } : {}),
    ...(opts?.highWaterMark !== undefined ? { highWaterMark: opts.highWaterMark } : {}),
  });
  // Until the caller has the stream, an error is reported through the promise
  // only. A stream that failed to open keeps the handler: its 'error' event
  // may still be on its way (destroy emits it a tick later).
  const swallow = (): void => {};
  stream.on("error", swallow);
  const ret = await stream.open(args, opts);
  // Failed between routing and reply (e.g. STREAM/ERROR before the REPLY).
  if (stream.errored) throw stream.errored;
  stream.off("error", swallow);
  return { stream, ret };
}
