import { EventEmitter } from "node:events";
import type { RpcClient } from "../rpc/client.js";
import type { CallOptions } from "../rpc/call-options.js";
import { openStream, type RpcStream, type RpcStreamOptions } from "../rpc/stream.js";
import { Program } from "../wire/constants.js";
import type { RemoteProcedures } from "../protocol/generated/remote-types.js";
import type { ParsedUri } from "../transport/uri.js";
import type { NodeInfo } from "../protocol/info-structs.js";

export type { NodeInfo };

/** VIR_DRV_FEATURE_* answers the connection relies on. */
export interface ServerFeatures {
  keepalive: boolean;
  eventCallback?: boolean | undefined;
  closeCallback?: boolean | undefined;
}

// Feature numbers (VIR_DRV_FEATURE_*) probed on first need.
const FEATURE_REMOTE_EVENT_CALLBACK = 14;
const FEATURE_REMOTE_CLOSE_CALLBACK = 15;

/** CONNECT_SUPPORTS_FEATURE on a given engine (also before any Connection exists, during the open). */
export async function askFeature(rpc: RpcClient, feature: number, opts?: CallOptions): Promise<boolean> {
  return (await rpc.call<{ supported: number }>("connect_supports_feature", { feature }, opts)).supported !== 0;
}

type ProcName = keyof RemoteProcedures;
type ArgsOf<K extends ProcName> = RemoteProcedures[K]["args"];
type RetOf<K extends ProcName> = RemoteProcedures[K]["ret"];

/**
 * An open connection to a libvirt driver (Sys::Virt's Sys::Virt object).
 * Connection calls live here; domain calls on Domain.
 */
export class Connection extends EventEmitter {
  /** @internal the current engine; reconnect replaces it (adoptRpc) */
  rpc: RpcClient;
  /** @internal the URI as parsed */
  readonly parsedUri: ParsedUri;
  /**
   * @internal what the server supports; the callback features stay undefined
   * until serverFeatures() first needs them (probing at open would cost every
   * connection a round trip).
   */
  readonly features: ServerFeatures;
  // The probe in flight on the current engine (adoptRpc clears it).
  private featureProbe: Promise<Required<ServerFeatures>> | null = null;
  private readonly callTimeout: number;
  private readonly readonlyFlag: boolean;
  /** @internal set by close(): a socket close from then on is the client's doing */
  closingByClient = false;
  /** @internal what a lost engine means; reconnect replaces it */
  onRpcClose: (err: Error) => void = (err) => this.emit("close", err);

  /** @internal use connect() */
  constructor(
    rpc: RpcClient,
    parsedUri: ParsedUri,
    opts: { readonly: boolean; callTimeout: number; features: ServerFeatures },
  ) {
    super();
    this.rpc = rpc;
    this.parsedUri = parsedUri;
    this.readonlyFlag = opts.readonly;
    this.callTimeout = opts.callTimeout;
    this.features = opts.features;
    this.watchRpc(rpc);
  }

  /** @internal reconnect: continue on a fresh engine under the same Connection */
  adoptRpc(rpc: RpcClient, features: ServerFeatures): void {
    this.rpc = rpc;
    this.featureProbe = null;
    this.features.eventCallback = undefined;
    this.features.closeCallback = undefined;
    Object.assign(this.features, features);
    this.watchRpc(rpc);
  }

  private watchRpc(rpc: RpcClient): void {
    rpc.on("close", (err: Error) => this.onRpcClose(err));
  }

  /** @internal the callback features, asked once per engine (both probes leave in one write) */
  serverFeatures(opts?: CallOptions): Promise<Required<ServerFeatures>> {
    const f = this.features;
    if (f.eventCallback !== undefined && f.closeCallback !== undefined) {
      return Promise.resolve(f as Required<ServerFeatures>);
    }
    const rpc = this.rpc;
    if (this.featureProbe) return this.featureProbe;
    const callOpts = this.withCallTimeout(opts);
    const promise = Promise.all([
      askFeature(rpc, FEATURE_REMOTE_EVENT_CALLBACK, callOpts),
      askFeature(rpc, FEATURE_REMOTE_CLOSE_CALLBACK, callOpts),
    ]).then(
      ([eventCallback, closeCallback]) => {
        if (this.rpc === rpc) Object.assign(f, { eventCallback, closeCallback });
        return { keepalive: f.keepalive, eventCallback, closeCallback };
      },
      (err: unknown) => {
        // A failed probe (cancelled, connection lost) is asked again next time.
        if (this.featureProbe === promise) this.featureProbe = null;
        throw err;
      },
    );
    this.featureProbe = promise;
    return promise;
  }

  /** @internal typed REMOTE call with this connection's default timeout. */
  call<K extends ProcName>(proc: K, args: ArgsOf<K>, opts?: CallOptions): Promise<RetOf<K>> {
    return this.rpc.call(proc, args, this.withCallTimeout(opts)) as Promise<RetOf<K>>;
  }

  /** @internal a call to another program's procedure (QEMU), with the same default timeout. */
  callProgram(prog: number, proc: string, args: unknown, opts?: CallOptions): Promise<unknown> {
    return this.rpc.callBound(this.rpc.program(prog).need(proc), args, this.withCallTimeout(opts));
  }

  /** @internal open a REMOTE stream procedure (console, channel, screenshot), with the same default timeout. */
  async openStream(
    proc: ProcName,
    args: unknown,
    opts?: CallOptions & Omit<RpcStreamOptions, "direction">,
  ): Promise<{ stream: RpcStream; ret: unknown }> {
    return openStream(this.rpc, this.rpc.program(Program.REMOTE).need(proc), args, this.withCallTimeout(opts));
  }

  /**
   * @internal `opts` with this connection's default timeout unless it sets its
   * own: every call the connection makes goes through here, also those made on
   * an engine directly (event registrations on the router's engine).
   */
  withCallTimeout<O extends CallOptions>(opts: O | undefined): O | undefined {
    return opts?.timeout === undefined && this.callTimeout > 0 ? { ...(opts as O), timeout: this.callTimeout } : opts;
  }

  /** Close the connection: CONNECT_CLOSE, then the transport. Pending calls reject. */
  async close(opts?: CallOptions): Promise<void> {
    this.closingByClient = true;
    this.emit("closing");
    if (this.rpc.closed) return;
    try {
      await this.call("connect_close", undefined, opts);
    } catch {
      // Closing is best effort: the transport goes away regardless.
    }
    this.rpc.destroy();
  }

  isAlive(): boolean {
    return !this.rpc.closed;
  }

  /** True on transports where the peer is authenticated and private (unix, TLS, SSH, SASL layer). */
  async isSecure(): Promise<boolean> {
    const t = this.rpc.transportInfo;
    return t.secure || t.encrypted;
  }

  async isEncrypted(): Promise<boolean> {
    return this.rpc.transportInfo.encrypted;
  }

  isReadonly(): boolean {
    return this.readonlyFlag;
  }

  async getType(opts?: CallOptions): Promise<string> {
    return (await this.call("connect_get_type", undefined, opts)).type;
  }

  /** Hypervisor version as major * 1,000,000 + minor * 1,000 + release. */
  async getVersion(opts?: CallOptions): Promise<bigint> {
    return (await this.call("connect_get_version", undefined, opts)).hv_ver;
  }

  /** libvirt library version of the server side. */
  async getLibraryVersion(opts?: CallOptions): Promise<bigint> {
    return (await this.call("connect_get_lib_version", undefined, opts)).lib_ver;
  }

  async getHostname(opts?: CallOptions): Promise<string> {
    return (await this.call("connect_get_hostname", undefined, opts)).hostname;
  }

  async getUri(opts?: CallOptions): Promise<string> {
    return (await this.call("connect_get_uri", undefined, opts)).uri;
  }

  async getCapabilities(opts?: CallOptions): Promise<string> {
    return (await this.call("connect_get_capabilities", undefined, opts)).capabilities;
  }

  async getSysinfo(flags: number = 0, opts?: CallOptions): Promise<string> {
    return (await this.call("connect_get_sysinfo", { flags }, opts)).sysinfo;
  }

  /** The domain capabilities XML for an emulator, architecture, machine and virtualization type (null: the driver's default). */
  async getDomainCapabilities(
    emulatorbin: string | null = null,
    arch: string | null = null,
    machine: string | null = null,
    virttype: string | null = null,
    flags = 0,
    opts?: CallOptions,
  ): Promise<string> {
    return (await this.call("connect_get_domain_capabilities", { emulatorbin, arch, machine, virttype, flags }, opts)).capabilities;
  }

  async getMaxVcpus(type: string | null = null, opts?: CallOptions): Promise<number> {
    return (await this.call("connect_get_max_vcpus", { type }, opts)).max_vcpus;
  }

  async getNodeInfo(opts?: CallOptions): Promise<NodeInfo> {
    const r = await this.call("node_get_info", undefined, opts);
    return {
      model: charsToString(r.model),
      memory: r.memory,
      cpus: r.cpus,
      mhz: r.mhz,
      nodes: r.nodes,
      sockets: r.sockets,
      cores: r.cores,
      threads: r.threads,
    };
  }

  /** Whether the server supports a VIR_DRV_FEATURE_* number. */
  async supportsFeature(feature: number, opts?: CallOptions): Promise<boolean> {
    return (await this.call("connect_supports_feature", { feature }, opts)).supported !== 0;
  }
}

/** char[N] on the wire arrives as numbers; the C string ends at the first NUL. */
export function charsToString(chars: readonly number[]): string {
  const end = chars.indexOf(0);
  const bytes = Uint8Array.from(end < 0 ? chars : chars.slice(0, end), (c) => c & 0xff);
  return Buffer.from(bytes).toString("utf8");
}
