import type { Duplex } from "node:stream";

/** What the RPC engine needs from a connected byte stream. */
export interface Transport {
  /** Byte stream to the server; the engine reads and writes frames on it. */
  readonly stream: Duplex;
  readonly kind: "unix" | "tcp" | "tls" | "ssh" | "ext" | "memory";
  /** Peer authenticated and private: unix socket, TLS, SSH, in-memory (not an ext command). */
  readonly secure: boolean;
  /** Bytes are encrypted on the wire (TLS, SSH, SASL layer). */
  readonly encrypted: boolean;
  /** Descriptor passing (SCM_RIGHTS) is possible on this transport. */
  readonly canPassFds: boolean;
  /** Tear the stream down at once. */
  destroy(err?: Error): void;
}
