// Guest-side calls (time, hostname, filesystems, addresses), keys, signals
// and lifecycle actions against libvirtd's test driver, plus the calls no
// local driver implements (exact NO_SUPPORT errors; guest-frames.test.ts
// proves their encoding).
import { test } from "node:test";
import assert from "node:assert/strict";
import { constants, Domain, VirtError } from "../../src/index.js";
import { rejectsWith, tuningNodeTests } from "./tuning-node.js";

const E = VirtError;
const { open } = tuningNodeTests();

test("time, hostname and password", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune, idle } = o;
  assert.deepEqual(await tune.getTime(), [627319920n, 0]);
  await tune.setTime(1700000000n, 250);
  assert.deepEqual(await tune.getTime(), [1700000000n, 250]);
  await tune.setTime(0, 0, Domain.TIME_SYNC);
  await rejectsWith(idle.getTime(), E.ERR_OPERATION_INVALID, E.FROM_TEST, /not running/);

  assert.equal(await tune.getHostname(), "tunehost");
  await rejectsWith(tune.getHostname(Domain.GET_HOSTNAME_LEASE), E.ERR_INVALID_ARG, E.FROM_TEST, /unsupported flags \(0x1\)/);
  await rejectsWith(idle.getHostname(), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN);

  await tune.setUserPassword("root", "s3cret");
  await tune.setUserPassword("root", "$6$salt$hash", Domain.PASSWORD_ENCRYPTED);
});

test("filesystems: freeze, thaw, trim, info", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune, idle } = o;
  // The test driver has two filesystems, / and /boot.
  assert.equal(await tune.fsFreeze(), 2);
  assert.equal(await tune.fsThaw([]), 2);
  assert.equal(await tune.fsFreeze(["/boot"]), 1);
  assert.equal(await tune.fsThaw(["/boot"]), 1);
  await tune.fsTrim(null, 0);
  await tune.fsTrim("/", 4096n);
  assert.deepEqual(await tune.getFsInfo(), [
    { mountpoint: "/", name: "vda1", fstype: "ext4", devalias: ["vda"] },
    { mountpoint: "/boot", name: "vda2", fstype: "ext4", devalias: ["vda"] },
  ]);
  await rejectsWith(idle.getFsInfo(), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN);
  await rejectsWith(tune.fsFreeze("/" as unknown as string[]), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /array of strings/);
});

test("interface addresses from every source", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune } = o;
  for (const src of [
    Domain.INTERFACE_ADDRESSES_SRC_LEASE,
    Domain.INTERFACE_ADDRESSES_SRC_AGENT,
    Domain.INTERFACE_ADDRESSES_SRC_ARP,
  ]) {
    const ifaces = await tune.getInterfaceAddresses(src);
    assert.equal(ifaces.length, 1);
    const [nic] = ifaces;
    assert.equal(nic!.name, "tunenet0");
    assert.equal(nic!.hwaddr, "aa:bb:cc:dd:ee:01");
    assert.equal(nic!.addrs.length, 1);
    assert.equal(nic!.addrs[0]!.type, constants.Connect.IP_ADDR_TYPE_IPV4);
    assert.equal(nic!.addrs[0]!.prefix, 24);
    assert.match(nic!.addrs[0]!.addr, /^192\.168\.122\.\d+$/);
  }
});

test("keys, NMI, signals, messages, lifecycle actions", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune, idle } = o;
  await tune.sendKey(Domain.KEYCODE_SET_LINUX, 50, [29, 56, 111]);
  await rejectsWith(tune.sendKey(99, 10, [30]), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /Unsupported codeset '99'/);
  await rejectsWith(tune.sendKey(0, 10, []), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /must not be empty/);
  await rejectsWith(tune.sendKey(0, 10, new Array<number>(17).fill(30)), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /allows 16/);
  await rejectsWith(idle.sendKey(0, 10, [30]), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN);

  await tune.injectNmi();
  await rejectsWith(idle.injectNmi(), E.ERR_OPERATION_INVALID, E.FROM_DOMAIN);

  await tune.sendProcessSignal(1, Domain.PROCESS_SIGNAL_TERM);
  await tune.sendProcessSignal(1n, Domain.PROCESS_SIGNAL_KILL);
  await rejectsWith(tune.sendProcessSignal(1n << 40n, 9), E.ERR_INVALID_ARG, E.FROM_TEST, /only sending a signal to pid 1/);
  await rejectsWith(tune.sendProcessSignal(1, 999), E.ERR_INVALID_ARG, E.FROM_TEST, /signum value 999 is out of range/);

  assert.deepEqual(await tune.getMessages(), []);

  await tune.setLifecycleAction(Domain.LIFECYCLE_REBOOT, Domain.LIFECYCLE_ACTION_DESTROY);
  assert.match(await tune.getXmlDescription(), /<on_reboot>destroy<\/on_reboot>/);
  await rejectsWith(tune.setLifecycleAction(9, 0), E.ERR_INVALID_ARG, E.FROM_DOMAIN, /invalid lifecycle type '9'/);
});

test("calls the test driver does not implement fail with NO_SUPPORT", async (t) => {
  const o = await open(t);
  if (!o) return;
  const { tune } = o;
  const calls: [string, () => Promise<unknown>][] = [
    ["virDomainAuthorizedSSHKeysGet", () => tune.authorizedSshKeysGet("root")],
    ["virDomainAuthorizedSSHKeysSet", () => tune.authorizedSshKeysSet("root", ["ssh-ed25519 AAAA k"], Domain.AUTHORIZED_SSH_KEYS_SET_APPEND)],
    ["virDomainGetGuestInfo", () => tune.getGuestInfo(Domain.GUEST_INFO_OS)],
    ["virDomainGetGuestVcpus", () => tune.getGuestVcpus()],
    ["virDomainSetGuestVcpus", () => tune.setGuestVcpus("1", 0)],
    ["virDomainAgentSetResponseTimeout", () => tune.setAgentResponseTimeout(Domain.AGENT_RESPONSE_TIMEOUT_BLOCK)],
    ["virDomainStartDirtyRateCalc", () => tune.startDirtyRateCalc(1)],
    ["virDomainSetBlockThreshold", () => tune.setBlockThreshold("vda", 1n << 30n)],
    ["virDomainSetVcpu", () => tune.setVcpu("1", 1)],
  ];
  for (const [fn, call] of calls) {
    await rejectsWith(call(), E.ERR_NO_SUPPORT, E.FROM_DOMAIN, new RegExp(`not supported by the connection driver: ${fn}$`));
  }
});
