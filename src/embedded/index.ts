// Placeholder until the embedded driver's server lands (owned by the embedded-driver work).
import type { Duplex } from "node:stream";

export function openEmbedded(uri: string): Duplex {
  throw new Error(`embedded test driver not available yet for ${uri}`);
}
