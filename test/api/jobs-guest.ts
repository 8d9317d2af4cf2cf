// QEMU helpers for the jobs / block job / device / backup / migration tests.
import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { guestXml, type GuestXmlOptions } from "../helpers/live.js";

/** guestXml plus extra <devices> children (disks, cdroms...). */
export function guestXmlWith(opts: GuestXmlOptions, extraDevices: readonly string[]): string {
  const xml = guestXml(opts);
  return xml.replace("  </devices>", [...extraDevices.map((d) => `    ${d}`), "  </devices>"].join("\n"));
}

export function qemuImg(...args: string[]): string {
  return execFileSync("qemu-img", args, { encoding: "utf8" });
}

/** Virtual size of an image in bytes (-U: the image may be open in a running guest). */
export function virtualSize(file: string): number {
  const info = JSON.parse(qemuImg("info", "-U", "--output=json", file)) as { "virtual-size": number };
  return info["virtual-size"];
}

/** Polls `probe` until it returns a value other than undefined; fails after timeoutMs. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
