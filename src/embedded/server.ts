// libvirtd's side of the protocol for the embedded test hypervisor: real
// frames in, real frames out, one server per client stream.
import type { Duplex } from "node:stream";
import { REMOTE } from "../protocol/generated/remote.js";
import { QEMU } from "../protocol/generated/qemu.js";
import type { ProcedureDef, ProgramDef } from "../xdr/schema.js";
import { codecFor, type Codec } from "../xdr/codec.js";
import { FrameDecoder, type Frame } from "../wire/frame-decoder.js";
import { encodeFrame } from "../wire/frame.js";
import type { Header } from "../wire/header.js";
import { KeepaliveProc, MessageType, PROGRAM_VERSION, Program, Status } from "../wire/constants.js";
import { Hypervisor } from "./driver/hypervisor.js";
import { ErrCode, ErrDomain, VirError, virErr } from "./driver/errors.js";
import type { HvEvent } from "./driver/events.js";
import { registryProvider, fixedProvider, type InstanceLease, type InstanceProvider } from "./registry.js";
import { HANDLERS } from "./handlers/index.js";
import type { CallContext, ConnState, Handler } from "./handlers/types.js";
import { apiDomain, apiName, refusedReadOnly } from "./api-names.js";
import { fromRef } from "./convert.js";
import type { FaultHooks, SendInfo } from "./faults.js";
import type { RemoteProcedures } from "../protocol/generated/remote-types.js";

export interface KeepaliveOptions {
  /** Seconds of client silence before the server pings (libvirtd: 5). */
  interval: number;
  /** Unanswered pings before the server drops the client (libvirtd: 5). */
  count: number;
}

export interface ServeOptions {
  /** Force read-only, like libvirtd's -ro socket. */
  readonly?: boolean;
  /** Server-side keepalive once the client asks for it; false disables. */
  keepalive?: KeepaliveOptions | false;
  /** Credentials for node files that declare <auth> users. */
  auth?: { username: string; password?: string };
  faults?: FaultHooks;
}

export interface EmbeddedServer {
  readonly closed: boolean;
  /** Tear the connection down (the client sees EOF). */
  close(): void;
}

const FEATURE = { FD_PASSING: 8, TYPED_PARAM_STRING: 9, PROGRAM_KEEPALIVE: 10, REMOTE_EVENT_CALLBACK: 14, REMOTE_CLOSE_CALLBACK: 15, NETWORK_UPDATE_ORDER: 16 };
const PRE_OPEN = new Set(["connect_open", "connect_supports_feature", "auth_list", "auth_sasl_init", "auth_sasl_start", "auth_sasl_step", "auth_polkit"]);
const QEMU_API: Record<string, string> = {
  domain_monitor_command: "virDomainQemuMonitorCommand",
  domain_attach: "virDomainQemuAttach",
  domain_agent_command: "virDomainQemuAgentCommand",
  connect_domain_monitor_event_register: "virConnectDomainQemuMonitorEventRegister",
  connect_domain_monitor_event_deregister: "virConnectDomainQemuMonitorEventDeregister",
  domain_monitor_command_with_files: "virDomainQemuMonitorCommandWithFiles",
};

function byNum(p: ProgramDef): Map<number, ProcedureDef> {
  return new Map(p.procedures.map((d) => [d.num, d]));
}
const REMOTE_PROCS = byNum(REMOTE);
const QEMU_PROCS = byNum(QEMU);
const errorCodec = codecFor(REMOTE.types, "remote_error");

/** Procedures that only ever travel server -> client. */
function isMessageOnly(d: ProcedureDef): boolean {
  return d.ret === null && d.args !== null && d.args.endsWith("_msg");
}

function codec(p: ProgramDef, ref: string | null): Codec | null {
  return ref ? codecFor(p.types, ref) : null;
}

/**
 * Serve the libvirt REMOTE protocol on `stream` against the embedded test
 * hypervisor. `instance` picks what CONNECT_OPEN opens: a fixed instance, a
 * provider, or (default) the process registry of test:/// URIs.
 */
export function serveEmbedded(stream: Duplex, instance?: Hypervisor | InstanceProvider, opts: ServeOptions = {}): EmbeddedServer {
  const provider = instance instanceof Hypervisor ? fixedProvider(instance) : (instance ?? registryProvider);
  return new Connection(stream, provider, opts);
}

class Connection implements EmbeddedServer {
  private readonly decoder = new FrameDecoder();
  private lease: InstanceLease | null = null;
  private uri = "";
  private readonly: boolean;
  private unsubscribe: (() => void) | null = null;
  private readonly state: ConnState = { callbacks: [], closeCallback: false };
  private eventQueue: { frame: Buffer; info: SendInfo }[] = [];
  private flushScheduled = false;
  private stalled = false;
  private done = false;
  /** Read streams awaiting the client's finish/abort, by serial. */
  private readonly streams = new Map<number, number>();
  private keepaliveOn = false;
  private lastRecv = Date.now();
  private pingsOut = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly stream: Duplex,
    private readonly provider: InstanceProvider,
    private readonly opts: ServeOptions,
  ) {
    this.readonly = opts.readonly ?? false;
    stream.on("data", (chunk: Buffer) => this.onData(chunk));
    stream.on("end", () => this.close());
    stream.on("close", () => this.cleanup());
    stream.on("error", () => this.cleanup());
  }

  get closed(): boolean {
    return this.done;
  }

  close(): void {
    if (this.done) return;
    this.cleanup();
    this.stream.end();
    this.stream.destroy();
  }

  private dropLease(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.lease?.release();
    this.lease = null;
    this.state.callbacks = [];
  }

  private cleanup(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    this.dropLease();
  }

  private onData(chunk: Buffer): void {
    if (this.done || this.stalled) return;
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch {
      // A bad length word leaves the stream unsynchronised: libvirtd drops the client.
      this.close();
      return;
    }
    for (const f of frames) {
      if (this.done || this.stalled) return;
      this.lastRecv = Date.now();
      this.pingsOut = 0;
      const fault = this.opts.faults?.onReceive?.(f.header);
      if (fault === "drop") continue;
      if (fault === "close") return this.close();
      if (fault === "stall") {
        this.stalled = true;
        return;
      }
      this.onFrame(f);
    }
  }

  private onFrame(f: Frame): void {
    const h = f.header;
    if (h.prog === Program.KEEPALIVE && h.vers === PROGRAM_VERSION) {
      if (h.type === MessageType.MESSAGE && h.proc === KeepaliveProc.PING) {
        this.send(encodeFrame({ ...h, proc: KeepaliveProc.PONG, serial: 0, status: Status.OK }), { header: h, kind: "keepalive", procedure: null });
      }
      return;
    }
    const isCall = h.type === MessageType.CALL || h.type === MessageType.CALL_WITH_FDS;
    if (h.prog === Program.REMOTE && h.vers === PROGRAM_VERSION) {
      if (isCall) this.onCall(h, f.payload);
      else if (h.type === MessageType.STREAM) this.onStreamPacket(h);
      return;
    }
    if (h.prog === Program.QEMU && h.vers === PROGRAM_VERSION && isCall) {
      const d = QEMU_PROCS.get(h.proc);
      if (!d || isMessageOnly(d)) return this.replyError(h, virErr(ErrCode.RPC, ErrDomain.RPC, `unknown procedure: ${h.proc}`));
      if (!this.lease) return this.replyError(h, virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, "hypervisor connection not open"));
      return this.replyError(h, virErr(ErrCode.NO_SUPPORT, ErrDomain.NONE, QEMU_API[d.name] ?? d.name));
    }
    if (isCall) this.replyError(h, virErr(ErrCode.RPC, ErrDomain.RPC, `Cannot find program ${h.prog} version ${h.vers}`));
  }

  private onCall(h: Header, payload: Buffer): void {
    const d = REMOTE_PROCS.get(h.proc);
    if (!d || isMessageOnly(d)) return this.replyError(h, virErr(ErrCode.RPC, ErrDomain.RPC, `unknown procedure: ${h.proc}`));
    let args: unknown;
    try {
      const c = codec(REMOTE, d.args);
      args = c ? c.decode(payload) : undefined;
    } catch {
      return this.replyError(h, virErr(ErrCode.RPC, ErrDomain.RPC, "Unable to decode message payload"));
    }
    let ret: unknown;
    const pendingStream: Buffer[] = [];
    try {
      ret = this.dispatch(d, h, args, pendingStream);
    } catch (e) {
      return this.replyError(h, e);
    }
    let body: Buffer;
    try {
      const c = codec(REMOTE, d.ret);
      body = c ? c.encode(ret) : Buffer.alloc(0);
    } catch (e) {
      return this.replyError(h, virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, `reply encoding failed: ${e instanceof Error ? e.message : String(e)}`));
    }
    const reply = { ...h, type: MessageType.REPLY, status: Status.OK };
    this.send(encodeFrame(reply, body), { header: reply, kind: "reply", procedure: d.name });
    if (d.name === "connect_close") return this.close();
    if (d.stream) this.sendStreamData(h, d.name, pendingStream);
  }

  private dispatch(d: ProcedureDef, h: Header, args: unknown, streamOut: Buffer[]): unknown {
    const name = d.name;
    if (name === "connect_supports_feature") return this.supportsFeature((args as { feature: number }).feature);
    if (name === "auth_list") return { types: [0] };
    if (name.startsWith("auth_")) throw virErr(ErrCode.AUTH_FAILED, ErrDomain.RPC, "authentication failed");
    if (name === "connect_open") return this.open(args as RemoteProcedures["connect_open"]["args"]);
    if (name === "connect_close") return undefined;
    if (!this.lease) {
      if (PRE_OPEN.has(name)) return undefined;
      throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, "hypervisor connection not open");
    }
    if (this.readonly && refusedReadOnly(name)) {
      throw virErr(ErrCode.OPERATION_DENIED, apiDomain(name), `read only access prevents ${apiName(name)}`);
    }
    const handler = (HANDLERS as Record<string, Handler<keyof RemoteProcedures> | undefined>)[name];
    if (!handler) throw virErr(ErrCode.NO_SUPPORT, apiDomain(name), apiName(name));
    const ctx: CallContext = {
      hv: this.lease.hv,
      readonly: this.readonly,
      uri: this.uri,
      serial: h.serial,
      conn: this.state,
      streamOut: (data) => streamOut.push(data),
    };
    return handler(ctx, args as never);
  }

  private supportsFeature(feature: number): { supported: number } {
    if (feature === FEATURE.PROGRAM_KEEPALIVE) {
      this.startKeepalive();
      return { supported: 1 };
    }
    if (!this.lease) throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, "hypervisor connection not open");
    switch (feature) {
      case FEATURE.FD_PASSING:
      case FEATURE.REMOTE_EVENT_CALLBACK:
      case FEATURE.REMOTE_CLOSE_CALLBACK:
      case FEATURE.TYPED_PARAM_STRING:
      case FEATURE.NETWORK_UPDATE_ORDER:
        return { supported: 1 };
      default:
        return { supported: 0 };
    }
  }

  private open(a: RemoteProcedures["connect_open"]["args"]): undefined {
    if (this.lease) {
      // libvirtd drops the open hypervisor connection when a second open fails.
      this.dropLease();
      throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, "connection already open");
    }
    // libvirtd would probe for a default driver; the test driver is never it.
    if (a.name === null) throw virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, "connection not open");
    const uri = a.name;
    const lease = this.provider(uri);
    const auths = lease.hv.auths;
    if (auths.length) {
      const cred = this.opts.auth;
      const user = cred ? auths.find((u) => u.username === cred.username) : undefined;
      if (!cred || !user || (user.password !== null && user.password !== cred.password)) {
        lease.release();
        throw virErr(ErrCode.AUTH_FAILED, ErrDomain.TEST, "authentication failed, see test XML for the correct username/password");
      }
    }
    this.lease = lease;
    this.uri = uri;
    if (a.flags & 1) this.readonly = true;
    this.unsubscribe = lease.hv.events.subscribe((e) => this.onEvent(e));
    return undefined;
  }

  private onEvent(e: HvEvent): void {
    const out: [number, string, unknown][] = [];
    const dom = fromRef(e.dom);
    const matches = (uuid: Uint8Array | null) => uuid === null || Buffer.compare(Buffer.from(uuid), dom.uuid) === 0;
    for (const cb of this.state.callbacks) {
      if (!matches(cb.uuid)) continue;
      if (e.kind === "lifecycle" && cb.eventID === 0) {
        if (cb.kind === "callback") {
          out.push([318, "remote_domain_event_callback_lifecycle_msg", { callbackID: cb.id, msg: { dom, event: e.event, detail: e.detail } }]);
        } else out.push([107, "remote_domain_event_lifecycle_msg", { dom, event: e.event, detail: e.detail }]);
      } else if (e.kind === "metadata" && cb.eventID === 23 && cb.kind === "callback") {
        out.push([379, "remote_domain_event_callback_metadata_change_msg", { callbackID: cb.id, dom, type: e.type, nsuri: e.nsuri }]);
      }
    }
    for (const [proc, type, value] of out) {
      const header: Header = { prog: Program.REMOTE, vers: PROGRAM_VERSION, proc, type: MessageType.MESSAGE, serial: 0, status: Status.OK };
      const frame = encodeFrame(header, codecFor(REMOTE.types, type).encode(value));
      this.eventQueue.push({ frame, info: { header, kind: "event", procedure: REMOTE_PROCS.get(proc)?.name ?? null } });
    }
    if (this.eventQueue.length && !this.flushScheduled) {
      this.flushScheduled = true;
      // Behind the reply of the call that caused the event.
      queueMicrotask(() => this.flushEvents());
    }
  }

  private flushEvents(): void {
    this.flushScheduled = false;
    const q = this.eventQueue;
    this.eventQueue = [];
    for (const e of q) {
      if (this.done) return;
      this.send(e.frame, e.info);
    }
  }

  /** Data of a read stream: chunks, then an empty CONTINUE marking the end. */
  private sendStreamData(call: Header, name: string, chunks: Buffer[]): void {
    const h: Header = { ...call, type: MessageType.STREAM, status: Status.CONTINUE };
    const max = 262120;
    for (const c of chunks) {
      for (let off = 0; off < c.length; off += max) {
        this.send(encodeFrame(h, c.subarray(off, off + max)), { header: h, kind: "stream", procedure: name });
      }
    }
    this.send(encodeFrame(h), { header: h, kind: "stream", procedure: name });
    this.streams.set(call.serial, call.proc);
  }

  /** Client finish (STREAM/OK) or abort (STREAM/ERROR): confirm with STREAM/OK. */
  private onStreamPacket(h: Header): void {
    const proc = this.streams.get(h.serial);
    if (proc === undefined || proc !== h.proc) return;
    if (h.status === Status.OK || h.status === Status.ERROR) {
      this.streams.delete(h.serial);
      const r: Header = { ...h, type: MessageType.STREAM, status: Status.OK };
      this.send(encodeFrame(r), { header: r, kind: "stream", procedure: REMOTE_PROCS.get(h.proc)?.name ?? null });
    }
  }

  private replyError(h: Header, e: unknown): void {
    const err = e instanceof VirError ? e : virErr(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, e instanceof Error ? e.message : String(e));
    const payload = errorCodec.encode({
      code: err.code,
      domain: err.domain,
      message: err.message,
      level: err.level,
      dom: null,
      str1: err.str1,
      str2: err.str2,
      str3: err.str3,
      int1: err.int1,
      int2: err.int2,
      net: null,
    });
    const reply = { ...h, type: MessageType.REPLY, status: Status.ERROR };
    this.send(encodeFrame(reply, payload), { header: reply, kind: "reply", procedure: REMOTE_PROCS.get(h.proc)?.name ?? null });
  }

  private send(frame: Buffer, info: SendInfo): void {
    if (this.done) return;
    const fault = this.opts.faults?.onSend?.(frame, info);
    const frames = fault?.frames ?? [frame];
    for (const f of frames) if (f.length) this.stream.write(f);
    if (fault?.stopReading) this.stalled = true;
    if (fault?.close) this.close();
  }

  private startKeepalive(): void {
    const ka = this.opts.keepalive === undefined ? { interval: 5, count: 5 } : this.opts.keepalive;
    if (ka === false || this.keepaliveOn || ka.interval <= 0) return;
    this.keepaliveOn = true;
    const tick = () => {
      if (this.done) return;
      if (Date.now() - this.lastRecv >= ka.interval * 1000) {
        if (this.pingsOut >= ka.count) return this.close();
        this.pingsOut++;
        const h: Header = { prog: Program.KEEPALIVE, vers: PROGRAM_VERSION, proc: KeepaliveProc.PING, type: MessageType.MESSAGE, serial: 0, status: Status.OK };
        this.send(encodeFrame(h), { header: h, kind: "keepalive", procedure: null });
        this.lastRecv = Date.now();
      }
      this.timer = setTimeout(tick, ka.interval * 1000);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, ka.interval * 1000);
    this.timer.unref();
  }
}

