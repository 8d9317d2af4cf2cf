// Building transcripts: call outcomes as plain data and the normalisations
// the two drivers may legitimately differ in (each documented here and in
// docs/embedded.md).
import { VirtError } from "../../src/index.js";
import type { Transcript } from "./scenario.js";

/** A VirtError as data; str1..3/int1..2 are left out (libvirtd fills them from its format strings). */
export interface ErrRecord {
  code: number;
  domain: number;
  level: number;
  message: string;
}

export type Outcome<T> = { ok: T } | { err: ErrRecord };

export function errRecord(e: unknown): ErrRecord {
  if (!(e instanceof VirtError)) throw e;
  return { code: e.code, domain: e.domain, level: e.level, message: normParserMessage(e.code, e.message) };
}

const XML_DETAIL = 35;

/**
 * N9: a malformed document fails with VIR_ERR_XML_DETAIL on both drivers,
 * "WHERE:LINE: TEXT" where TEXT is libxml2's own wording (and caret line);
 * the embedded driver parses with another library and words it differently.
 * The location and line stay, the text reads "$PARSER".
 */
export function normParserMessage(code: number, message: string): string {
  if (code !== XML_DETAIL) return message;
  const m = /^(.*?):(\d+): /s.exec(message);
  return m ? `${m[1]}:${m[2]}: $PARSER` : message;
}

/**
 * The result of a call, or the libvirt error it failed with. Anything other
 * than a VirtError (a broken connection, a bug in the scenario) propagates.
 */
export async function outcome<T, R = T>(p: Promise<T>, map?: (v: T) => R | Promise<R>): Promise<Outcome<R>> {
  try {
    const v = await p;
    return { ok: map ? await map(v) : (v as unknown as R) };
  } catch (e) {
    return { err: errRecord(e) };
  }
}

/** Only the error of a call that must fail; a success is recorded as such. */
export async function failure(p: Promise<unknown>): Promise<ErrRecord | "succeeded"> {
  try {
    await p;
    return "succeeded";
  } catch (e) {
    return errRecord(e);
  }
}

/** An ordered transcript; labels must be unique so a step cannot hide another. */
export class Recorder {
  readonly t: Transcript = {};
  /** The last label recorded, to say where a scenario broke off. */
  static last = "";
  private readonly aliases: [string, string][] = [];

  /**
   * N1 for messages: a generated value (a random UUID) reads `placeholder`
   * wherever it appears in the transcript.
   */
  alias(value: string, placeholder: string): void {
    this.aliases.push([value, placeholder]);
  }

  /** The transcript with aliases applied. */
  done(): Transcript {
    let out: Transcript = this.t;
    for (const [v, p] of this.aliases) out = replaceAll(out, v, p);
    return out;
  }

  set(label: string, value: unknown): void {
    if (Object.prototype.hasOwnProperty.call(this.t, label)) throw new Error(`duplicate transcript label ${label}`);
    checkPlain(value, label);
    this.t[label] = value;
    Recorder.last = label;
  }

  /**
   * Record the outcome of a call under `label`; resolves with the value or
   * undefined on error. A handle (domain, snapshot, checkpoint) is recorded
   * by its name unless `map` says otherwise.
   */
  async call<T, R = T>(label: string, p: Promise<T>, map?: (v: T) => R | Promise<R>): Promise<T | undefined> {
    let raw: T | undefined;
    const o = await outcome<T, unknown>(
      p.then((v) => {
        raw = v;
        return v;
      }),
      map ?? byName,
    );
    this.set(label, o);
    return raw;
  }
}

function byName(v: unknown): unknown {
  if (v !== null && typeof v === "object" && typeof (v as { getName?: unknown }).getName === "function") {
    return { handle: (v as { getName(): string }).getName() };
  }
  return v;
}

/** Transcripts hold data only: a handle (Domain, snapshot) would drag its connection in. */
function checkPlain(v: unknown, where: string): void {
  if (v === null || typeof v !== "object" || Buffer.isBuffer(v)) return;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkPlain(x, `${where}[${i}]`));
    return;
  }
  if (proto !== Object.prototype && proto !== null) throw new Error(`transcript entry ${where} holds a ${(v as object).constructor.name}, not plain data`);
  for (const [k, x] of Object.entries(v)) checkPlain(x, `${where}.${k}`);
}

// --- normalisations --------------------------------------------------------

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * N1: generated UUIDs (defining a domain without <uuid>) are random on both
 * drivers. Replaced by "$UUID" when well formed; a malformed one stays visible.
 */
export function normUuid(s: string): string {
  return UUID_RE.test(s) ? "$UUID" : s;
}

/**
 * Domain XML with the random parts replaced: N1 the <uuid> when it was
 * generated, N2 generated MAC addresses (libvirt's 52:54:00 prefix, random
 * tail). Fixed values given in the input XML are never touched because
 * scenarios only apply this to definitions that left them out.
 */
export function normDomainXml(xml: string, opts: { uuid?: boolean; mac?: boolean } = {}): string {
  let out = xml;
  if (opts.uuid) out = out.replace(/<uuid>([0-9a-f-]{36})<\/uuid>/, (m, u: string) => (UUID_RE.test(u) ? "<uuid>$UUID</uuid>" : m));
  if (opts.mac) out = out.replace(/<mac address='52:54:00(:[0-9a-f]{2}){3}'\/>/g, "<mac address='52:54:00:$MAC'/>");
  return out;
}

/**
 * N3: snapshot and checkpoint <creationTime> is the wall clock of the moment
 * of creation (seconds), so the two runs differ. Replaced by "$TIME" when it
 * is a plausible timestamp (after 2020).
 */
export function normMomentXml(xml: string): string {
  return xml.replace(/<creationTime>(\d+)<\/creationTime>/g, (m, s: string) =>
    Number(s) > 1_577_836_800 ? "<creationTime>$TIME</creationTime>" : m,
  );
}

/**
 * N6: the test driver fakes CPU times from the wall clock: getInfo's cpuTime
 * in nanoseconds, vCPU cpuTime in microseconds / 10. Recorded as "clock" when
 * within a day of now in that unit, else the raw value stays visible.
 */
export function clockish(v: bigint, perMs: bigint): bigint | string {
  const now = BigInt(Date.now()) * perMs;
  const day = 86_400_000n * perMs;
  return v > now - day && v < now + day ? "clock" : v;
}

/** N4: paths under the per-run scratch folder read "$SCRATCH" (each target gets its own folder). */
export function normPaths<T>(v: T, scratch: string): T {
  return replaceAll(v, scratch, "$SCRATCH");
}

/** Replace a substring in every string of a transcript value. */
function replaceAll<T>(v: T, from: string, to: string): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === "string") return x.split(from).join(to);
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === "object" && !Buffer.isBuffer(x)) {
      return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, e]) => [k, walk(e)]));
    }
    return x;
  };
  return walk(v) as T;
}
