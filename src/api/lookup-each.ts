import { VirtError } from "../rpc/errors.js";

/**
 * Look each listed key up, skipping keys whose object vanished between the
 * listing and the lookup (a VirtError), as Sys::Virt's list_domains,
 * list_snapshots and list_child_snapshots do; a broken connection still fails.
 */
export async function lookupEach<K, T>(keys: readonly K[], lookup: (key: K) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const k of keys) {
    try {
      out.push(await lookup(k));
    } catch (err) {
      if (!(err instanceof VirtError)) throw err;
    }
  }
  return out;
}
