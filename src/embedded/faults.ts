// Fault injection for reliability tests: a server can be told to drop,
// rewrite, duplicate or truncate what it sends, stop reading, or close.
import type { Header } from "../wire/header.js";

export type SentKind = "reply" | "event" | "stream" | "keepalive";

export interface SendInfo {
  header: Header;
  kind: SentKind;
  /** REMOTE procedure name, when the packet belongs to one. */
  procedure: string | null;
}

export interface SendFault {
  /** Bytes to write instead of the frame ([] drops it; two copies duplicate it). */
  frames?: Buffer[];
  /** Close the transport after writing `frames`. */
  close?: boolean;
  /** Stop reading from the client (it sees no more replies to new calls). */
  stopReading?: boolean;
}

export type ReceiveFault = "drop" | "close" | "stall";

export interface FaultHooks {
  /** Called for each complete inbound frame before it is handled. */
  onReceive?(header: Header): ReceiveFault | void;
  /** Called for each outbound frame before it is written. */
  onSend?(frame: Buffer, info: SendInfo): SendFault | void;
}

/** Frame helpers for tests: cut a frame short, or corrupt its length word. */
export const faultFrames = {
  truncate(frame: Buffer, keep: number): Buffer {
    return frame.subarray(0, Math.max(0, Math.min(keep, frame.length)));
  },
  withLength(frame: Buffer, len: number): Buffer {
    const b = Buffer.from(frame);
    b.writeUInt32BE(len >>> 0, 0);
    return b;
  },
};
