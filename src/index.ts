// Public entry point of virtwire.
import "./api/features.js";

export { connect } from "./api/connect.js";
export type { ConnectOptions } from "./api/connect-options.js";
export { Connection, type NodeInfo } from "./api/connection.js";
export { Domain } from "./api/domain/index.js";
export type { DomainInfo } from "./api/domain/info.js";
export type { CallOptions } from "./rpc/call-options.js";
export type { TypedParams, TypedParamValue } from "./api/typed-params.js";
export {
  VirtError,
  ConnectionClosedError,
  KeepaliveTimeoutError,
  TransportError,
  CallTimeoutError,
  ProtocolError,
} from "./rpc/errors.js";
export { parseUri, type ParsedUri } from "./transport/uri.js";
export * as constants from "./protocol/generated/constants.js";
