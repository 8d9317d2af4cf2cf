// Golden frames for the calls no local driver can answer (guest agent, SEV):
// the CALL payload each method sends, byte for byte, and how it reads the
// reply. A scripted server stands in for libvirtd.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Connection } from "../../src/api/connection.js";
import { Domain, VirtError } from "../../src/index.js";
import { REMOTE_PROC } from "../../src/protocol/generated/remote.js";
import { parseUri } from "../../src/transport/uri.js";
import { fakeServer, type FakeServer } from "../helpers/fake-server.js";
import { hex } from "../xdr/hex.js";

// remote_nonnull_domain { "g", uuid 11 x 16, id 3 }
const DOM = "00000001 67000000 | 11111111 11111111 11111111 11111111 | 00000003";

function harness(): { srv: FakeServer; dom: Domain; close(): void } {
  const srv = fakeServer();
  const conn = new Connection(srv.client, parseUri("qemu:///system"), {
    readonly: false,
    callTimeout: 0,
    features: { keepalive: false, eventCallback: true, closeCallback: true },
  });
  const dom = new Domain(conn, { name: "g", uuid: Buffer.alloc(16, 0x11), id: 3 });
  return { srv, dom, close: () => srv.client.destroy() };
}

/** Runs `call`, checks the one CALL it sends, answers with `ret`, returns the call's result. */
async function exchange<T>(h: ReturnType<typeof harness>, call: Promise<T>, proc: number, payload: string, ret?: unknown): Promise<T> {
  const f = await h.srv.nextCall();
  assert.equal(f.header.proc, proc);
  assert.equal(f.payload.toString("hex"), hex(payload).toString("hex"));
  h.srv.reply(f, ret);
  return call;
}

test("authorizedSshKeysGet/Set", async (t) => {
  const h = harness();
  t.after(h.close);
  const keys = await exchange(
    h,
    h.dom.authorizedSshKeysGet("root"),
    REMOTE_PROC.DOMAIN_AUTHORIZED_SSH_KEYS_GET,
    `${DOM} | 00000004 726f6f74 | 00000000`,
    { keys: ["ssh-ed25519 A", "k2"] },
  );
  assert.deepEqual(keys, ["ssh-ed25519 A", "k2"]);
  await exchange(
    h,
    h.dom.authorizedSshKeysSet("root", ["k1", "abcde"], Domain.AUTHORIZED_SSH_KEYS_SET_APPEND),
    REMOTE_PROC.DOMAIN_AUTHORIZED_SSH_KEYS_SET,
    `${DOM} | 00000004 726f6f74 | 00000002 00000002 6b310000 00000005 61626364 65000000 | 00000001`,
  );
});

test("getGuestInfo and the guest vCPU calls", async (t) => {
  const h = harness();
  t.after(h.close);
  const info = await exchange(
    h,
    h.dom.getGuestInfo(Domain.GUEST_INFO_OS | Domain.GUEST_INFO_HOSTNAME),
    REMOTE_PROC.DOMAIN_GET_GUEST_INFO,
    `${DOM} | 0000000a | 00000000`,
    {
      params: [
        { field: "os.id", value: { type: 7, s: "debian" } },
        { field: "user.count", value: { type: 2, ui: 1 } },
      ],
    },
  );
  assert.deepEqual(info, { "os.id": "debian", "user.count": 1 });

  const vcpus = await exchange(h, h.dom.getGuestVcpus(), REMOTE_PROC.DOMAIN_GET_GUEST_VCPUS, `${DOM} | 00000000`, {
    params: [
      { field: "vcpus", value: { type: 7, s: "0-3" } },
      { field: "online", value: { type: 7, s: "0-2" } },
      { field: "offlinable", value: { type: 7, s: "1-3" } },
    ],
  });
  assert.deepEqual(vcpus, { vcpus: "0-3", online: "0-2", offlinable: "1-3" });

  await exchange(
    h,
    h.dom.setGuestVcpus("1-2", 0),
    REMOTE_PROC.DOMAIN_SET_GUEST_VCPUS,
    `${DOM} | 00000003 312d3200 | 00000000 | 00000000`,
  );
  await exchange(
    h,
    h.dom.setAgentResponseTimeout(Domain.AGENT_RESPONSE_TIMEOUT_BLOCK),
    REMOTE_PROC.DOMAIN_AGENT_SET_RESPONSE_TIMEOUT,
    `${DOM} | fffffffe | 00000000`,
    { result: 0 },
  );
});

test("launch security: STRING_OKAY on the getter, typed secret fields on the setter", async (t) => {
  const h = harness();
  t.after(h.close);
  const info = await exchange(h, h.dom.getLaunchSecurityInfo(), REMOTE_PROC.DOMAIN_GET_LAUNCH_SECURITY_INFO, `${DOM} | 00000004`, {
    params: [
      { field: "sev-measurement", value: { type: 7, s: "bWVhcw==" } },
      { field: "sev-policy", value: { type: 2, ui: 7 } },
    ],
  });
  assert.deepEqual(info, { "sev-measurement": "bWVhcw==", "sev-policy": 7 });

  await exchange(
    h,
    h.dom.setLaunchSecurityState({ "sev-secret": "c2Vj", "sev-secret-set-address": 0x100000000n }),
    REMOTE_PROC.DOMAIN_SET_LAUNCH_SECURITY_STATE,
    `${DOM} | 00000002
     | 0000000a 7365762d 73656372 65740000 | 00000007 | 00000004 6332566a
     | 00000016 7365762d 73656372 65742d73 65742d61 64647265 73730000 | 00000004 | 00000001 00000000
     | 00000000`,
  );
});

test("blockStats renames BlockStatsFlags fields as Sys::Virt does", async (t) => {
  const h = harness();
  t.after(h.close);
  const p = h.dom.blockStats("vda");
  // First the count, asked with STRING_OKAY as libvirt's client does.
  const count = await h.srv.nextCall();
  assert.equal(count.header.proc, REMOTE_PROC.DOMAIN_BLOCK_STATS_FLAGS);
  assert.equal(count.payload.toString("hex"), hex(`${DOM} | 00000003 76646100 | 00000000 | 00000004`).toString("hex"));
  h.srv.reply(count, { params: [], nparams: 3 });
  await exchange(h, p, REMOTE_PROC.DOMAIN_BLOCK_STATS_FLAGS, `${DOM} | 00000003 76646100 | 00000003 | 00000004`, {
    params: [
      { field: "rd_operations", value: { type: 3, l: 7n } },
      { field: "flush_operations", value: { type: 3, l: 2n } },
      { field: "rd_total_times", value: { type: 3, l: 99n } },
    ],
    nparams: 3,
  });
  assert.deepEqual(await p, { rd_req: 7n, flush_reqs: 2n, rd_total_times: 99n });
});

test("getCpuStats splits the reply by the server's stride", async (t) => {
  const h = harness();
  t.after(h.close);
  const p = h.dom.getCpuStats(2, 2);
  const perCpu = await h.srv.nextCall();
  // nparams 0, start_cpu 0, ncpus 1: the per-CPU count.
  assert.equal(perCpu.payload.toString("hex"), hex(`${DOM} | 00000000 | 00000000 | 00000001 | 00000004`).toString("hex"));
  h.srv.reply(perCpu, { params: [], nparams: 2 });
  const stat = (field: string, v: bigint) => ({ field, value: { type: 4 as const, ul: v } });
  const result = await exchange(h, p, REMOTE_PROC.DOMAIN_GET_CPU_STATS, `${DOM} | 00000002 | 00000002 | 00000002 | 00000004`, {
    params: [stat("cpu_time", 10n), stat("vcpu_time", 5n), stat("cpu_time", 20n), stat("vcpu_time", 8n)],
    nparams: 2,
  });
  assert.deepEqual(result, [
    { cpu_time: 10n, vcpu_time: 5n },
    { cpu_time: 20n, vcpu_time: 8n },
  ]);
});

test("security label list: NUL-terminated char arrays; a short peek reply is refused", async (t) => {
  const h = harness();
  t.after(h.close);
  const label = (s: string, enforcing: number) => ({ label: [...Buffer.from(`${s}\0`)], enforcing });
  const labels = await exchange(h, h.dom.getSecurityLabelList(), REMOTE_PROC.DOMAIN_GET_SECURITY_LABEL_LIST, DOM, {
    labels: [label("system_u:system_r:svirt_t:s0:c1,c2", 1), label("+64055:+108", 0)],
    ret: 2,
  });
  assert.deepEqual(labels, [
    { label: "system_u:system_r:svirt_t:s0:c1,c2", enforcing: 1 },
    { label: "+64055:+108", enforcing: 0 },
  ]);

  const peek = h.dom.memoryPeek(0x1000, 8, Domain.MEMORY_PHYSICAL);
  const f = await h.srv.nextCall();
  assert.equal(f.payload.toString("hex"), hex(`${DOM} | 00000000 00001000 | 00000008 | 00000002`).toString("hex"));
  h.srv.reply(f, { buffer: Buffer.from([1, 2, 3]) });
  await assert.rejects(peek, (e: unknown) => e instanceof VirtError && e.code === VirtError.ERR_RPC && /not same size/.test(e.message));
});
