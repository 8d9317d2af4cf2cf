// What a client-side SASL mechanism looks like to the AUTH_SASL_* exchange.

/** Username and password for one authentication; never logged or put in messages. */
export interface SaslCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Seals and unseals the bytes of a connection once a mechanism negotiated a
 * security layer. On the wire each sealed packet is a 4-byte big-endian
 * length followed by that many bytes (the framing of libvirt's SASL socket).
 */
export interface SecurityLayer {
  /** Negotiated security strength factor (bits). */
  readonly ssf: number;
  /** Largest plaintext one packet may carry. */
  readonly maxPlainChunk: number;
  /** Largest packet body (after the length word) we accept from the peer. */
  readonly maxInbound: number;
  /** Seal one chunk of at most maxPlainChunk bytes into a packet body (no length word). */
  seal(plain: Buffer): Buffer;
  /** Unseal one packet body; throws SaslError on a bad packet. */
  unseal(body: Buffer): Buffer;
}

export interface SaslClientMechanism {
  /** IANA name as the server lists it (SCRAM-SHA-256, DIGEST-MD5, ...). */
  readonly name: string;
  /** Initial response for AUTH_SASL_START; null sends the wire's nil flag. */
  start(): Promise<Buffer | null>;
  /** Answer one server challenge (null: the server sent nil); null answers nil. */
  step(challenge: Buffer | null): Promise<Buffer | null>;
  /** True once our side is done (and has checked the server's proof, where there is one). */
  readonly complete: boolean;
  /** The layer negotiated, or null (none asked for, or none in this mechanism). */
  securityLayer(): SecurityLayer | null;
}

/** A SASL exchange failed on our side (bad server data, failed server proof, no mechanism). */
export class SaslError extends Error {
  override readonly name = "SaslError";
}
