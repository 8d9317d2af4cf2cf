export { ProtocolError, type ProtocolErrorCode } from "./errors.js";
export { XdrWriter } from "./writer.js";
export { XdrReader } from "./reader.js";
export { codecFor, encodeValue, decodeValue, type Codec } from "./codec.js";
export type {
  Primitive,
  TypeRef,
  TypeNode,
  TypeTable,
  StreamDirection,
  ProcedureDef,
  ProgramDef,
} from "./schema.js";
