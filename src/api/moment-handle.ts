import type { Connection } from "./connection.js";
import type { Domain } from "./domain/handle.js";
import type { remote_nonnull_domain } from "../protocol/generated/remote-types.js";

/**
 * What a snapshot handle and a checkpoint handle share: a name known
 * locally, bound to the domain handle it was obtained through.
 */
export abstract class MomentHandle {
  protected readonly domain: Domain;
  protected readonly name: string;

  /** @internal */
  constructor(domain: Domain, name: string) {
    this.domain = domain;
    this.name = name;
  }

  getName(): string {
    return this.name;
  }

  /** The domain handle this snapshot or checkpoint was obtained through. */
  getDomain(): Domain {
    return this.domain;
  }

  getConnection(): Connection {
    return this.domain.conn;
  }

  /** The wire form; remote_nonnull_domain_snapshot and _checkpoint are both { name, dom }. */
  protected wireRef(): { name: string; dom: remote_nonnull_domain } {
    return { name: this.name, dom: this.domain.ref };
  }
}
