import { TransportError } from "./errors.js";

// libvirt's numbers for the failures below (virterror.h): the API layer
// turns a TlsError into a VirtError carrying them.
export const VIR_FROM_RPC = 7;
export const VIR_ERR_SYSTEM_ERROR = 38;
export const VIR_ERR_AUTH_FAILED = 45;

/** A TLS setup failure, with the libvirt error code and domain virsh reports for it. */
export class TlsError extends TransportError {
  readonly virCode: number;
  readonly virDomain: number;
  constructor(virCode: number, message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options);
    this.virCode = virCode;
    this.virDomain = VIR_FROM_RPC;
  }
}
