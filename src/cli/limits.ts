// C's limits that virsh's option parsers check against.

/** ULLONG_MAX (2^64 - 1), also ULONG_MAX on the 64-bit hosts virsh runs on. */
export const ULLONG_MAX = 0xffffffffffffffffn;

/** LLONG_MAX (2^63 - 1). */
export const LLONG_MAX = 0x7fffffffffffffffn;
