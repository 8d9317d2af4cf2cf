// Error classes of the RPC layer. VirtError carries libvirt's own error
// (a REPLY or STREAM packet with status ERROR); the others are failures of
// the connection itself, so callers can tell "libvirt said no" from "the
// wire broke".
import { ProtocolError } from "../xdr/errors.js";
import { TransportError } from "../transport/errors.js";
import { Error as ErrorConstants } from "../protocol/generated/constants.js";

export { ProtocolError, TransportError };

/** The remote_error payload as decoded from the wire. */
export interface RemoteErrorPayload {
  code: number;
  domain: number;
  message: string | null;
  level: number;
  dom: { name: string; uuid: Uint8Array; id: number } | null;
  str1: string | null;
  str2: string | null;
  str3: string | null;
  int1: number;
  int2: number;
  net: { name: string; uuid: Uint8Array } | null;
}

/** An error reported by libvirt, with every field of virError. */
class VirtErrorClass extends Error {
  readonly code: number;
  readonly domain: number;
  readonly level: number;
  readonly str1: string | null;
  readonly str2: string | null;
  readonly str3: string | null;
  readonly int1: number;
  readonly int2: number;
  /** Name of the domain the error concerns, when libvirt names one. */
  readonly dom: string | null;
  /** Name of the network the error concerns, when libvirt names one. */
  readonly net: string | null;

  constructor(e: RemoteErrorPayload, options?: { cause?: unknown }) {
    super(e.message ?? `libvirt error code ${e.code}`, options);
    this.code = e.code;
    this.domain = e.domain;
    this.level = e.level;
    this.str1 = e.str1;
    this.str2 = e.str2;
    this.str3 = e.str3;
    this.int1 = e.int1;
    this.int2 = e.int2;
    this.dom = e.dom?.name ?? null;
    this.net = e.net?.name ?? null;
  }

  /** Build a VirtError raised on the client side (libvirt does the same for local checks), keeping its cause. */
  static local(code: number, domain: number, message: string, cause?: unknown): VirtErrorClass {
    return new VirtErrorClass(
      { code, domain, message, level: 2, dom: null, str1: null, str2: null, str3: null, int1: 0, int2: 0, net: null },
      cause === undefined ? undefined : { cause },
    );
  }
}

// Set on the prototype so stack traces read "VirtError: ..." from the start.
Object.defineProperty(VirtErrorClass.prototype, "name", { value: "VirtError", writable: false });

/**
 * VirtError with Sys::Virt::Error's constants as static members
 * (VirtError.ERR_NO_DOMAIN, VirtError.FROM_QEMU, VirtError.LEVEL_ERROR, ...).
 * ERR_OPERATION_DENIED is added beside Sys::Virt's misspelt ERR_OPERATIONED_DENIED.
 */
export const VirtError = Object.assign(VirtErrorClass, ErrorConstants, {
  ERR_OPERATION_DENIED: ErrorConstants.ERR_OPERATIONED_DENIED,
} as const);
export type VirtError = VirtErrorClass;

/** The connection is gone: closed by us, by the peer, or declared dead. */
export class ConnectionClosedError extends Error {
  override readonly name: string = "ConnectionClosedError";
  /** Matches libvirt's close reasons: 0 error, 1 eof, 2 keepalive, 3 client. */
  readonly reason: "error" | "eof" | "keepalive" | "client";
  constructor(message: string, reason: ConnectionClosedError["reason"], options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** The peer stopped answering keepalive pings. */
export class KeepaliveTimeoutError extends ConnectionClosedError {
  override readonly name = "KeepaliveTimeoutError";
  constructor(silentMs: number) {
    super(`no data from the server for ${silentMs} ms: connection declared dead by keepalive`, "keepalive");
  }
}

/** A call exceeded its timeout. The call may still run on the server. */
export class CallTimeoutError extends Error {
  override readonly name = "CallTimeoutError";
  readonly procedure: string;
  constructor(procedure: string, ms: number) {
    super(`${procedure} did not complete within ${ms} ms`);
    this.procedure = procedure;
  }
}

/**
 * A call refused before sending because the server has stopped reading:
 * more than the engine's limit of bytes already waits in the socket's
 * write buffer. The connection and the calls already queued are untouched.
 */
export class WriteQueueFullError extends Error {
  override readonly name = "WriteQueueFullError";
  readonly procedure: string;
  /** Bytes waiting to be written when the call was refused. */
  readonly queuedBytes: number;
  constructor(procedure: string, queuedBytes: number, limit: number) {
    super(`${procedure} refused: ${queuedBytes} bytes already wait for the server to read them (limit ${limit})`);
    this.procedure = procedure;
    this.queuedBytes = queuedBytes;
  }
}
