// What a REMOTE procedure handler gets and returns.
import type { RemoteProcedures } from "../../protocol/generated/remote-types.js";
import type { Hypervisor } from "../driver/hypervisor.js";

/** Per-connection state the handlers see. */
export interface CallContext {
  /** The instance opened by CONNECT_OPEN (handlers run only after it). */
  readonly hv: Hypervisor;
  readonly readonly: boolean;
  /** URI the connection was opened with. */
  readonly uri: string;
  /** Serial of the CALL being handled (streams reuse it). */
  readonly serial: number;
  /** Queue raw stream data to send after the reply (read streams). */
  streamOut(data: Buffer): void;
  /** Connection-scoped registries kept by the server. */
  readonly conn: ConnState;
}

export interface DomainCallback {
  /** Driver-level id (what CALLBACK_REGISTER_ANY returns). */
  id: number;
  /**
   * How the client registered: "callback" (316, events carry the id),
   * "any" (old REGISTER_ANY, old message procedures) or "legacy"
   * (DOMAIN_EVENT_REGISTER, lifecycle only).
   */
  kind: "callback" | "any" | "legacy";
  eventID: number;
  /** UUID filter, or null for every domain. */
  uuid: Uint8Array | null;
}

export interface ConnState {
  /** In registration order, which is the order events are delivered in. */
  callbacks: DomainCallback[];
  closeCallback: boolean;
}

export type Handler<K extends keyof RemoteProcedures> = (
  ctx: CallContext,
  args: RemoteProcedures[K]["args"],
) => RemoteProcedures[K]["ret"];

export type HandlerTable = { [K in keyof RemoteProcedures]?: Handler<K> };
