// Calls answered by the guest (mostly through the QEMU guest agent).
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { REMOTE_CONST } from "../../protocol/generated/remote.js";
import { decodeTypedParams, type TypedParams } from "../typed-params.js";
import { i32, i64, optStr, str, strList, u32, u64 } from "./args.js";

/** One element of Sys::Virt's get_fs_info list. */
export interface FsInfo {
  mountpoint: string;
  name: string;
  fstype: string;
  /** Disk targets (vda, ...) backing the filesystem. */
  devalias: string[];
}

export interface IpAddress {
  /** IP_ADDR_TYPE_IPV4 or IP_ADDR_TYPE_IPV6 */
  type: number;
  addr: string;
  prefix: number;
}

/** One element of Sys::Virt's get_interface_addresses list; hwaddr is absent when unknown. */
export interface InterfaceAddresses {
  name: string;
  hwaddr?: string;
  addrs: IpAddress[];
}

declare module "./handle.js" {
  interface Domain {
    /** Guest time as [seconds, nanoseconds]. */
    getTime(flags?: number, opts?: CallOptions): Promise<[bigint, number]>;
    /** TIME_SYNC in flags resyncs from the RTC instead (seconds/nanoseconds are then ignored). */
    setTime(seconds: number | bigint, nseconds: number, flags?: number, opts?: CallOptions): Promise<void>;
    getHostname(flags?: number, opts?: CallOptions): Promise<string>;
    /** PASSWORD_ENCRYPTED in flags: `password` is already encrypted. */
    setUserPassword(user: string, password: string, flags?: number, opts?: CallOptions): Promise<void>;
    authorizedSshKeysGet(user: string, flags?: number, opts?: CallOptions): Promise<string[]>;
    /** Replace (or with AUTHORIZED_SSH_KEYS_SET_APPEND / _REMOVE, edit) the user's keys. */
    authorizedSshKeysSet(user: string, keys: readonly string[], flags?: number, opts?: CallOptions): Promise<void>;
    /** Freeze the listed mount points (all when empty); resolves with the number frozen. */
    fsFreeze(mountPoints?: readonly string[], flags?: number, opts?: CallOptions): Promise<number>;
    /** Thaw the listed mount points (all when empty); resolves with the number thawed. */
    fsThaw(mountPoints?: readonly string[], flags?: number, opts?: CallOptions): Promise<number>;
    /** Discard unused blocks of at least `minimum` bytes; mountPoint null: every filesystem. */
    fsTrim(mountPoint: string | null, minimum: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    getFsInfo(flags?: number, opts?: CallOptions): Promise<FsInfo[]>;
    /** src: INTERFACE_ADDRESSES_SRC_LEASE, _AGENT or _ARP. */
    getInterfaceAddresses(src: number, flags?: number, opts?: CallOptions): Promise<InterfaceAddresses[]>;
    /** types: GUEST_INFO_* bits (0: all the agent offers). Keys as libvirt's (user.count, os.id, ...). */
    getGuestInfo(types?: number, flags?: number, opts?: CallOptions): Promise<TypedParams>;
    /** Seconds, or AGENT_RESPONSE_TIMEOUT_BLOCK / _DEFAULT / _NOWAIT. */
    setAgentResponseTimeout(timeout: number, flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.getTime = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<[bigint, number]> {
  const r = await this.conn.call("domain_get_time", { dom: this.ref, flags: u32("flags", flags) }, opts);
  return [r.seconds, r.nseconds];
};

Domain.prototype.setTime = async function (this: Domain, seconds: number | bigint, nseconds: number, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_set_time",
    { dom: this.ref, seconds: i64("seconds", seconds), nseconds: u32("nseconds", nseconds), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.getHostname = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<string> {
  return (await this.conn.call("domain_get_hostname", { dom: this.ref, flags: u32("flags", flags) }, opts)).hostname;
};

Domain.prototype.setUserPassword = async function (this: Domain, user: string, password: string, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_set_user_password",
    { dom: this.ref, user: str("user", user), password: str("password", password), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.authorizedSshKeysGet = async function (this: Domain, user: string, flags = 0, opts?: CallOptions): Promise<string[]> {
  const r = await this.conn.call("domain_authorized_ssh_keys_get", { dom: this.ref, user: str("user", user), flags: u32("flags", flags) }, opts);
  return r.keys;
};

Domain.prototype.authorizedSshKeysSet = async function (this: Domain, user: string, keys: readonly string[], flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_authorized_ssh_keys_set",
    {
      dom: this.ref,
      user: str("user", user),
      keys: strList("keys", keys, REMOTE_CONST.REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX),
      flags: u32("flags", flags),
    },
    opts,
  );
};

Domain.prototype.fsFreeze = async function (this: Domain, mountPoints: readonly string[] = [], flags = 0, opts?: CallOptions) {
  const mountpoints = strList("mountPoints", mountPoints, REMOTE_CONST.REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX);
  return (await this.conn.call("domain_fsfreeze", { dom: this.ref, mountpoints, flags: u32("flags", flags) }, opts)).filesystems;
};

Domain.prototype.fsThaw = async function (this: Domain, mountPoints: readonly string[] = [], flags = 0, opts?: CallOptions) {
  const mountpoints = strList("mountPoints", mountPoints, REMOTE_CONST.REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX);
  return (await this.conn.call("domain_fsthaw", { dom: this.ref, mountpoints, flags: u32("flags", flags) }, opts)).filesystems;
};

Domain.prototype.fsTrim = async function (this: Domain, mountPoint: string | null, minimum: number | bigint, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_fstrim",
    { dom: this.ref, mountPoint: optStr("mountPoint", mountPoint), minimum: u64("minimum", minimum), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.getFsInfo = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<FsInfo[]> {
  const r = await this.conn.call("domain_get_fsinfo", { dom: this.ref, flags: u32("flags", flags) }, opts);
  return r.info.map((f) => ({ mountpoint: f.mountpoint, name: f.name, fstype: f.fstype, devalias: f.dev_aliases }));
};

Domain.prototype.getInterfaceAddresses = async function (this: Domain, src: number, flags = 0, opts?: CallOptions) {
  const r = await this.conn.call(
    "domain_interface_addresses",
    { dom: this.ref, source: u32("src", src), flags: u32("flags", flags) },
    opts,
  );
  return r.ifaces.map((i): InterfaceAddresses => {
    const out: InterfaceAddresses = { name: i.name, addrs: i.addrs.map((a) => ({ type: a.type, addr: a.addr, prefix: a.prefix })) };
    if (i.hwaddr !== null) out.hwaddr = i.hwaddr;
    return out;
  });
};

Domain.prototype.getGuestInfo = async function (this: Domain, types = 0, flags = 0, opts?: CallOptions): Promise<TypedParams> {
  const r = await this.conn.call("domain_get_guest_info", { dom: this.ref, types: u32("types", types), flags: u32("flags", flags) }, opts);
  return decodeTypedParams(r.params);
};

Domain.prototype.setAgentResponseTimeout = async function (this: Domain, timeout: number, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_agent_set_response_timeout",
    { dom: this.ref, timeout: i32("timeout", timeout), flags: u32("flags", flags) },
    opts,
  );
};
