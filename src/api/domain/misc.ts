// Keys, signals, NMI, lifecycle actions and other one-shot domain calls.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { REMOTE_CONST } from "../../protocol/generated/remote.js";
import { badArg, i32, i64, str, u32, u32List, u64 } from "./args.js";

declare module "./handle.js" {
  interface Domain {
    /** Human-readable messages about the domain (tainting, deprecations); flags: MESSAGE_* filters. */
    getMessages(flags?: number, opts?: CallOptions): Promise<string[]>;
    /** Start measuring the memory dirty rate over `seconds` (results in the dirtyrate stats group). */
    startDirtyRateCalc(seconds: number, flags?: number, opts?: CallOptions): Promise<void>;
    /** type: LIFECYCLE_POWEROFF / _REBOOT / _CRASH; action: LIFECYCLE_ACTION_*. */
    setLifecycleAction(type: number, action: number, flags?: number, opts?: CallOptions): Promise<void>;
    /** Fire EVENT_ID_BLOCK_THRESHOLD once `dev` is written beyond `threshold` bytes. */
    setBlockThreshold(dev: string, threshold: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    /** Press and release up to 16 keys of `keycodeset` (KEYCODE_SET_*), holding each `holdtime` ms. */
    sendKey(keycodeset: number, holdtime: number, keycodes: readonly number[], flags?: number, opts?: CallOptions): Promise<void>;
    /** signum: a PROCESS_SIGNAL_* constant, not a host signal number. */
    sendProcessSignal(pid: number | bigint, signum: number, flags?: number, opts?: CallOptions): Promise<void>;
    injectNmi(flags?: number, opts?: CallOptions): Promise<void>;
  }
}

Domain.prototype.getMessages = async function (this: Domain, flags = 0, opts?: CallOptions): Promise<string[]> {
  return (await this.conn.call("domain_get_messages", { dom: this.ref, flags: u32("flags", flags) }, opts)).msgs;
};

Domain.prototype.startDirtyRateCalc = async function (this: Domain, seconds: number, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_start_dirty_rate_calc",
    { dom: this.ref, seconds: i32("seconds", seconds), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.setLifecycleAction = async function (this: Domain, type: number, action: number, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_set_lifecycle_action",
    { dom: this.ref, type: u32("type", type), action: u32("action", action), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.setBlockThreshold = async function (this: Domain, dev: string, threshold: number | bigint, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_set_block_threshold",
    { dom: this.ref, dev: str("dev", dev), threshold: u64("threshold", threshold), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.sendKey = async function (
  this: Domain,
  keycodeset: number,
  holdtime: number,
  keycodes: readonly number[],
  flags = 0,
  opts?: CallOptions,
) {
  const codes = u32List("keycodes", keycodes, REMOTE_CONST.REMOTE_DOMAIN_SEND_KEY_MAX);
  // libvirt's API refuses an empty list too.
  if (codes.length === 0) throw badArg("keycodes must not be empty");
  await this.conn.call(
    "domain_send_key",
    { dom: this.ref, codeset: u32("keycodeset", keycodeset), holdtime: u32("holdtime", holdtime), keycodes: codes, flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.sendProcessSignal = async function (this: Domain, pid: number | bigint, signum: number, flags = 0, opts?: CallOptions) {
  await this.conn.call(
    "domain_send_process_signal",
    { dom: this.ref, pid_value: i64("pid", pid), signum: u32("signum", signum), flags: u32("flags", flags) },
    opts,
  );
};

Domain.prototype.injectNmi = async function (this: Domain, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_inject_nmi", { dom: this.ref, flags: u32("flags", flags) }, opts);
};
