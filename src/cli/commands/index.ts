// Every command, in the order help lists them within their group.
import type { CommandDef } from "../command.js";
import { GROUPS, commandHelp, overview } from "../help.js";
import { CliError } from "../errors.js";
import { list } from "./list.js";
import { dominfo, domstate, domid, domname, domuuid, dumpxml } from "./info.js";
import { define, undefine, create, start, shutdown, reboot, reset, destroy, suspend, resume } from "./lifecycle.js";
import { save, restore, managedsave, managedsaveRemove, dump } from "./save.js";
import { autostart, setmem, setmaxmem, setvcpus, vcpuinfo, vcpupin } from "./config.js";
import { schedinfo, memtune, blkiotune } from "./tune.js";
import { metadata, desc } from "./metadata.js";
import { domblkstat, domifstat, dommemstat, domstats, domblkinfo, domifaddr } from "./monitor.js";
import { domtime, domhostname, sendKey } from "./guest.js";
import { screenshot, consoleCmd } from "./streams.js";
import { event } from "./event.js";
import { domjobinfo, domjobabort } from "./jobs.js";
import { snapshotCreateAs, snapshotList, snapshotCurrent, snapshotRevert, snapshotDelete, snapshotDumpxml } from "./snapshot.js";
import { checkpointCreateAs, checkpointList, checkpointDelete } from "./checkpoint.js";
import { migrate } from "./migrate.js";
import { attachDevice, detachDevice } from "./devices.js";
import { blockjob, blockcopy, blockcommit, blockpull } from "./blockjob.js";
import { quit, exit, connectCmd, cd, pwd, echo } from "./shell.js";
import { edit } from "./edit.js";
import { dompmsuspend, dompmwakeup, domfsfreeze, domfsthaw, domfstrim, guestAgentTimeout } from "./agent.js";
import { setUserPassword, getUserSshkeys, setUserSshkeys } from "./agent-users.js";
import { migrateSetMaxDowntime, migrateCompcache, migratePostcopy, domdirtyrateCalc } from "./migrate-knobs.js";
import { qemuMonitorCommand, qemuAgentCommand } from "./qemu-passthrough.js";
import { domxmlFromNative, domxmlToNative } from "./native.js";

const help: CommandDef = {
  name: "help",
  group: "virsh",
  help: "print help",
  desc: "Prints global help, command specific help, or help for a group of related commands",
  options: [{ name: "command", type: "string", help: "Prints global help, command specific help, or help for a group of related commands" }],
  async run(_ctx, a) {
    const topic = a.str("command");
    if (topic === undefined) return { text: overview(COMMANDS), json: COMMANDS.map((c) => ({ name: c.name, group: c.group, help: c.help })) };
    const cmd = COMMANDS.find((c) => c.name === topic);
    if (cmd) return { text: commandHelp(cmd), json: { name: cmd.name, help: cmd.help, options: cmd.options } };
    // One group: no blank line after it, only the separator.
    if (GROUPS.some((g) => g.key === topic)) return { text: overview(COMMANDS, topic).slice(0, -1), json: COMMANDS.filter((c) => c.group === topic).map((c) => c.name) };
    throw new CliError(`command or command group '${topic}' doesn't exist`);
  },
};

export const COMMANDS: readonly CommandDef[] = [
  attachDevice, autostart, blkiotune, blockcommit, blockcopy, blockjob, blockpull, consoleCmd, create, define, desc,
  destroy, detachDevice, domfsfreeze, domfsthaw, domfstrim, domhostname, domid, domjobabort, domjobinfo, domname,
  dompmsuspend, dompmwakeup, domuuid, domxmlFromNative, domxmlToNative, dump, dumpxml, edit, getUserSshkeys, managedsave, managedsaveRemove, memtune,
  metadata, migrate, migrateSetMaxDowntime, migrateCompcache, migratePostcopy, qemuMonitorCommand, qemuAgentCommand, guestAgentTimeout, reboot, reset, restore,
  resume, save, schedinfo, screenshot, sendKey, setUserSshkeys, setUserPassword, setmaxmem, setmem, setvcpus, shutdown,
  start, suspend, undefine, vcpuinfo, vcpupin, domdirtyrateCalc,
  domblkinfo, domblkstat, domifaddr, domifstat, dominfo, dommemstat, domstate, domstats, domtime, list,
  event,
  checkpointCreateAs, checkpointDelete, checkpointList,
  snapshotCreateAs, snapshotCurrent, snapshotDelete, snapshotDumpxml, snapshotList, snapshotRevert,
  cd, echo, exit, help, pwd, quit, connectCmd,
];
