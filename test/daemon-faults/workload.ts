// Calls with known answers on a daemon's test:///default instance, for
// firing many at once and checking that none was lost or answered wrongly.
import type { Connection } from "../../src/api/connection.js";
import type { Domain } from "../../src/api/domain/index.js";

export interface Fired {
  /** One promise per call; each resolves true when the answer was right. */
  calls: Promise<boolean>[];
  /** Calls that have settled so far (either way). */
  settled(): number;
}

/** `n` calls at once, cycling through five procedures. */
export function fire(conn: Connection, dom: Domain, n: number): Fired {
  let settled = 0;
  const kinds: (() => Promise<boolean>)[] = [
    async () => (await conn.getType()) === "TEST",
    async () => (await dom.getState())[0] === 1,
    async () => (await conn.getDomainByName("test")).getName() === "test",
    async () => (await dom.getXmlDescription()).includes("<name>test</name>"),
    async () => (await conn.listAllDomains()).some((d) => d.getName() === "test"),
  ];
  const calls = Array.from({ length: n }, (_, i) => {
    const p = kinds[i % kinds.length]!();
    p.then(
      () => settled++,
      () => settled++,
    );
    return p;
  });
  return { calls, settled: () => settled };
}
