// Numbers of the libvirt RPC framing layer (virnetprotocol.x and friends).

/** Program numbers; every program is at version 1. */
export const Program = {
  REMOTE: 0x20008086,
  QEMU: 0x20008087,
  LXC: 0x00068000,
  /** Only on the admin socket. */
  ADMIN: 0x06900690,
  KEEPALIVE: 0x6b656570,
} as const;
export type Program = (typeof Program)[keyof typeof Program];

export const PROGRAM_VERSION = 1;

/** Keepalive procedures, sent as MESSAGE packets with serial 0. */
export const KeepaliveProc = { PING: 1, PONG: 2 } as const;

/** Header `type` field. */
export const MessageType = {
  CALL: 0,
  REPLY: 1,
  /** Server push (events, keepalive); serial 0. */
  MESSAGE: 2,
  STREAM: 3,
  CALL_WITH_FDS: 4,
  REPLY_WITH_FDS: 5,
  STREAM_HOLE: 6,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Header `status` field. */
export const Status = {
  OK: 0,
  ERROR: 1,
  /** Stream data follows. */
  CONTINUE: 2,
} as const;
export type Status = (typeof Status)[keyof typeof Status];

/** The length word that starts every frame; it counts itself. */
export const LEN_SIZE = 4;
/** prog, vers, proc, type, serial, status: six 32-bit words. */
export const HEADER_SIZE = 24;
/** Smallest legal length word: itself plus an empty-payload header. */
export const LEN_MIN = LEN_SIZE + HEADER_SIZE;
/** Largest header + payload. */
export const MESSAGE_MAX = 33554432;
/** Largest legal length word. */
export const LEN_MAX = MESSAGE_MAX + LEN_SIZE;
/** Payload limit of servers before the 32 MiB message size. */
export const LEGACY_PAYLOAD_MAX = 262120;
/** Bytes of data per stream packet the server sends. */
export const STREAM_CHUNK = 262120;
/** Most descriptors one message may carry. */
export const MAX_FDS = 32;

/** Types whose header is followed by a u32 descriptor count. */
export function hasFds(type: number): boolean {
  return type === MessageType.CALL_WITH_FDS || type === MessageType.REPLY_WITH_FDS;
}
