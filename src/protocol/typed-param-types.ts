// VIR_TYPED_PARAM_* type codes (the remote_typed_param_value discriminant) and
// the getter flag about strings, for the client API and the embedded driver alike.

/** VIR_TYPED_PARAM_* wire types. */
export const ParamType = { INT: 1, UINT: 2, LLONG: 3, ULLONG: 4, DOUBLE: 5, BOOLEAN: 6, STRING: 7 } as const;
export type ParamTypeCode = (typeof ParamType)[keyof typeof ParamType];

/** VIR_TYPED_PARAM_STRING_OKAY: getters return string parameters only when asked with it. */
export const TYPED_PARAM_STRING_OKAY = 4;
