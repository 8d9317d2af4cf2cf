// Stream-returning domain calls: console, channel, screenshot. Sys::Virt takes
// a stream object to connect; we return a Node Duplex (RpcStream).
import { Domain } from "./handle.js";
import type { CallOptions } from "../../rpc/call-options.js";
import type { RpcStream } from "../../rpc/stream.js";
import { Error as Err } from "../../protocol/generated/constants.js";
import { intArg } from "../validate.js";
import { optStr, u32 } from "./args.js";

/** CallOptions plus the stream's buffering (see RpcStream). */
export interface StreamCallOptions extends CallOptions {
  /** Unread bytes held before the stream is aborted with StreamOverflowError (default 32 MiB). */
  maxBufferedBytes?: number;
  highWaterMark?: number;
}

export interface Screenshot {
  /** As the driver reports it: QEMU image/x-portable-pixmap, the test driver image/png. */
  mimeType: string | null;
  /** The image bytes; ends after the last byte. */
  stream: RpcStream;
}

declare module "./handle.js" {
  interface Domain {
    /**
     * virDomainOpenConsole: a bidirectional byte stream to a console device
     * (null: the default console). Flags: Domain.OPEN_CONSOLE_FORCE takes the
     * console from another session, OPEN_CONSOLE_SAFE.
     */
    openConsole(devname?: string | null, flags?: number, opts?: StreamCallOptions): Promise<RpcStream>;
    /** virDomainOpenChannel: a bidirectional stream to a channel device by name (e.g. a virtio-serial target). */
    openChannel(name: string | null, flags?: number, opts?: StreamCallOptions): Promise<RpcStream>;
    /** virDomainScreenshot: the image of `screen` as a readable stream. */
    screenshot(screen: number, flags?: number, opts?: StreamCallOptions): Promise<Screenshot>;
  }
}

/** Buffer sizes must be positive integers; a bad one is refused like any other argument. */
function streamOpts(opts: StreamCallOptions | undefined): StreamCallOptions | undefined {
  for (const k of ["maxBufferedBytes", "highWaterMark"] as const) {
    const v = opts?.[k];
    if (v !== undefined) intArg(Err.FROM_DOMAIN, k, v, 1, Number.MAX_SAFE_INTEGER);
  }
  return opts;
}

Domain.prototype.openConsole = async function (this: Domain, devname: string | null = null, flags = 0, opts?: StreamCallOptions) {
  const args = { dom: this.ref, dev_name: optStr("devname", devname), flags: u32("flags", flags) };
  const { stream } = await this.conn.openStream("domain_open_console", args, streamOpts(opts));
  return stream;
};

Domain.prototype.openChannel = async function (this: Domain, name: string | null, flags = 0, opts?: StreamCallOptions) {
  const args = { dom: this.ref, name: optStr("channel name", name), flags: u32("flags", flags) };
  const { stream } = await this.conn.openStream("domain_open_channel", args, streamOpts(opts));
  return stream;
};

Domain.prototype.screenshot = async function (this: Domain, screen: number, flags = 0, opts?: StreamCallOptions) {
  const args = { dom: this.ref, screen: u32("screen", screen), flags: u32("flags", flags) };
  const { stream, ret } = await this.conn.openStream("domain_screenshot", args, streamOpts(opts));
  return { mimeType: (ret as { mime: string | null }).mime, stream };
};
