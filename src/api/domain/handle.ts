import type { Connection } from "../connection.js";
import type { remote_nonnull_domain } from "../../protocol/generated/remote-types.js";
import { uuidToString } from "../uuid.js";

/**
 * A libvirt guest domain (Sys::Virt::Domain). Identity accessors are
 * synchronous; every other method returns a Promise and is added by a
 * feature file beside this one (module augmentation keeps files small).
 */
export class Domain {
  /** The connection this domain was obtained from. */
  readonly conn: Connection;
  private name: string;
  private readonly uuid: Buffer;
  private id: number;

  /** @internal obtained from lookups, lists and define/create calls */
  constructor(conn: Connection, ref: remote_nonnull_domain) {
    this.conn = conn;
    this.name = ref.name;
    this.uuid = Buffer.from(ref.uuid);
    this.id = ref.id;
  }

  getName(): string {
    return this.name;
  }

  /** The 16 raw bytes of the UUID. */
  getUuid(): Buffer {
    return Buffer.from(this.uuid);
  }

  getUuidString(): string {
    return uuidToString(this.uuid);
  }

  /** Id of a running domain, -1 when inactive (as cached on this handle, like libvirt). */
  getId(): number {
    return this.id;
  }

  getConnection(): Connection {
    return this.conn;
  }

  /** @internal the wire form of this handle */
  get ref(): remote_nonnull_domain {
    return { name: this.name, uuid: this.uuid, id: this.id };
  }

  /** @internal libvirt's client refreshes a handle's id from calls that return the domain */
  setId(id: number): void {
    this.id = id;
  }

  /** @internal after rename */
  setName(name: string): void {
    this.name = name;
  }
}
