// Public libvirt function names and error domains per REMOTE procedure, for
// the messages libvirt's public API layer produces ("... prevents virDomainX",
// "... not supported by the connection driver: virDomainX").
import { ErrDomain } from "./driver/errors.js";

const WORDS: Record<string, string> = {
  xml: "XML",
  uuid: "UUID",
  uri: "URI",
  id: "ID",
  os: "OS",
  nmi: "NMI",
  fs: "FS",
  cpu: "CPU",
  iothread: "IOThread",
  pm: "PM",
  mac: "MAC",
  fd: "FD",
  ssh: "SSH",
  nwfilter: "NWFilter",
  fsfreeze: "FSFreeze",
  fsthaw: "FSThaw",
  fstrim: "FSTrim",
  fsinfo: "FSInfo",
  sev: "SEV",
};

/** "domain_get_xml_desc" -> "virDomainGetXMLDesc". */
export function apiName(proc: string): string {
  return "vir" + proc.split("_").map((w) => WORDS[w] ?? w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

/** VIR_FROM_* of the public API file that implements a procedure's function. */
export function apiDomain(proc: string): number {
  if (proc.startsWith("domain_snapshot") || /^domain_(revert_to_snapshot|has_current_snapshot|list_all_snapshots)$/.test(proc)) {
    return ErrDomain.DOMAIN_SNAPSHOT;
  }
  if (proc.startsWith("domain_checkpoint") || proc === "domain_list_all_checkpoints") return ErrDomain.DOMAIN_CHECKPOINT;
  if (proc.startsWith("domain_")) return ErrDomain.DOMAIN;
  if (proc.startsWith("network_") || /^connect_.*network/.test(proc)) return 19;
  if (proc.startsWith("storage_") || /^connect_.*storage/.test(proc)) return 18;
  if (proc.startsWith("node_device_") || /^connect_.*node_device/.test(proc) || /^node_(num_of|list)_devices$/.test(proc)) return 22;
  if (proc.startsWith("interface_") || /^connect_.*interface/.test(proc)) return 23;
  if (proc.startsWith("secret_") || /^connect_.*secret/.test(proc)) return 36;
  if (proc.startsWith("nwfilter") || /^connect_.*nwfilter/.test(proc)) return 32;
  // virConnect*/virNode* reports observed through libvirtd carry VIR_FROM_DOMAIN.
  return ErrDomain.DOMAIN;
}

/**
 * Procedures libvirt's public API refuses on a read-only connection
 * (virCheckReadOnlyGoto). Some getters are only refused with certain flags;
 * those are handled where the flags are known.
 */
const READ_ONLY_REFUSED = new Set(
  `connect_set_keep_alive
domain_create_xml domain_create_xml_with_files domain_create domain_create_with_flags domain_create_with_files
domain_define_xml domain_define_xml_flags domain_undefine domain_undefine_flags domain_destroy domain_destroy_flags
domain_suspend domain_resume domain_shutdown domain_shutdown_flags domain_reboot domain_reset domain_rename
domain_save domain_save_flags domain_save_params domain_restore domain_restore_flags domain_restore_params
domain_save_image_define_xml domain_managed_save domain_managed_save_remove domain_managed_save_define_xml
domain_core_dump domain_core_dump_with_format domain_screenshot
domain_set_max_memory domain_set_memory domain_set_memory_flags domain_set_memory_stats_period
domain_set_memory_parameters domain_set_numa_parameters domain_set_blkio_parameters
domain_set_scheduler_parameters domain_set_scheduler_parameters_flags domain_set_vcpus domain_set_vcpus_flags
domain_pin_vcpu domain_pin_vcpu_flags domain_pin_emulator domain_add_iothread domain_del_iothread
domain_pin_iothread domain_set_iothread_params domain_set_autostart domain_set_block_io_tune
domain_set_interface_parameters domain_set_perf_events domain_set_metadata domain_set_lifecycle_action
domain_get_time domain_set_time domain_get_hostname domain_set_user_password domain_send_key domain_send_process_signal
domain_inject_nmi domain_fsfreeze domain_fsthaw domain_fstrim domain_get_fsinfo domain_memory_peek
domain_block_peek domain_get_launch_security_info domain_get_guest_info domain_set_guest_vcpus domain_set_vcpu
domain_attach_device domain_attach_device_flags domain_detach_device domain_detach_device_flags
domain_detach_device_alias domain_update_device_flags domain_open_console domain_open_channel
domain_open_graphics domain_open_graphics_fd domain_abort_job domain_block_job_abort domain_block_job_set_speed
domain_block_pull domain_block_rebase domain_block_copy domain_block_commit domain_block_resize
domain_set_block_threshold domain_migrate_set_max_downtime domain_migrate_set_max_speed
domain_migrate_set_compression_cache domain_migrate_start_post_copy domain_migrate_perform3_params
domain_pm_suspend_for_duration domain_pm_wakeup domain_agent_set_response_timeout
domain_authorized_ssh_keys_get domain_authorized_ssh_keys_set domain_backup_begin domain_start_dirty_rate_calc
domain_set_launch_security_state domain_fd_associate
domain_snapshot_create_xml domain_revert_to_snapshot domain_snapshot_delete
domain_checkpoint_create_xml domain_checkpoint_delete`.split(/\s+/),
);

export function refusedReadOnly(proc: string): boolean {
  return READ_ONLY_REFUSED.has(proc);
}
