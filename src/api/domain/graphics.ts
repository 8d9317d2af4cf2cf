// Graphics consoles: reloading their TLS certificates, and the two ways of
// connecting a client socket to one (both need descriptor passing).
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import { badArg, u32 } from "./args.js";
import { fdPassingError } from "./fd-passing.js";

declare module "./handle.js" {
  interface Domain {
    /** Make the graphics server reload its certificates (GRAPHICS_RELOAD_TYPE_*; libvirt >= 10.2). */
    graphicsReload(type: number, flags?: number, opts?: CallOptions): Promise<void>;
    /** Connect the socket `fd` to graphics console `idx`. Always rejects: needs fd passing. */
    openGraphics(idx: number, fd: number, flags?: number, opts?: CallOptions): Promise<void>;
    /** A new socket connected to graphics console `idx`. Always rejects: needs fd passing. */
    openGraphicsFd(idx: number, flags?: number, opts?: CallOptions): Promise<number>;
  }
}

Domain.prototype.graphicsReload = async function (this: Domain, type: number, flags = 0, opts?: CallOptions) {
  await this.conn.call("domain_graphics_reload", { dom: this.ref, type: u32("type", type), flags: u32("flags", flags) }, opts);
};

Domain.prototype.openGraphics = async function (this: Domain, idx: number, fd: number, flags = 0, _opts?: CallOptions) {
  u32("idx", idx);
  if (!Number.isInteger(fd) || fd < 0) throw badArg(`fd must be a file descriptor number, got ${String(fd)}`);
  u32("flags", flags);
  throw fdPassingError(this.conn, "virDomainOpenGraphics", "send");
};

Domain.prototype.openGraphicsFd = async function (this: Domain, idx: number, flags = 0, _opts?: CallOptions): Promise<number> {
  u32("idx", idx);
  u32("flags", flags);
  throw fdPassingError(this.conn, "virDomainOpenGraphicsFD", "receive");
};
