/** Connecting the transport failed (socket missing, refused, handshake failure). */
export class TransportError extends Error {
  override readonly name = "TransportError";
  readonly code: string | undefined;
  constructor(message: string, options?: { cause?: unknown; code?: string | undefined }) {
    super(message, options);
    this.code = options?.code;
  }
}

/** A remote URI's parameters do not fit together (libvirt: invalid argument, from the remote driver). */
export class RemoteOptionError extends Error {
  override readonly name = "RemoteOptionError";
}
