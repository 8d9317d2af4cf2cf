// Migration parameters (VIR_MIGRATE_PARAM_*): the field -> wire type table
// from libvirt-domain.h, encoding of a Sys::Virt-style hash, and the small
// list edits libvirt's client makes between the steps of a migration.
import type { remote_typed_param } from "../../protocol/generated/remote-types.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { encodeParam, type ParamTable, type TypedParamValue } from "../typed-params.js";
import { ParamType } from "../../protocol/typed-param-types.js";
import { badArg } from "./args.js";

/** A parameter value; the multi-valued fields (MIGRATE_DISKS, COMPRESSION, ...) also take a list. */
export type MigrateParamValue = TypedParamValue | readonly string[];
/** migrate()/migrateToUri() parameters keyed by MIGRATE_PARAM_* names; undefined/null are skipped. */
export type MigrateParams = Readonly<Record<string, MigrateParamValue | null | undefined>>;

/** Every field libvirt documents, with its type (newer ones are refused by older daemons). */
export const MIGRATE_PARAMS: ParamTable = {
  [C.MIGRATE_PARAM_URI]: ParamType.STRING,
  [C.MIGRATE_PARAM_DEST_NAME]: ParamType.STRING,
  [C.MIGRATE_PARAM_DEST_XML]: ParamType.STRING,
  [C.MIGRATE_PARAM_PERSIST_XML]: ParamType.STRING,
  [C.MIGRATE_PARAM_BANDWIDTH]: ParamType.ULLONG,
  [C.MIGRATE_PARAM_BANDWIDTH_POSTCOPY]: ParamType.ULLONG,
  [C.MIGRATE_PARAM_GRAPHICS_URI]: ParamType.STRING,
  [C.MIGRATE_PARAM_LISTEN_ADDRESS]: ParamType.STRING,
  [C.MIGRATE_PARAM_MIGRATE_DISKS]: ParamType.STRING,
  [C.MIGRATE_PARAM_DISK_PORT]: ParamType.INT,
  [C.MIGRATE_PARAM_DISKS_URI]: ParamType.STRING,
  [C.MIGRATE_PARAM_COMPRESSION]: ParamType.STRING,
  [C.MIGRATE_PARAM_COMPRESSION_MT_LEVEL]: ParamType.INT,
  [C.MIGRATE_PARAM_COMPRESSION_MT_THREADS]: ParamType.INT,
  [C.MIGRATE_PARAM_COMPRESSION_MT_DTHREADS]: ParamType.INT,
  [C.MIGRATE_PARAM_COMPRESSION_XBZRLE_CACHE]: ParamType.ULLONG,
  [C.MIGRATE_PARAM_AUTO_CONVERGE_INITIAL]: ParamType.INT,
  [C.MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT]: ParamType.INT,
  [C.MIGRATE_PARAM_PARALLEL_CONNECTIONS]: ParamType.INT,
  [C.MIGRATE_PARAM_TLS_DESTINATION]: ParamType.STRING,
  // Added after libvirt 9.0 (9.4, 10.9, 11.1); not in the generated constants.
  "compression.zlib.level": ParamType.INT,
  "compression.zstd.level": ParamType.INT,
  migrate_disks_detect_zeroes: ParamType.STRING,
  "bandwidth.avail.switchover": ParamType.ULLONG,
};

/** Fields that may appear several times on the wire (one entry per value). */
const MULTI = new Set<string>([C.MIGRATE_PARAM_MIGRATE_DISKS, C.MIGRATE_PARAM_COMPRESSION, "migrate_disks_detect_zeroes"]);

/** Encode a parameter hash in insertion order, refusing unknown fields and wrong types. */
export function encodeMigrateParams(params: MigrateParams): remote_typed_param[] {
  if (params === null || typeof params !== "object" || Array.isArray(params)) throw badArg("migration parameters must be an object");
  const out: remote_typed_param[] = [];
  for (const [field, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    const type = MIGRATE_PARAMS[field];
    if (type === undefined) {
      throw badArg(`unknown migration parameter '${field}' (known: ${Object.keys(MIGRATE_PARAMS).join(", ")})`);
    }
    if (Array.isArray(v)) {
      if (!MULTI.has(field)) throw badArg(`migration parameter '${field}' takes a single value, not a list`);
      for (const item of v as readonly unknown[]) out.push(encodeParam(field, type, item as TypedParamValue));
    } else {
      out.push(encodeParam(field, type, v as TypedParamValue));
    }
  }
  return out;
}

/** The first string value of `field` (virTypedParamsGetString), or null. */
export function getString(list: readonly remote_typed_param[], field: string): string | null {
  for (const p of list) if (p.field === field && p.value.type === ParamType.STRING) return p.value.s;
  return null;
}

/** The first unsigned long long value of `field`, or 0n. */
export function getULLong(list: readonly remote_typed_param[], field: string): bigint {
  for (const p of list) if (p.field === field && p.value.type === ParamType.ULLONG) return p.value.ul;
  return 0n;
}

/** virTypedParamsReplaceString: replace the field's entry in place, or append one. */
export function replaceString(list: readonly remote_typed_param[], field: string, value: string): remote_typed_param[] {
  const entry: remote_typed_param = { field, value: { type: ParamType.STRING, s: value } };
  const i = list.findIndex((p) => p.field === field);
  if (i < 0) return [...list, entry];
  const out = [...list];
  out[i] = entry;
  return out;
}

/** True when every entry is one of `allowed` (virTypedParamsCheck). */
export function onlyFields(list: readonly remote_typed_param[], allowed: readonly string[]): boolean {
  return list.every((p) => allowed.includes(p.field));
}

/** The fields the pre-parameter migration procedures can carry. */
export const COMPAT_FIELDS: readonly string[] = [
  C.MIGRATE_PARAM_URI,
  C.MIGRATE_PARAM_DEST_NAME,
  C.MIGRATE_PARAM_DEST_XML,
  C.MIGRATE_PARAM_BANDWIDTH,
];
