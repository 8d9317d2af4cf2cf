// The faulty-server cases of this folder as data, run for the reliability
// report: for each fault, which of the ten standard calls failed and with
// what, and how many completed with the right answer.
import { isDeepStrictEqual } from "node:util";
import { encodeFrame } from "../../src/wire/frame.js";
import { readHeader } from "../../src/wire/header.js";
import { LEN_MAX } from "../../src/wire/constants.js";
import { faultFrames, type FaultHooks } from "../../src/embedded/faults.js";
import { faulty, runAll, expectedAnswers, failedCalls, procOf, CALL_NAMES, type Faulty } from "./harness.js";
import type { CallOptions } from "../../src/rpc/call-options.js";

export interface ScenarioRow {
  fault: string;
  failed: { call: string; error: string }[];
  completed: number;
}

interface Scenario {
  fault: string;
  hooks: (f: Faulty) => FaultHooks;
  opts?: CallOptions;
}

const withSerial = (frame: Buffer, serial: number): Buffer => {
  const b = Buffer.from(frame);
  b.writeUInt32BE(serial >>> 0, 20);
  return b;
};
const rebuilt = (frame: Buffer, payload: Buffer): Buffer => encodeFrame(readHeader(frame, 4), payload);

export const SCENARIOS: Scenario[] = [
  {
    fault: "reply to domain_get_state under a serial nobody used",
    hooks: () => ({ onSend: (f, i) => (i.procedure === procOf("state") ? { frames: [withSerial(f, 0xdead)] } : undefined) }),
    opts: { timeout: 300 },
  },
  {
    fault: "replies of connect_get_type and connect_get_hostname swap serials",
    hooks: () => ({
      onSend: (f, i) =>
        i.procedure === procOf("type")
          ? { frames: [withSerial(f, i.header.serial + 1)] }
          : i.procedure === procOf("hostname")
            ? { frames: [withSerial(f, i.header.serial - 1)] }
            : undefined,
    }),
  },
  { fault: "every reply sent twice", hooks: () => ({ onSend: (f, i) => (i.kind === "reply" ? { frames: [f, f] } : undefined) }) },
  {
    fault: "reply of domain_get_xml_desc with a 6-byte body (framed correctly)",
    hooks: () => ({ onSend: (f, i) => (i.procedure === procOf("xml") ? { frames: [rebuilt(f, f.subarray(28, 34))] } : undefined) }),
  },
  {
    fault: "string length word 0x7fffffff in connect_get_hostname's reply",
    hooks: () => ({
      onSend: (f, i) => {
        if (i.procedure !== procOf("hostname")) return undefined;
        const body = Buffer.from(f.subarray(28));
        body.writeUInt32BE(0x7fffffff, 0);
        return { frames: [rebuilt(f, body)] };
      },
    }),
  },
  {
    fault: "reply of domain_get_state cut after 20 bytes, the stream goes on",
    hooks: () => ({ onSend: (f, i) => (i.procedure === procOf("state") ? { frames: [faultFrames.truncate(f, 20)] } : undefined) }),
    opts: { timeout: 5000 },
  },
  {
    fault: "length word 0xffffffff on connect_list_all_domains' reply",
    hooks: () => ({ onSend: (f, i) => (i.procedure === procOf("list") ? { frames: [faultFrames.withLength(f, 0xffffffff)] } : undefined) }),
  },
  {
    fault: `legal length word ${LEN_MAX} with 8 bytes behind it, then silence`,
    hooks: () => ({
      onSend: (f, i) =>
        i.procedure === procOf("list") ? { frames: [faultFrames.truncate(faultFrames.withLength(f, LEN_MAX), 12)] } : undefined,
    }),
    opts: { timeout: 300 },
  },
  {
    fault: "server stops reading after the handshake (client keepalive off)",
    hooks: () => ({ onReceive: () => "stall" }),
    opts: { timeout: 300 },
  },
  {
    fault: "server closes after 30 bytes of node_get_info's reply",
    hooks: () => ({ onSend: (f, i) => (i.procedure === procOf("nodeInfo") ? { frames: [faultFrames.truncate(f, 30)], close: true } : undefined) }),
  },
];

function errorName(e: Error): string {
  const code = (e as { code?: unknown }).code;
  const reason = (e as { reason?: unknown }).reason;
  return `${e.name}${typeof code === "string" ? ` ${code}` : typeof code === "number" ? ` ${code}` : ""}${typeof reason === "string" ? ` (${reason})` : ""}`;
}

export async function runScenarios(): Promise<ScenarioRow[]> {
  const answers = await expectedAnswers();
  const rows: ScenarioRow[] = [];
  for (const s of SCENARIOS) {
    const f = await faulty();
    Object.assign(f.hooks, s.hooks(f));
    const out = await runAll(f, s.opts);
    const failed = failedCalls(out, answers, isDeepStrictEqual);
    rows.push({
      fault: s.fault,
      failed: failed.map((n) => ({ call: procOf(n), error: errorName((out[n] as { error: Error }).error) })),
      completed: CALL_NAMES.length - failed.length,
    });
    f.rpc.destroy();
  }
  return rows;
}
