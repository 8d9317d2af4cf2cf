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
import { attachDevice, detachDevice, updateDevice, detachDeviceAlias } from "./devices.js";
import { blockjob, blockcopy, blockcommit, blockpull } from "./blockjob.js";
import { quit, exit, connectCmd, cd, pwd, echo } from "./shell.js";
import { edit } from "./edit.js";
import { domblklist, domiflist, domifGetlink, domblkerror, domcontrol, domfsinfo } from "./devlists.js";
import { vcpucount, cpuStats, iothreadinfo, emulatorpin } from "./cpu-info.js";
import { numatune, perf, domlaunchsecinfo, migrateGetmaxdowntime, migrateGetspeed, guestvcpus, guestinfo } from "./queries.js";
import { domdisplay, vncdisplay, ttyconsole } from "./display.js";
import { snapshotCreate, snapshotEdit, snapshotInfo, snapshotParent } from "./snapshot-extra.js";
import { checkpointCreate, checkpointEdit, checkpointInfo, checkpointParent, checkpointDumpxml } from "./checkpoint-extra.js";
import { managedsaveDumpxml, managedsaveDefine, managedsaveEdit, saveImageDumpxml, saveImageDefine, saveImageEdit } from "./images.js";
import { domifSetlink, domiftune } from "./netlink.js";
import { iothreadpin, iothreadadd, iothreadset, iothreaddel } from "./iothreads.js";
import { setLifecycleAction, domrename, injectNmi, sendProcessSignal, setvcpu } from "./domain-misc.js";
import { blkdeviotune, blockresize, domblkthreshold } from "./blkdeviotune.js";
import { attachDisk, attachInterface } from "./device-opts.js";
import { detachDisk, detachInterface } from "./detach.js";
import { changeMedia } from "./change-media.js";
import { dompmsuspend, dompmwakeup, domfsfreeze, domfsthaw, domfstrim, guestAgentTimeout } from "./agent.js";
import { setUserPassword, getUserSshkeys, setUserSshkeys } from "./agent-users.js";
import { migrateSetMaxDowntime, migrateSetspeed, migrateCompcache, migratePostcopy, domdirtyrateCalc } from "./migrate-knobs.js";
import { qemuMonitorCommand, qemuAgentCommand } from "./qemu-passthrough.js";
import { updateMemoryDevice } from "./memory-device.js";
import { domFdAssociate } from "./fd-associate.js";
import { domsetlaunchsecstate } from "./launch-state.js";
import { domxmlFromNative, domxmlToNative } from "./native.js";
import { capabilities, domcapabilities, hostname, maxvcpus, nodeinfo, sysinfo, uri, version } from "./host.js";
import { freecell, freepages, nodecpumap } from "./node.js";
import { nodecpustats, nodememstats } from "./node-stats.js";
import { nodesuspend } from "./nodesuspend.js";

const help: CommandDef = {
  name: "help",
  group: "virsh",
  help: "print help",
  desc: "Prints global help, command specific help, or help for a\n    group of related commands",
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
  attachDevice, attachDisk, attachInterface, autostart, blkdeviotune, blkiotune, blockcommit, blockcopy, blockjob,
  blockpull, blockresize, changeMedia, consoleCmd, cpuStats, create, define, desc, destroy, detachDevice,
  detachDeviceAlias, detachDisk, detachInterface, domdisplay, domfsfreeze, domfsthaw, domfsinfo, domfstrim,
  domhostname, domid, domifSetlink, domiftune, domjobabort, domjobinfo, domlaunchsecinfo, domsetlaunchsecstate, domname, domrename,
  dompmsuspend, dompmwakeup, domuuid, domxmlFromNative, domxmlToNative, dump, dumpxml, edit, getUserSshkeys, injectNmi,
  iothreadinfo, iothreadpin, iothreadadd, iothreadset, iothreaddel, sendKey, sendProcessSignal, managedsave,
  managedsaveRemove, managedsaveEdit, managedsaveDumpxml, managedsaveDefine, memtune, perf, metadata, migrate,
  migrateSetMaxDowntime, migrateGetmaxdowntime, migrateCompcache, migrateSetspeed, migrateGetspeed, migratePostcopy, numatune, qemuMonitorCommand,
  qemuAgentCommand, guestAgentTimeout, reboot, reset, restore, resume, save, saveImageDefine, saveImageDumpxml,
  saveImageEdit, schedinfo, screenshot, setLifecycleAction, setUserSshkeys, setUserPassword, setmaxmem, setmem,
  setvcpus, shutdown, start, suspend, ttyconsole, undefine, updateDevice, updateMemoryDevice, vcpucount, vcpuinfo, vcpupin, emulatorpin,
  vncdisplay, guestvcpus, setvcpu, domblkthreshold, guestinfo, domdirtyrateCalc, domFdAssociate,
  domblkerror, domblkinfo, domblklist, domblkstat, domcontrol, domifGetlink, domifaddr, domiflist, domifstat, dominfo,
  dommemstat, domstate, domstats, domtime, list,
  event,
  checkpointCreate, checkpointCreateAs, checkpointDelete, checkpointDumpxml, checkpointEdit, checkpointInfo, checkpointList, checkpointParent,
  snapshotCreate, snapshotCreateAs, snapshotCurrent, snapshotDelete, snapshotDumpxml, snapshotEdit, snapshotInfo, snapshotList, snapshotParent,
  snapshotRevert,
  capabilities, domcapabilities, freecell, freepages, hostname, maxvcpus, nodecpumap, nodecpustats, nodeinfo, nodememstats, nodesuspend, sysinfo, uri, version,
  cd, echo, exit, help, pwd, quit, connectCmd,
];
