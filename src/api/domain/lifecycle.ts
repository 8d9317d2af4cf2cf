import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import type { Connection } from "../connection.js";
import { badArg, fdList } from "./args.js";
import { fdPassingError } from "./fd-passing.js";

declare module "./handle.js" {
  interface Domain {
    /** Start a defined domain (virDomainCreateWithFlags); refreshes this handle's id. */
    create(flags?: number, opts?: CallOptions): Promise<void>;
    /**
     * virDomainCreateWithFiles. Only an empty `fds` list can be sent: passing
     * descriptors needs SCM_RIGHTS, which Node's sockets cannot do, so a
     * non-empty list is refused before anything is sent (see fdPassingError).
     */
    createWithFiles(fds: readonly number[], flags?: number, opts?: CallOptions): Promise<void>;
    /** Power off at once. Without flags (virDomainDestroy) the handle's id becomes -1, as in libvirt. */
    destroy(flags?: number, opts?: CallOptions): Promise<void>;
    /** Ask the guest to power off (virDomainShutdown, or ShutdownFlags when flags are given). */
    shutdown(flags?: number, opts?: CallOptions): Promise<void>;
    reboot(flags?: number, opts?: CallOptions): Promise<void>;
    /** Hardware reset, no guest cooperation. */
    reset(flags?: number, opts?: CallOptions): Promise<void>;
    suspend(opts?: CallOptions): Promise<void>;
    resume(opts?: CallOptions): Promise<void>;
    /** target: a NODE_SUSPEND_TARGET_* constant; duration in seconds (0: until woken). */
    pmSuspendForDuration(target: number, duration: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    pmWakeup(flags?: number, opts?: CallOptions): Promise<void>;
    /** Remove the persistent config (virDomainUndefine, or UndefineFlags when flags are given). */
    undefine(flags?: number, opts?: CallOptions): Promise<void>;
    /** Rename an inactive domain; this handle takes the new name. */
    rename(newName: string, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.create = async function (this: Domain, flags = 0, opts?: CallOptions) {
  // CREATE_WITH_FLAGS returns the domain, so one round trip gives the new id
  // (plain DOMAIN_CREATE returns nothing and needs a lookup afterwards).
  const r = await this.conn.call("domain_create_with_flags", { dom: this.ref, flags }, opts);
  this.setId(r.dom.id);
};

/**
 * Shared by Domain.createWithFiles and Connection.createDomainWithFiles: an
 * empty list is sendable as an ordinary CALL; descriptors are not.
 */
export function refuseFds(conn: Connection, api: string, fds: unknown): void {
  if (fdList("fds", fds, false).length > 0) throw fdPassingError(conn, api, "send");
}

Domain.prototype.createWithFiles = async function (this: Domain, fds: readonly number[], flags = 0, opts?: CallOptions) {
  refuseFds(this.conn, "virDomainCreateWithFiles", fds);
  // With no fds the call travels as an ordinary CALL, as libvirt's client sends it.
  const r = await this.conn.call("domain_create_with_files", { dom: this.ref, flags }, opts);
  this.setId(r.dom.id);
};

Domain.prototype.destroy = async function (this: Domain, flags = 0, opts?: CallOptions) {
  if (flags !== 0) {
    await this.conn.call("domain_destroy_flags", { dom: this.ref, flags }, opts);
    return;
  }
  await this.conn.call("domain_destroy", { dom: this.ref }, opts);
  // libvirt's client resets the cached id after plain Destroy only (not DestroyFlags).
  this.setId(-1);
};

Domain.prototype.shutdown = async function (this: Domain, flags = 0, opts?: CallOptions) {
  if (flags !== 0) await this.conn.call("domain_shutdown_flags", { dom: this.ref, flags }, opts);
  else await this.conn.call("domain_shutdown", { dom: this.ref }, opts);
};

Domain.prototype.reboot = async function (this: Domain, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_reboot", { dom: this.ref, flags }, opts);
};

Domain.prototype.reset = async function (this: Domain, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_reset", { dom: this.ref, flags }, opts);
};

Domain.prototype.suspend = async function (this: Domain, opts?: CallOptions) {
  await this.conn.call("domain_suspend", { dom: this.ref }, opts);
};

Domain.prototype.resume = async function (this: Domain, opts?: CallOptions) {
  await this.conn.call("domain_resume", { dom: this.ref }, opts);
};

Domain.prototype.pmSuspendForDuration = async function (
  this: Domain,
  target: number,
  duration: number | bigint,
  flags = 0,
  opts?: CallOptions,
) {
  if (typeof duration === "number" && !Number.isSafeInteger(duration)) {
    throw badArg(`duration must be an integer number of seconds, got ${duration}`);
  }
  if (typeof duration !== "number" && typeof duration !== "bigint") {
    throw badArg("duration must be a number or bigint");
  }
  await this.conn.call("domain_pm_suspend_for_duration", { dom: this.ref, target, duration: BigInt(duration), flags }, opts);
};

Domain.prototype.pmWakeup = async function (this: Domain, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_pm_wakeup", { dom: this.ref, flags }, opts);
};

Domain.prototype.undefine = async function (this: Domain, flags = 0, opts?: CallOptions) {
  if (flags !== 0) await this.conn.call("domain_undefine_flags", { dom: this.ref, flags }, opts);
  else await this.conn.call("domain_undefine", { dom: this.ref }, opts);
};

Domain.prototype.rename = async function (this: Domain, newName: string, flags = 0, opts?: CallOptions) {
  if (typeof newName !== "string") throw badArg("new name must be a string");
  await this.conn.call("domain_rename", { dom: this.ref, new_name: newName, flags }, opts);
  this.setName(newName);
};
