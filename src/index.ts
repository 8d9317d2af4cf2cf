// Public entry point of virtwire.
import "./api/features.js";

export { connect } from "./api/connect.js";
export type { ConnectOptions } from "./api/connect-options.js";
export { Connection, type NodeInfo } from "./api/connection.js";
export { Domain } from "./api/domain/index.js";
export { QemuConstants } from "./api/domain/qemu.js";
export type { DomainInfo } from "./api/domain/info.js";
export type { DomainControlInfo } from "./api/domain/info.js";
export type { SaveParams } from "./api/domain/save.js";
export { DomainSnapshot } from "./api/snapshot.js";
export { DomainCheckpoint } from "./api/checkpoint.js";
export type { DomainStatsRecord } from "./api/conn-domain-stats.js";
export type { NodeCpuMap, NodeCellFreePages } from "./api/conn-node.js";
export type { CallOptions } from "./rpc/call-options.js";
export type { TypedParams, TypedParamValue } from "./api/typed-params.js";
export {
  VirtError,
  ConnectionClosedError,
  KeepaliveTimeoutError,
  TransportError,
  CallTimeoutError,
  WriteQueueFullError,
  ProtocolError,
} from "./rpc/errors.js";
export { parseUri, type ParsedUri } from "./transport/uri.js";
export * as constants from "./protocol/generated/constants.js";
// Streams, events, reconnect.
export { RpcStream, StreamOverflowError, StreamClosedError, type StreamHole } from "./rpc/stream.js";
export type { StreamCallOptions, Screenshot } from "./api/domain/streams.js";
export {
  DomainEventStream,
  type DomainEventsOptions,
  type DomainEventCallback,
  type CloseCallback,
  type CloseReason,
} from "./api/events.js";
export {
  DomainEventId,
  type DomainEvent,
  type DomainEventOf,
  type DomainEventMap,
  type DomainEventIdNumber,
  type GraphicsAddress,
} from "./api/event-types.js";
export type {
  ReconnectOptions,
  ReconnectedInfo,
  DisconnectedInfo,
  ReconnectAttemptFailedInfo,
  ReconnectFailedInfo,
} from "./api/reconnect.js";
export type { AuthOption, AuthCredentials, AuthRequest, AuthCallback } from "./api/auth-types.js";
