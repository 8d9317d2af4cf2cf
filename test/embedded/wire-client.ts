// A minimal libvirt RPC client for tests: real frames, the generated codec,
// no retry or keepalive logic. Works on any Duplex (memory pair or socket).
import type { Duplex } from "node:stream";
import { REMOTE } from "../../src/protocol/generated/remote.js";
import type { RemoteProcedures, remote_error } from "../../src/protocol/generated/remote-types.js";
import { codecFor } from "../../src/xdr/codec.js";
import { FrameDecoder, type Frame } from "../../src/wire/frame-decoder.js";
import { encodeFrame } from "../../src/wire/frame.js";
import type { Header } from "../../src/wire/header.js";

export type CallResult<T> = { ok: true; ret: T } | { ok: false; err: remote_error };

export interface DecodedEvent {
  proc: number;
  name: string;
  msg: unknown;
}

export class WireClient {
  private readonly dec = new FrameDecoder();
  private serial = 1;
  private readonly waiting = new Map<number, (f: Frame) => void>();
  private readonly streamWaiters = new Map<number, { chunks: Buffer[]; done: (data: Buffer) => void }>();
  readonly events: DecodedEvent[] = [];
  readonly other: Frame[] = [];
  private eventWaiters: (() => void)[] = [];
  closed = false;
  private closeWaiters: (() => void)[] = [];

  constructor(readonly stream: Duplex) {
    stream.on("data", (c: Buffer) => {
      for (const f of this.dec.push(c)) this.onFrame(f);
    });
    const onClose = () => {
      this.closed = true;
      for (const w of this.closeWaiters.splice(0)) w();
    };
    stream.on("close", onClose);
    stream.on("end", onClose);
    stream.on("error", onClose);
  }

  private onFrame(f: Frame): void {
    const h = f.header;
    if (h.type === 2 && h.prog === REMOTE.prog) {
      const p = REMOTE.procedures.find((x) => x.num === h.proc);
      const msg = p?.args ? codecFor(REMOTE.types, p.args).decode(f.payload) : null;
      this.events.push({ proc: h.proc, name: p?.name ?? "?", msg });
      for (const w of this.eventWaiters.splice(0)) w();
      return;
    }
    if (h.type === 3) {
      const s = this.streamWaiters.get(h.serial);
      if (s && h.status === 2) {
        if (f.payload.length) s.chunks.push(f.payload);
        else {
          this.streamWaiters.delete(h.serial);
          s.done(Buffer.concat(s.chunks));
        }
        return;
      }
    }
    const w = h.type === 1 ? this.waiting.get(h.serial) : undefined;
    if (w) {
      this.waiting.delete(h.serial);
      w(f);
      return;
    }
    this.other.push(f);
  }

  /** Send one CALL and decode its REPLY. */
  call<K extends keyof RemoteProcedures>(name: K, ...a: RemoteProcedures[K]["args"] extends void ? [] : [RemoteProcedures[K]["args"]]): Promise<CallResult<RemoteProcedures[K]["ret"]>> {
    const p = REMOTE.procedures.find((x) => x.name === name);
    if (!p) throw new Error(`no procedure ${name}`);
    const body = p.args ? codecFor(REMOTE.types, p.args).encode(a[0]) : Buffer.alloc(0);
    const h: Header = { prog: REMOTE.prog, vers: 1, proc: p.num, type: 0, serial: this.serial++, status: 0 };
    return new Promise((resolve) => {
      this.waiting.set(h.serial, (f) => {
        if (f.header.status === 1) resolve({ ok: false, err: codecFor<remote_error>(REMOTE.types, "remote_error").decode(f.payload) });
        else resolve({ ok: true, ret: (p.ret ? codecFor(REMOTE.types, p.ret).decode(f.payload) : undefined) as RemoteProcedures[K]["ret"] });
      });
      this.stream.write(encodeFrame(h, body));
    });
  }

  /** Call and fail the test on an error reply. */
  async ok<K extends keyof RemoteProcedures>(name: K, ...a: RemoteProcedures[K]["args"] extends void ? [] : [RemoteProcedures[K]["args"]]): Promise<RemoteProcedures[K]["ret"]> {
    const r = await this.call(name, ...a);
    if (!r.ok) throw new Error(`${String(name)} failed: ${r.err.code}/${r.err.domain} ${r.err.message ?? ""}`);
    return r.ret;
  }

  /** Call expecting an error reply. */
  async fail<K extends keyof RemoteProcedures>(name: K, ...a: RemoteProcedures[K]["args"] extends void ? [] : [RemoteProcedures[K]["args"]]): Promise<remote_error> {
    const r = await this.call(name, ...a);
    if (r.ok) throw new Error(`${String(name)} unexpectedly succeeded`);
    return r.err;
  }

  /** Start a read-stream call: resolves with the reply and, later, the stream bytes. */
  streamCall<K extends keyof RemoteProcedures>(name: K, args: RemoteProcedures[K]["args"]): { reply: Promise<CallResult<RemoteProcedures[K]["ret"]>>; data: Promise<Buffer>; serial: number } {
    const serial = this.serial;
    const data = new Promise<Buffer>((done) => this.streamWaiters.set(serial, { chunks: [], done }));
    const reply = (this.call as (n: K, a: unknown) => Promise<CallResult<RemoteProcedures[K]["ret"]>>)(name, args);
    return { reply, data, serial };
  }

  /** Send a raw frame (for keepalive and malformed-input tests). */
  sendRaw(buf: Buffer): void {
    this.stream.write(buf);
  }

  /** Resolve once at least `n` events have arrived. */
  async waitEvents(n: number): Promise<DecodedEvent[]> {
    while (this.events.length < n) await new Promise<void>((r) => this.eventWaiters.push(r));
    return this.events;
  }

  waitClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((r) => this.closeWaiters.push(r));
  }

  /** Standard opening sequence (what libvirt's client does). */
  async open(uri: string, flags = 0): Promise<void> {
    await this.ok("auth_list");
    await this.ok("connect_supports_feature", { feature: 10 });
    await this.ok("connect_open", { name: uri, flags });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.call("connect_close");
    this.stream.destroy();
  }
}
