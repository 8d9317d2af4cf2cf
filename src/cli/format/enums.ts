// The words virsh uses for libvirt's enumerations (states, reasons, events).

/** table[n], or the fallback word for values the table does not name. */
export function pick(table: readonly string[], n: number, fallback: string): string {
  return table[n] ?? fallback;
}

const STATES = ["no state", "running", "idle", "paused", "in shutdown", "shut off", "crashed", "pmsuspended"];

const REASONS: readonly (readonly string[])[] = [
  ["unknown"],
  [
    "unknown", "booted", "migrated", "restored", "from snapshot", "unpaused", "migration canceled",
    "save canceled", "event wakeup", "crashed", "post-copy", "post-copy failed",
  ],
  ["unknown"],
  [
    "unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog", "from snapshot",
    "shutting down", "creating snapshot", "crashed", "starting up", "post-copy", "post-copy failed", "api error",
  ],
  ["unknown", "user"],
  ["unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot", "daemon"],
  ["unknown", "panicked"],
  ["unknown"],
];

export function stateName(state: number): string {
  return pick(STATES, state, "no state");
}

export function reasonName(state: number, reason: number): string {
  return REASONS[state]?.[reason] ?? "unknown";
}

export function vcpuStateName(state: number): string {
  return pick(["offline", "running", "blocked"], state, "no state");
}

export const EVENT_NAMES: readonly string[] = [
  "lifecycle", "reboot", "rtc-change", "watchdog", "io-error", "graphics", "io-error-reason", "control-error",
  "block-job", "disk-change", "tray-change", "pm-wakeup", "pm-suspend", "balloon-change", "pm-suspend-disk",
  "device-removed", "block-job-2", "tunable", "agent-lifecycle", "device-added", "migration-iteration",
  "job-completed", "device-removal-failed", "metadata-change", "block-threshold", "memory-failure",
  "memory-device-size-change", "nic-mac-change", "vcpu-removed", "channel-lifecycle",
];

const LIFECYCLE = ["Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped", "Shutdown", "PMSuspended", "Crashed"];
const LIFECYCLE_DETAIL: readonly (readonly string[])[] = [
  ["Added", "Updated", "Renamed", "Snapshot"],
  ["Removed", "Renamed"],
  ["Booted", "Migrated", "Restored", "Snapshot", "Event wakeup"],
  ["Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error", "Post-copy", "Post-copy Error"],
  ["Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error"],
  ["Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot"],
  ["Finished", "Finished after guest request", "Finished after host request"],
  ["Memory", "Disk"],
  ["Panicked", "Crashloaded"],
];

export function lifecycleName(event: number): string {
  return pick(LIFECYCLE, event, "unknown");
}

export function lifecycleDetail(event: number, detail: number): string {
  return LIFECYCLE_DETAIL[event]?.[detail] ?? "unknown";
}

export function blockJobName(type: number): string {
  return pick(["Unknown job", "Block Pull", "Block Copy", "Block Commit", "Active Block Commit", "Backup"], type, "Unknown job");
}

export function blockJobStatusName(status: number): string {
  return pick(["completed", "failed", "canceled", "ready"], status, "unknown");
}

export function jobTypeName(type: number): string {
  return pick(["None", "Bounded", "Unbounded", "Completed", "Failed", "Cancelled"], type, "unknown");
}

export function jobOperationName(op: number): string {
  return pick(
    ["Unknown", "Start", "Save", "Restore", "Incoming migration", "Outgoing migration", "Snapshot", "Snapshot revert", "Dump", "Backup", "Snapshot delete"],
    op,
    "unknown",
  );
}

export const WATCHDOG_ACTIONS = ["none", "pause", "reset", "poweroff", "shutdown", "debug", "inject-nmi"];
export const IO_ERROR_ACTIONS = ["none", "pause", "report"];
export const GRAPHICS_PHASES = ["connect", "initialize", "disconnect"];
export const GRAPHICS_FAMILIES = ["IPv4", "IPv6", "unix"];
export const DISK_CHANGE_REASONS = ["changed", "dropped"];
export const AGENT_STATES = ["unknown", "connected", "disconnected"];
export const AGENT_REASONS = ["unknown", "domain started", "channel event"];
export const METADATA_TYPES = ["description", "title", "element"];
export const MEMORY_FAILURE_RECIPIENTS = ["hypervisor", "guest"];
export const MEMORY_FAILURE_ACTIONS = ["ignore", "inject", "fatal", "reset"];
