// One error class for everything that is wrong with bytes or values at the
// protocol level; `code` tells the kinds apart without parsing messages.

/** Codes raised by the codec and the frame layer. Other layers may add their own. */
export type ProtocolErrorCode =
  /** Input ended before the value did. */
  | "XDR_SHORT"
  /** A padding byte was not zero. */
  | "XDR_PADDING"
  /** A length or count exceeds the type's maximum (or nesting is too deep). */
  | "XDR_LIMIT"
  /** A union discriminant with no arm and no default. */
  | "XDR_UNION"
  /** Bytes left over after the value. */
  | "XDR_TRAILING"
  /** A number outside the range of its wire type. */
  | "XDR_RANGE"
  /** A JS value of the wrong type (or a missing struct field) on encode. */
  | "XDR_TYPE"
  /** A value that is well-typed but not allowed: bool 2, optional flag 2, NUL in a string. */
  | "XDR_VALUE"
  /** The type table itself is broken: unknown type name, circular typedef. */
  | "XDR_SCHEMA"
  /** A frame length word outside the protocol's bounds; framing is lost. */
  | "FRAME_LENGTH"
  /** A header field that cannot be encoded. */
  | "FRAME_HEADER"
  /** A file-descriptor count above the protocol limit; framing is lost. */
  | "FRAME_FDS";

export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  readonly code: string;
  /** What went wrong, without the location. */
  readonly detail: string;
  // Segments as built while unwinding: ".field", "[3]", or a leading type name.
  private rawPath: string;

  constructor(code: ProtocolErrorCode | (string & {}), detail: string, options?: { cause?: unknown; path?: string }) {
    const path = options?.path ?? "";
    super(format(path, detail), options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = detail;
    this.rawPath = path;
  }

  /** Where in the value, e.g. "remote_domain_get_info_args.dom.name"; "" when unknown. */
  get path(): string {
    return shown(this.rawPath);
  }

  /**
   * Prefix the location with an outer segment (".field", "[3]" or a type
   * name); the codec calls this while an error unwinds through nested values.
   */
  prependPath(segment: string): this {
    this.rawPath = segment + this.rawPath;
    this.message = format(this.rawPath, this.detail);
    return this;
  }
}

function shown(raw: string): string {
  return raw.startsWith(".") ? raw.slice(1) : raw;
}

function format(raw: string, detail: string): string {
  const p = shown(raw);
  return p ? `${p}: ${detail}` : detail;
}
