// Migration against the test driver (through libvirtd). The driver supports
// no migration feature, so libvirt's client (and ours) stops after probing
// with a local error, while the tuning calls are answered NO_SUPPORT by the
// daemon itself.
import { test, before, after } from "node:test";
import { connect, Domain, type Connection } from "../../src/index.js";
import { liveTargetAsync, requireLiveAsync } from "../helpers/live.js";
import { privateNode, rejectsVirt, unsupported, type PrivateNode } from "./jobs-node.js";

let node: PrivateNode | undefined;
let conn: Connection | undefined;
let dest: Connection | undefined;
let dom: Domain;

before(async () => {
  if (!(await liveTargetAsync("test-unix"))) return;
  node = privateNode("mig1");
  conn = await connect(`test+unix://${node.file}`);
  dest = await connect(`test+unix://${node.file}`);
  dom = await conn.getDomainByName("mig1");
});

after(async () => {
  await conn?.close();
  await dest?.close();
  node?.remove();
});

async function live(t: { skip(m?: string): void }): Promise<boolean> {
  return (await requireLiveAsync(t, "test-unix")) !== undefined && conn !== undefined;
}

test("migration tuning calls: NO_SUPPORT from the daemon", async (t) => {
  if (!(await live(t))) return;
  await rejectsVirt(dom.migrateSetMaxDowntime(300), 3, 20, unsupported("virDomainMigrateSetMaxDowntime"));
  await rejectsVirt(dom.migrateGetMaxDowntime(), 3, 20, unsupported("virDomainMigrateGetMaxDowntime"));
  await rejectsVirt(dom.migrateSetMaxSpeed(100), 3, 20, unsupported("virDomainMigrateSetMaxSpeed"));
  await rejectsVirt(dom.migrateGetMaxSpeed(), 3, 20, unsupported("virDomainMigrateGetMaxSpeed"));
  await rejectsVirt(dom.migrateSetCompressionCache(1n << 26n), 3, 20, unsupported("virDomainMigrateSetCompressionCache"));
  await rejectsVirt(dom.migrateGetCompressionCache(), 3, 20, unsupported("virDomainMigrateGetCompressionCache"));
  await rejectsVirt(dom.migrateStartPostCopy(), 3, 20, unsupported("virDomainMigrateStartPostCopy"));
});

test("migrate and migrate2 (client-driven): the same errors as libvirt's client", async (t) => {
  if (!(await live(t)) || !dest) return;
  await rejectsVirt(dom.migrate(dest, {}, 0), 3, 20, unsupported("virDomainMigrate3"));
  await rejectsVirt(dom.migrate(dest, Domain.MIGRATE_LIVE, "mig2", null, 10), 3, 20, unsupported("virDomainMigrate3"));
  await rejectsVirt(dom.migrate2(dest, null, 0), 3, 20, unsupported("virDomainMigrate3"));
  await rejectsVirt(
    dom.migrate(dest, { [Domain.MIGRATE_PARAM_LISTEN_ADDRESS]: "0.0.0.0" }, 0),
    74,
    20,
    "argument unsupported: Migration APIs with extensible parameters are not supported but extended parameters were passed",
  );
  await rejectsVirt(dom.migrate(dest, {}, Domain.MIGRATE_OFFLINE), 74, 20, "argument unsupported: offline migration is not supported by the source host");
  await rejectsVirt(dom.migrate(dest, {}, Domain.MIGRATE_CHANGE_PROTECTION), 74, 20, "argument unsupported: cannot enforce change protection");
  await rejectsVirt(dom.migrate(dest, {}, Domain.MIGRATE_PEER2PEER), 74, 20, "argument unsupported: p2p migration is not supported by the source host");
});

test("migrateToUri and migrateToUri2 (source-driven): the same errors as libvirt's client", async (t) => {
  if (!(await live(t))) return;
  const p2p = "argument unsupported: p2p migration is not supported by the source host";
  const direct = "argument unsupported: direct migration is not supported by the source host";
  await rejectsVirt(dom.migrateToUri("test+tcp://otherhost/default", {}, Domain.MIGRATE_PEER2PEER), 74, 20, p2p);
  await rejectsVirt(dom.migrateToUri(null, { [Domain.MIGRATE_PARAM_URI]: "tcp://otherhost" }, 0), 74, 20, direct);
  await rejectsVirt(dom.migrateToUri("test+tcp://otherhost/default", Domain.MIGRATE_PEER2PEER, null, 0), 74, 20, p2p);
  await rejectsVirt(dom.migrateToUri2(null, null, null, Domain.MIGRATE_PEER2PEER), 74, 20, p2p);
  await rejectsVirt(dom.migrateToUri("x", {}, Domain.MIGRATE_OFFLINE), 74, 20, "argument unsupported: offline migration is not supported by the source host");
});
