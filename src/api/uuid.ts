import { invalidArgument, show } from "./validate.js";

const HEX = /^[0-9a-fA-F]{32}$/;

/** Format 16 raw bytes as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx. */
export function uuidToString(raw: Uint8Array): string {
  const h = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Accept a UUID as 16 raw bytes or a string with or without dashes (libvirt
 * also tolerates dashes and spaces anywhere), returning the raw bytes.
 */
export function uuidToBytes(uuid: string | Uint8Array): Buffer {
  if (typeof uuid !== "string") {
    if (!(uuid instanceof Uint8Array)) throw invalidArgument(0, `UUID must be a string or 16 bytes, got ${show(uuid)}`);
    if (uuid.byteLength !== 16) throw invalidArgument(0, `raw UUID must be 16 bytes, got ${uuid.byteLength}`);
    return Buffer.from(uuid);
  }
  const hex = uuid.replace(/[-\s]/g, "");
  if (!HEX.test(hex)) throw invalidArgument(0, `malformed UUID ${JSON.stringify(uuid)}`);
  return Buffer.from(hex, "hex");
}
