// Disk size and raw reads of a guest disk.
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { VirtError } from "../../rpc/errors.js";
import { REMOTE_CONST } from "../../protocol/generated/remote.js";
import { str, u32, u64 } from "./args.js";

const PEEK_MAX: number = REMOTE_CONST.REMOTE_DOMAIN_BLOCK_PEEK_BUFFER_MAX;

declare module "./handle.js" {
  interface Domain {
    /** Resize a disk to `size` KiB (bytes with BLOCK_RESIZE_BYTES). */
    blockResize(disk: string, size: number | bigint, flags?: number, opts?: CallOptions): Promise<void>;
    /** `size` bytes of the disk at `offset` (QEMU: raw-format disks only); at most 4 MiB per call. */
    blockPeek(path: string, offset: number | bigint, size: number, flags?: number, opts?: CallOptions): Promise<Buffer>;
  }
}

Domain.prototype.blockResize = async function (this: Domain, disk: string, size: number | bigint, flags = 0, opts?: CallOptions) {
  const args = { dom: this.ref, disk: str("disk", disk), size: u64("size", size), flags: u32("flags", flags) };
  await this.conn.call("domain_block_resize", args, opts);
};

Domain.prototype.blockPeek = async function (
  this: Domain,
  path: string,
  offset: number | bigint,
  size: number,
  flags = 0,
  opts?: CallOptions,
): Promise<Buffer> {
  const p = str("path", path);
  const off = u64("offset", offset);
  const n = u32("size", size);
  const f = u32("flags", flags);
  // libvirt's remote driver refuses this before sending, with these words.
  if (n > PEEK_MAX) {
    throw VirtError.local(VirtError.ERR_RPC, VirtError.FROM_REMOTE, `block peek request too large for remote protocol, ${n} > ${PEEK_MAX}`);
  }
  const r = await this.conn.call("domain_block_peek", { dom: this.ref, path: p, offset: off, size: n, flags: f }, opts);
  if (r.buffer.length !== n) {
    throw VirtError.local(VirtError.ERR_RPC, VirtError.FROM_REMOTE, "returned buffer is not same size as requested");
  }
  return r.buffer;
};
