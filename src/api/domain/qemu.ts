// libvirt-qemu's passthrough calls (the QEMU program, not REMOTE): raw QMP/HMP
// monitor commands and raw guest-agent commands. Unsupported by libvirt, as
// its docs say: for debugging and for what the API does not cover yet.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { Program } from "../../wire/constants.js";
import { i32, str, u32 } from "./args.js";

/** libvirt-qemu.h's constants. */
export const QemuConstants = {
  /** VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP: the command is for the human monitor. */
  MONITOR_COMMAND_HMP: 1,
  /** VIR_DOMAIN_QEMU_AGENT_COMMAND_BLOCK: wait for the agent forever. */
  AGENT_COMMAND_BLOCK: -2,
  /** VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT: the driver's default timeout. */
  AGENT_COMMAND_DEFAULT: -1,
  /** VIR_DOMAIN_QEMU_AGENT_COMMAND_NOWAIT: do not wait for an answer. */
  AGENT_COMMAND_NOWAIT: 0,
} as const;

declare module "./handle.js" {
  interface Domain {
    /** virDomainQemuMonitorCommand: the monitor's raw reply (QMP JSON, or HMP text with MONITOR_COMMAND_HMP). */
    qemuMonitorCommand(cmd: string, flags?: number, opts?: CallOptions): Promise<string>;
    /** virDomainQemuAgentCommand: the agent's raw reply; timeout in seconds or an AGENT_COMMAND_* value. */
    qemuAgentCommand(cmd: string, timeout: number, flags?: number, opts?: CallOptions): Promise<string | null>;
  }
}

async function qemuCall<R>(d: Domain, proc: string, args: unknown, opts?: CallOptions): Promise<R> {
  return (await d.conn.callProgram(Program.QEMU, proc, args, opts)) as R;
}

Domain.prototype.qemuMonitorCommand = async function (this: Domain, cmd: string, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, cmd: str("cmd", cmd), flags: u32("flags", flags) };
  return (await qemuCall<{ result: string }>(this, "domain_monitor_command", args, opts)).result;
};

Domain.prototype.qemuAgentCommand = async function (this: Domain, cmd: string, timeout: number, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, cmd: str("cmd", cmd), timeout: i32("timeout", timeout), flags: u32("flags", flags) };
  return (await qemuCall<{ result: string | null }>(this, "domain_agent_command", args, opts)).result;
};
