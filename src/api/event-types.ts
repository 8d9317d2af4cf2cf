// Typed payloads of every domain event id (0..29), decoded from the
// *_msg structs of the protocol into plain objects with a Domain handle.
import type { Connection } from "./connection.js";
import { Domain } from "./domain/handle.js";
import { decodeTypedParams, type TypedParams } from "./typed-params.js";
import type { remote_nonnull_domain, remote_typed_param } from "../protocol/generated/remote-types.js";

/** Domain event ids (VIR_DOMAIN_EVENT_ID_*). */
export const DomainEventId = {
  LIFECYCLE: 0,
  REBOOT: 1,
  RTC_CHANGE: 2,
  WATCHDOG: 3,
  IO_ERROR: 4,
  GRAPHICS: 5,
  IO_ERROR_REASON: 6,
  CONTROL_ERROR: 7,
  BLOCK_JOB: 8,
  DISK_CHANGE: 9,
  TRAY_CHANGE: 10,
  PMWAKEUP: 11,
  PMSUSPEND: 12,
  BALLOON_CHANGE: 13,
  PMSUSPEND_DISK: 14,
  DEVICE_REMOVED: 15,
  BLOCK_JOB_2: 16,
  TUNABLE: 17,
  AGENT_LIFECYCLE: 18,
  DEVICE_ADDED: 19,
  MIGRATION_ITERATION: 20,
  JOB_COMPLETED: 21,
  DEVICE_REMOVAL_FAILED: 22,
  METADATA_CHANGE: 23,
  BLOCK_THRESHOLD: 24,
  MEMORY_FAILURE: 25,
  MEMORY_DEVICE_SIZE_CHANGE: 26,
  NIC_MAC_CHANGE: 27,
  VCPU_REMOVED: 28,
  CHANNEL_LIFECYCLE: 29,
} as const;

interface Base<E extends number> {
  eventId: E;
  /** The domain the event is about. */
  dom: Domain;
  /**
   * Async iterator only: events dropped just before this one because the
   * consumer fell behind (bounded queue, drop-oldest). Absent when none.
   */
  missed?: number;
}

export interface GraphicsAddress {
  /** VIR_DOMAIN_EVENT_GRAPHICS_ADDRESS_* (0 IPv4, 1 IPv6, 2 unix). */
  family: number;
  node: string;
  service: string;
}

/** Payload of each event id. */
export interface DomainEventMap {
  0: Base<0> & { event: number; detail: number };
  1: Base<1>;
  2: Base<2> & { utcoffset: bigint };
  3: Base<3> & { action: number };
  4: Base<4> & { srcPath: string; devAlias: string; action: number };
  5: Base<5> & {
    phase: number;
    local: GraphicsAddress;
    remote: GraphicsAddress;
    authScheme: string;
    subject: { type: string; name: string }[];
  };
  6: Base<6> & { srcPath: string; devAlias: string; action: number; reason: string };
  7: Base<7>;
  8: Base<8> & { path: string; type: number; status: number };
  9: Base<9> & { oldSrcPath: string | null; newSrcPath: string | null; devAlias: string; reason: number };
  10: Base<10> & { devAlias: string; reason: number };
  11: Base<11> & { reason: number };
  12: Base<12> & { reason: number };
  13: Base<13> & { actual: bigint };
  14: Base<14> & { reason: number };
  15: Base<15> & { devAlias: string };
  /** BLOCK_JOB_2 names the disk by its target (e.g. "vda"), not its path. */
  16: Base<16> & { disk: string; type: number; status: number };
  17: Base<17> & { params: TypedParams };
  18: Base<18> & { state: number; reason: number };
  19: Base<19> & { devAlias: string };
  20: Base<20> & { iteration: number };
  21: Base<21> & { params: TypedParams };
  22: Base<22> & { devAlias: string };
  23: Base<23> & { type: number; nsuri: string | null };
  24: Base<24> & { dev: string; path: string | null; threshold: bigint; excess: bigint };
  25: Base<25> & { recipient: number; action: number; flags: number };
  26: Base<26> & { alias: string; size: bigint };
  27: Base<27> & { alias: string; oldMAC: string; newMAC: string };
  28: Base<28> & { vcpuid: number };
  /** state: EVENT_CHANNEL_LIFECYCLE_STATE_*; reason: EVENT_CHANNEL_LIFECYCLE_REASON_* */
  29: Base<29> & { channelName: string; state: number; reason: number };
}

export type DomainEventIdNumber = keyof DomainEventMap;
export type DomainEventOf<E extends DomainEventIdNumber> = DomainEventMap[E];
/** Any domain event; narrow on `eventId`. */
export type DomainEvent = DomainEventMap[DomainEventIdNumber];

export function isDomainEventId(n: unknown): n is DomainEventIdNumber {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 29;
}

type F = Readonly<Record<string, unknown>>;

const str = (f: F, k: string): string => f[k] as string;
const num = (f: F, k: string): number => f[k] as number;
const big = (f: F, k: string): bigint => f[k] as bigint;
const optStr = (f: F, k: string): string | null => (f[k] as string | null | undefined) ?? null;
const params = (f: F): TypedParams => decodeTypedParams(f["params"] as remote_typed_param[]);

function addr(v: unknown): GraphicsAddress {
  const a = v as GraphicsAddress;
  return { family: a.family, node: a.node, service: a.service };
}

/** Field decoders per id; the message's own field names where they read well. */
const DECODE: { [E in DomainEventIdNumber]: (f: F) => Omit<DomainEventMap[E], "eventId" | "dom" | "missed"> } = {
  0: (f) => ({ event: num(f, "event"), detail: num(f, "detail") }),
  1: () => ({}),
  2: (f) => ({ utcoffset: big(f, "offset") }),
  3: (f) => ({ action: num(f, "action") }),
  4: (f) => ({ srcPath: str(f, "srcPath"), devAlias: str(f, "devAlias"), action: num(f, "action") }),
  5: (f) => ({
    phase: num(f, "phase"),
    local: addr(f["local"]),
    remote: addr(f["remote"]),
    authScheme: str(f, "authScheme"),
    subject: (f["subject"] as { type: string; name: string }[]).map((s) => ({ type: s.type, name: s.name })),
  }),
  6: (f) => ({ srcPath: str(f, "srcPath"), devAlias: str(f, "devAlias"), action: num(f, "action"), reason: str(f, "reason") }),
  7: () => ({}),
  8: (f) => ({ path: str(f, "path"), type: num(f, "type"), status: num(f, "status") }),
  9: (f) => ({
    oldSrcPath: optStr(f, "oldSrcPath"),
    newSrcPath: optStr(f, "newSrcPath"),
    devAlias: str(f, "devAlias"),
    reason: num(f, "reason"),
  }),
  10: (f) => ({ devAlias: str(f, "devAlias"), reason: num(f, "reason") }),
  11: (f) => ({ reason: num(f, "reason") }),
  12: (f) => ({ reason: num(f, "reason") }),
  13: (f) => ({ actual: big(f, "actual") }),
  14: (f) => ({ reason: num(f, "reason") }),
  15: (f) => ({ devAlias: str(f, "devAlias") }),
  16: (f) => ({ disk: str(f, "dst"), type: num(f, "type"), status: num(f, "status") }),
  17: (f) => ({ params: params(f) }),
  18: (f) => ({ state: num(f, "state"), reason: num(f, "reason") }),
  19: (f) => ({ devAlias: str(f, "devAlias") }),
  20: (f) => ({ iteration: num(f, "iteration") }),
  21: (f) => ({ params: params(f) }),
  22: (f) => ({ devAlias: str(f, "devAlias") }),
  23: (f) => ({ type: num(f, "type"), nsuri: optStr(f, "nsuri") }),
  24: (f) => ({ dev: str(f, "dev"), path: optStr(f, "path"), threshold: big(f, "threshold"), excess: big(f, "excess") }),
  25: (f) => ({ recipient: num(f, "recipient"), action: num(f, "action"), flags: num(f, "flags") }),
  26: (f) => ({ alias: str(f, "alias"), size: big(f, "size") }),
  27: (f) => ({ alias: str(f, "alias"), oldMAC: str(f, "oldMAC"), newMAC: str(f, "newMAC") }),
  28: (f) => ({ vcpuid: num(f, "vcpuid") }),
  29: (f) => ({ channelName: str(f, "channelName"), state: num(f, "state"), reason: num(f, "reason") }),
};

/** Build the typed event for `eventId` from a routed message's fields. */
export function decodeDomainEvent<E extends DomainEventIdNumber>(conn: Connection, eventId: E, fields: F): DomainEventOf<E> {
  const dom = new Domain(conn, fields["dom"] as remote_nonnull_domain);
  const rest = DECODE[eventId](fields);
  return { eventId, dom, ...rest } as DomainEventOf<E>;
}
