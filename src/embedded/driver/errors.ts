// Errors raised by the embedded hypervisor, shaped like libvirt's virError so
// the server can put them on the wire unchanged. Message prefixes follow
// libvirt's per-code wording ("internal error: ...", "invalid argument: ...").

/** libvirt error codes used here (virErrorNumber). */
export const ErrCode = {
  INTERNAL_ERROR: 1,
  NO_SUPPORT: 3,
  INVALID_ARG: 8,
  OPERATION_FAILED: 9,
  NO_SOURCE: 19,
  NO_TARGET: 20,
  NO_NAME: 21,
  XML_ERROR: 27,
  OPERATION_DENIED: 29,
  XML_DETAIL: 35,
  SYSTEM_ERROR: 38,
  RPC: 39,
  NO_DOMAIN: 42,
  NO_NETWORK: 43,
  AUTH_FAILED: 45,
  OPERATION_INVALID: 55,
  CONFIG_UNSUPPORTED: 67,
  NO_DOMAIN_SNAPSHOT: 72,
  ARGUMENT_UNSUPPORTED: 74,
  SNAPSHOT_REVERT_RISKY: 77,
  NO_DOMAIN_METADATA: 80,
  OPERATION_UNSUPPORTED: 84,
  NO_DOMAIN_CHECKPOINT: 103,
} as const;

/** libvirt error domains used here (virErrorDomain). */
export const ErrDomain = {
  NONE: 0,
  XML: 5,
  RPC: 7,
  TEST: 12,
  REMOTE: 13,
  DOMAIN: 20,
  DOMAIN_SNAPSHOT: 35,
  DOMAIN_CHECKPOINT: 69,
} as const;

/** Error shaped like virError, str/int fields included as libvirt fills them. */
export class VirError extends Error {
  override readonly name = "VirError";
  readonly code: number;
  readonly domain: number;
  readonly level: number;
  str1: string | null = null;
  str2: string | null = null;
  str3: string | null = null;
  int1 = -1;
  int2 = -1;
  constructor(code: number, domain: number, message: string) {
    super(message);
    this.code = code;
    this.domain = domain;
    this.level = 2;
  }
}

// libvirt formats "<prefix>: <detail>", or the bare prefix when there is no detail.
const PREFIX: Record<number, string> = {
  [ErrCode.INTERNAL_ERROR]: "internal error",
  [ErrCode.NO_SUPPORT]: "this function is not supported by the connection driver",
  [ErrCode.INVALID_ARG]: "invalid argument",
  [ErrCode.OPERATION_FAILED]: "operation failed",
  [ErrCode.XML_ERROR]: "XML error",
  [ErrCode.OPERATION_DENIED]: "operation forbidden",
  [ErrCode.NO_DOMAIN]: "Domain not found",
  [ErrCode.OPERATION_INVALID]: "Requested operation is not valid",
  [ErrCode.CONFIG_UNSUPPORTED]: "unsupported configuration",
  [ErrCode.NO_DOMAIN_SNAPSHOT]: "Domain snapshot not found",
  [ErrCode.ARGUMENT_UNSUPPORTED]: "argument unsupported",
  [ErrCode.SNAPSHOT_REVERT_RISKY]: "revert requires force",
  [ErrCode.NO_DOMAIN_METADATA]: "metadata not found",
  [ErrCode.OPERATION_UNSUPPORTED]: "Operation not supported",
  [ErrCode.NO_DOMAIN_CHECKPOINT]: "Domain checkpoint not found",
  [ErrCode.AUTH_FAILED]: "authentication failed",
  [ErrCode.NO_NETWORK]: "Network not found",
  [ErrCode.NO_TARGET]: "missing target information",
};

// Bare messages libvirt uses when the detail is NULL and the prefix differs.
const NO_DETAIL: Record<number, string> = {
  [ErrCode.XML_ERROR]: "XML description is invalid or not well formed",
  [ErrCode.NO_NAME]: "missing name information",
};

/**
 * virReportError: "<prefix>: <detail>" with str1 the format ("<prefix>: %s")
 * and str2 the detail; codes without a prefix carry the detail alone.
 */
export function virErr(code: number, domain: number, detail?: string): VirError {
  const prefix = PREFIX[code];
  if (detail === undefined) {
    const msg = NO_DETAIL[code] ?? prefix ?? "unknown error";
    const e = new VirError(code, domain, msg);
    e.str1 = msg;
    return e;
  }
  const e = new VirError(code, domain, prefix ? `${prefix}: ${detail}` : detail);
  e.str1 = prefix ? `${prefix}: %s` : "%s";
  e.str2 = detail;
  return e;
}

/** A report whose text is used verbatim (parser details, RPC errors). */
export function rawErr(code: number, domain: number, message: string): VirError {
  const e = new VirError(code, domain, message);
  e.str1 = "%s";
  e.str2 = message;
  return e;
}

/** virReportSystemError: message ends with strerror, int1 carries errno. */
export function sysErr(domain: number, message: string, errno: number): VirError {
  const e = rawErr(ErrCode.SYSTEM_ERROR, domain, message);
  e.int1 = errno;
  return e;
}

/** virReportInvalidArg: verbatim message, str1 the function, str2 the argument. */
export function argErr(domain: number, fn: string, arg: string, message: string): VirError {
  const e = new VirError(ErrCode.INVALID_ARG, domain, message);
  e.str1 = fn;
  e.str2 = arg;
  e.int1 = 0;
  e.int2 = 0;
  return e;
}

/** virErrorGenericFailure: a public API failed and nothing was reported. */
export function unknownCauseErr(): VirError {
  const e = new VirError(ErrCode.INTERNAL_ERROR, ErrDomain.NONE, "An error occurred, but the cause is unknown");
  e.int1 = 0;
  e.int2 = 0;
  return e;
}

/** An error raised by libvirtd itself when a call fails without a report. */
export function unsetErr(): VirError {
  const e = new VirError(ErrCode.INTERNAL_ERROR, ErrDomain.RPC, "Library function returned error but did not set virError");
  e.int1 = 0;
  e.int2 = 0;
  return e;
}

// Shorthands for the test driver's own reports (VIR_FROM_TEST).
export const testErr = {
  internal: (m: string) => virErr(ErrCode.INTERNAL_ERROR, ErrDomain.TEST, m),
  invalidArg: (m: string) => virErr(ErrCode.INVALID_ARG, ErrDomain.TEST, m),
  opInvalid: (m: string) => virErr(ErrCode.OPERATION_INVALID, ErrDomain.TEST, m),
  opUnsupported: (m: string) => virErr(ErrCode.OPERATION_UNSUPPORTED, ErrDomain.TEST, m),
  argUnsupported: (m: string) => virErr(ErrCode.ARGUMENT_UNSUPPORTED, ErrDomain.TEST, m),
  xml: (m: string) => virErr(ErrCode.XML_ERROR, ErrDomain.TEST, m),
  system: (m: string, errno = 0) => sysErr(ErrDomain.TEST, m, errno),
};

/** virCheckFlags: bits outside `allowed` are refused. */
export function checkFlags(flags: number, allowed: number, fn: string): void {
  const extra = ((flags >>> 0) & ~allowed) >>> 0;
  if (extra !== 0) throw argErr(ErrDomain.TEST, fn, "flags", `unsupported flags (0x${extra.toString(16)}) in function ${fn}`);
}

/** virDomainObjCheckActive's report (raised from domain_conf, so VIR_FROM_DOMAIN). */
export function notRunning(): VirError {
  return virErr(ErrCode.OPERATION_INVALID, ErrDomain.DOMAIN, "domain is not running");
}

/** VIR_EXCLUSIVE_FLAGS_* check (reported against the "ctl" argument). */
export function exclusiveFlags(a: string, b: string, domain: number, fn: string, arg = "ctl"): VirError {
  return argErr(domain, fn, arg, `Flags '${a}' and '${b}' are mutually exclusive`);
}

/** VIR_REQUIRE_FLAG_* check. */
export function requireFlag(required: string, by: string, domain: number, fn: string): VirError {
  return argErr(domain, fn, "ctl", `Flag '${required}' is required by flag '${by}'`);
}

/** virReportInvalid{NonZero,ZeroOrPositive,...}Arg from the public API. */
export function apiArgErr(fn: string, arg: string, rule: string, domain: number = ErrDomain.DOMAIN): VirError {
  return argErr(domain, fn, arg, `${arg} in ${fn} ${rule}`);
}

/** A read-only connection asking for secure details (flag 1, VIR_*_XML_SECURE) is refused, as libvirt does. */
export function denySecure(ro: boolean, flags: number, fn: string, domain: number = ErrDomain.DOMAIN): void {
  if (ro && flags & 1) throw virErr(ErrCode.OPERATION_DENIED, domain, `${fn} with secure flag`);
}
