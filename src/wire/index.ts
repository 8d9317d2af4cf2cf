export * from "./constants.js";
export { type Header, checkHeader, writeHeader, readHeader, encodeHeader, decodeHeader } from "./header.js";
export { encodeFrame, encodeMessage } from "./frame.js";
export { FrameDecoder, type Frame, type FrameDecoderOptions } from "./frame-decoder.js";
