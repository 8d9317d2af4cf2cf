// The terminal state the console changes, restorable from any exit path.
let rawStream: { setRawMode?: (mode: boolean) => unknown; isTTY?: boolean } | null = null;

/** Put a TTY stream into raw mode, remembering to undo it. */
export function enterRawMode(stream: { setRawMode?: (mode: boolean) => unknown; isTTY?: boolean }): boolean {
  if (!stream.isTTY || typeof stream.setRawMode !== "function") return false;
  stream.setRawMode(true);
  rawStream = stream;
  return true;
}

/** Leave raw mode if we entered it; safe to call more than once. */
export function restoreTerminal(): void {
  if (rawStream) {
    try {
      rawStream.setRawMode?.(false);
    } catch {
      // the terminal is gone already
    }
    rawStream = null;
  }
}
