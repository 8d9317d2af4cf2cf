// The embedded test:/// hypervisor: libvirt's test driver served over the
// real REMOTE protocol on an in-memory transport.
import type { Duplex } from "node:stream";
import { memoryPair } from "../transport/memory.js";
import { serveEmbedded, type ServeOptions } from "./server.js";
import { registryProvider, uriPath } from "./registry.js";

/**
 * Open an in-process transport for `test:///default` or `test:///abs/path.xml`.
 * Returns the client end of a memory pair; the other end is served. As with
 * libvirtd, the instance is chosen by the name the client sends in
 * CONNECT_OPEN (normally this same URI); a bad path fails there.
 */
export function openEmbedded(uri: string, opts: ServeOptions = {}): Duplex {
  if (!/^test:\/\//i.test(uri)) throw new TypeError(`not a test driver URI: ${uri}`);
  const [client, server] = memoryPair();
  serveEmbedded(server, registryProvider, opts);
  return client;
}

export { serveEmbedded, type ServeOptions, type EmbeddedServer, type KeepaliveOptions } from "./server.js";
export { registryProvider, fixedProvider, defaultRefs, type InstanceLease, type InstanceProvider } from "./registry.js";
export type { FaultHooks, SendFault, SendInfo, ReceiveFault } from "./faults.js";
export { faultFrames } from "./faults.js";
export { Hypervisor } from "./driver/hypervisor.js";
export { defaultHypervisor, fileHypervisor } from "./driver/node-file.js";
export { uriPath };
