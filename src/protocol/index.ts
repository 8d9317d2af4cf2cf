// Generated protocol tables: the programs a libvirt connection speaks, their
// type tables and procedure numbers, and the TypeScript shapes of decoded values.
export * from "./generated/remote.js";
export type * from "./generated/remote-types.js";
export * from "./generated/qemu.js";
export * from "./generated/keepalive.js";
// generated/constants.ts (libvirt API constants) is re-exported by its owner.
