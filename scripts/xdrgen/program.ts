// Builds a program's procedure list from its `<prefix>_procedure` enum and
// the annotation comment before each member.
import type { ProcedureDef, StreamDirection } from "../../src/xdr/schema.js";
import type { Model } from "./model.js";

export interface ProgramSpec {
  /** Program name and type prefix: "remote", "qemu", "keepalive". */
  readonly name: string;
  /** Upper-case prefix of constants and procedure names: "REMOTE". */
  readonly prefix: string;
}

export interface ProgramInfo {
  readonly spec: ProgramSpec;
  readonly prog: number;
  readonly vers: number;
  /** Procedures in enum order, with the enum member each came from. */
  readonly procedures: readonly (ProcedureDef & { readonly member: string })[];
}

// Streams libvirt opens by hand-written code, where the .x annotation is
// incomplete: console and channel carry data both ways although marked
// @readstream, and the v3-params tunnel is unannotated (generate: none) yet
// carries migration data to the server like the other tunnels.
const STREAM_OVERRIDES: Readonly<Record<string, StreamDirection>> = {
  REMOTE_PROC_DOMAIN_OPEN_CONSOLE: "both",
  REMOTE_PROC_DOMAIN_OPEN_CHANNEL: "both",
  REMOTE_PROC_DOMAIN_MIGRATE_PREPARE_TUNNEL3_PARAMS: "write",
};

export function buildProgram(model: Model, spec: ProgramSpec): ProgramInfo {
  const P = spec.prefix;
  const lower = spec.name;
  const constValue = (name: string): number => {
    const c = model.consts.find((k) => k.name === name);
    if (!c) throw new Error(`missing const ${name}`);
    return c.value;
  };
  const en = model.enums.get(`${lower}_procedure`);
  if (!en) throw new Error(`missing enum ${lower}_procedure`);
  const seen = new Set<number>();
  const procedures = en.members.map((m) => {
    const stem = `${P}_PROC_`;
    if (!m.name.startsWith(stem)) throw new Error(`${m.name}: not named ${stem}*`);
    if (seen.has(m.value)) throw new Error(`${m.name}: number ${m.value} used twice`);
    seen.add(m.value);
    const name = m.name.slice(stem.length).toLowerCase();
    const has = (suffix: string): string | null => {
      const t = `${lower}_${name}_${suffix}`;
      return model.byName.has(t) ? t : null;
    };
    const ann = annotations(m.comment);
    let stream: StreamDirection | undefined;
    if (ann.has("readstream")) stream = "read";
    if (ann.has("writestream")) stream = stream ? "both" : "write";
    const override = STREAM_OVERRIDES[m.name];
    if (override) stream = override;
    const def: ProcedureDef & { member: string } = {
      member: m.name,
      name,
      num: m.value,
      // Events (server -> client MESSAGEs) carry a *_msg instead of *_args.
      args: has("args") ?? has("msg"),
      ret: has("ret"),
      ...(stream ? { stream } : {}),
      ...(ann.get("priority") === "high" ? { priority: true } : {}),
    };
    return def;
  });
  for (const member of Object.keys(STREAM_OVERRIDES)) {
    if (member.startsWith(`${P}_PROC_`) && !en.members.some((m) => m.name === member)) {
      throw new Error(`stream override for unknown procedure ${member}`);
    }
  }
  return { spec, prog: constValue(`${P}_PROGRAM`), vers: constValue(`${P}_PROTOCOL_VERSION`), procedures };
}

/** `@key: value` pairs of a comment block; the last one wins. */
export function annotations(comment: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!comment) return out;
  for (const m of comment.matchAll(/@([A-Za-z]+)\s*:\s*(\S*)/g)) out.set(m[1]!, m[2]!);
  return out;
}
