// Which instance a connection URI opens. test:///default is shared by every
// connection of the process and rebuilt after the last one closes (as
// libvirt does); test:///abs/path.xml gives each connection its own copy.
import { ErrCode, ErrDomain, virErr } from "./driver/errors.js";
import type { Hypervisor } from "./driver/hypervisor.js";
import { defaultHypervisor, fileHypervisor } from "./driver/node-file.js";

export interface InstanceLease {
  readonly hv: Hypervisor;
  /** Drop this connection's hold; idempotent. */
  release(): void;
}

/** Resolves the name sent in CONNECT_OPEN to an instance. */
export type InstanceProvider = (uri: string) => InstanceLease;

let shared: Hypervisor | null = null;
let sharedRefs = 0;

/** Number of open connections on the shared test:///default instance. */
export function defaultRefs(): number {
  return sharedRefs;
}

function acquireDefault(): InstanceLease {
  if (!shared) shared = defaultHypervisor();
  const hv = shared;
  sharedRefs++;
  let held = true;
  return {
    hv,
    release() {
      if (!held) return;
      held = false;
      sharedRefs--;
      if (sharedRefs === 0 && shared === hv) shared = null;
    },
  };
}

/** Path part of a test: URI, as libvirt's test driver reads it. */
export function uriPath(uri: string): string {
  const m = /^test(?:\+[a-z]+)?:\/\/[^/?#]*([^?#]*)/i.exec(uri);
  return m ? decodeURIComponent(m[1]!) : "";
}

/** The provider used by openEmbedded: shared default, private file instances. */
export const registryProvider: InstanceProvider = (uri) => {
  const path = uriPath(uri);
  if (path === "" || path === "/") {
    throw virErr(ErrCode.INVALID_ARG, ErrDomain.TEST, "testOpen: supply a path or use test:///default");
  }
  if (path === "/default") return acquireDefault();
  const hv = fileHypervisor(path);
  return { hv, release() {} };
};

/** A provider that always hands out one given instance (for tests and tools). */
export function fixedProvider(hv: Hypervisor): InstanceProvider {
  return () => ({ hv, release() {} });
}
