// A small type table shaped like libvirt's remote protocol, for codec tests.
// remote_domain_get_info_ret and remote_typed_param_value are libvirt's own,
// to the letter: protocol/schema.test.ts holds the generated table to them.
import type { TypeTable } from "../../src/xdr/schema.js";

export const STRING_MAX = 4194304;

export const T: TypeTable = {
  remote_nonnull_string: { t: "string", max: STRING_MAX },
  remote_string: { t: "opt", of: "remote_nonnull_string" },
  remote_uuid: { t: "fopaque", len: 16 },
  remote_nonnull_domain: {
    t: "struct",
    fields: [
      ["name", "remote_nonnull_string"],
      ["uuid", "remote_uuid"],
      ["id", "int"],
    ],
  },
  remote_domain: { t: "opt", of: "remote_nonnull_domain" },
  remote_domain_get_info_args: { t: "struct", fields: [["dom", "remote_nonnull_domain"]] },
  remote_domain_get_info_ret: {
    t: "struct",
    fields: [
      ["state", "uchar"],
      ["maxMem", "uhyper"],
      ["memory", "uhyper"],
      ["nrVirtCpu", "ushort"],
      ["cpuTime", "uhyper"],
    ],
  },
  remote_node_get_info_ret: {
    t: "struct",
    fields: [
      ["model", { t: "vector", of: "char", len: 32 }],
      ["memory", "uhyper"],
      ["cpus", "int"],
      ["mhz", "int"],
      ["nodes", "int"],
      ["sockets", "int"],
      ["cores", "int"],
      ["threads", "int"],
    ],
  },
  remote_typed_param_value: {
    t: "union",
    disc: ["type", "int"],
    arms: {
      1: ["i", "int"],
      2: ["ui", "uint"],
      3: ["l", "hyper"],
      4: ["ul", "uhyper"],
      5: ["d", "double"],
      6: ["b", "int"],
      7: ["s", "remote_nonnull_string"],
    },
  },
  remote_typed_param: {
    t: "struct",
    fields: [
      ["field", "remote_nonnull_string"],
      ["value", "remote_typed_param_value"],
    ],
  },
  remote_typed_params: { t: "array", of: "remote_typed_param", max: 64 },
  remote_domain_list: {
    t: "struct",
    fields: [
      ["domains", { t: "array", of: "remote_nonnull_domain", max: 3 }],
      ["ret", "uint"],
    ],
  },
  int_list: { t: "array", of: "int", max: 3 },
  short_vec: { t: "vector", of: "short", len: 3 },
  small_opaque: { t: "opaque", max: 8 },
  small_string: { t: "string", max: 4 },
  odd_fopaque: { t: "fopaque", len: 5 },
  opt_int: { t: "opt", of: "int" },
  flag: "bool",
  state_enum: { t: "enum", values: { OFF: 0, ON: 1, PAUSED: 3 } },
  // Union on an enum, with void arms and a default arm.
  event: {
    t: "union",
    disc: ["kind", "state_enum"],
    arms: { 0: null, 1: ["detail", "remote_nonnull_string"] },
    def: ["code", "int"],
  },
  event_void_default: {
    t: "union",
    disc: ["kind", "uint"],
    arms: { 5: ["x", "int"] },
    def: null,
  },
  bool_union: {
    t: "union",
    disc: ["on", "bool"],
    arms: { 0: null, 1: ["level", "int"] },
  },
  // Recursive: a linked list and a tree.
  node: {
    t: "struct",
    fields: [
      ["v", "int"],
      ["next", { t: "opt", of: "node" }],
    ],
  },
  tree: {
    t: "struct",
    fields: [
      ["name", "remote_nonnull_string"],
      ["children", { t: "array", of: "tree", max: 10 }],
    ],
  },
  nothing: { t: "void" },
  floats: {
    t: "struct",
    fields: [
      ["f", "float"],
      ["d", "double"],
    ],
  },
};
