import { connect as netConnect, type Socket } from "node:net";
import type { Transport } from "./transport.js";
import { TransportError } from "./errors.js";

// One read buffer for every socket: each read's bytes are copied out before
// the callback returns, and callbacks never overlap (one JS thread).
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** Connect a net.Socket (unix path or TCP), honouring an abort signal. */
function openSocket(
  target: { path: string } | { host: string; port: number },
  what: string,
  signal?: AbortSignal,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    // Reads land in one reused buffer and only the bytes read are copied out:
    // Node's default path allocates a fresh 64 KiB buffer per read, which on a
    // chatty RPC connection costs more than the decoding itself.
    const sock: Socket = netConnect({
      ...target,
      onread: {
        buffer: READ_BUFFER,
        callback: (n: number, buf: Uint8Array) => {
          sock.emit("data", Buffer.from(buf.subarray(0, n)));
          return true;
        },
      },
    });
    const onAbort = () => {
      sock.destroy();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    sock.once("connect", () => {
      signal?.removeEventListener("abort", onAbort);
      sock.removeAllListeners("error");
      resolve(sock);
    });
    sock.once("error", (err: NodeJS.ErrnoException) => {
      signal?.removeEventListener("abort", onAbort);
      reject(new TransportError(`cannot connect to ${what}: ${err.message}`, { cause: err, code: err.code }));
    });
  });
}

export async function openUnix(path: string, signal?: AbortSignal): Promise<Transport> {
  const sock = await openSocket({ path }, `socket '${path}'`, signal);
  return {
    stream: sock,
    kind: "unix",
    secure: true,
    encrypted: false,
    canPassFds: false,
    destroy: (err) => sock.destroy(err),
  };
}

export async function openTcp(host: string, port: number, signal?: AbortSignal): Promise<Transport> {
  const sock = await openSocket({ host, port }, `${host}:${port}`, signal);
  sock.setNoDelay(true);
  return {
    stream: sock,
    kind: "tcp",
    secure: false,
    encrypted: false,
    canPassFds: false,
    destroy: (err) => sock.destroy(err),
  };
}
