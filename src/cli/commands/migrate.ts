// migrate: virsh's migrate with its flags and parameters, over Migrate3/ToURI3.
import type { CommandDef } from "../command.js";
import { DOMAIN, dom, out, readTextFile } from "../command.js";
import type { OptSpec } from "../args.js";
import { connect } from "../../api/connect.js";
import type { Connection } from "../../api/connection.js";
import type { MigrateParams, MigrateParamValue } from "../../api/domain/migrate-params.js";
import { Domain as C } from "../../protocol/generated/constants.js";
import { CliError } from "../errors.js";
import { watchJob } from "../progress.js";

const FLAGS: readonly [string, number, string][] = [
  ["live", C.MIGRATE_LIVE, "live migration"],
  ["offline", C.MIGRATE_OFFLINE, "offline migration"],
  ["p2p", C.MIGRATE_PEER2PEER, "peer-2-peer migration"],
  ["direct", 0, "direct migration"],
  ["tunnelled", C.MIGRATE_TUNNELLED, "tunnelled migration"],
  ["persistent", C.MIGRATE_PERSIST_DEST, "persist VM on destination"],
  ["undefinesource", C.MIGRATE_UNDEFINE_SOURCE, "undefine VM on source"],
  ["suspend", C.MIGRATE_PAUSED, "do not restart the domain on the destination host"],
  ["copy-storage-all", C.MIGRATE_NON_SHARED_DISK, "migration with non-shared storage with full disk copy"],
  ["copy-storage-inc", C.MIGRATE_NON_SHARED_INC, "migration with non-shared storage with incremental copy (same base image shared between source and destination)"],
  ["copy-storage-synchronous-writes", C.MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES, "force guest disk writes to be synchronously written to the destination to improve storage migration convergence"],
  ["change-protection", C.MIGRATE_CHANGE_PROTECTION, "prevent any configuration changes to domain until migration ends"],
  ["unsafe", C.MIGRATE_UNSAFE, "force migration even if it may be unsafe"],
  ["verbose", 0, "display the progress of migration"],
  ["compressed", C.MIGRATE_COMPRESSED, "compress repeated pages during live migration"],
  ["auto-converge", C.MIGRATE_AUTO_CONVERGE, "force convergence during live migration"],
  ["rdma-pin-all", C.MIGRATE_RDMA_PIN_ALL, "pin all memory before starting RDMA live migration"],
  ["abort-on-error", C.MIGRATE_ABORT_ON_ERROR, "abort on soft errors during migration"],
  ["postcopy", C.MIGRATE_POSTCOPY, "enable post-copy migration; switch to it using migrate-postcopy command"],
  ["postcopy-after-precopy", 0, "automatically switch to post-copy migration after one pass of pre-copy"],
  ["postcopy-resume", C.MIGRATE_POSTCOPY_RESUME, "resume failed post-copy migration"],
  ["zerocopy", C.MIGRATE_ZEROCOPY, "use zero-copy mechanism for migrating memory pages"],
];

// Option, parameter, kind: s string, i int, u unsigned long long, l comma list, f file contents.
const PARAMS: readonly [string, string, "s" | "i" | "u" | "l" | "f", string][] = [
  ["migrateuri", C.MIGRATE_PARAM_URI, "s", "migration URI, usually can be omitted"],
  ["graphicsuri", C.MIGRATE_PARAM_GRAPHICS_URI, "s", "graphics URI to be used for seamless graphics migration"],
  ["listen-address", C.MIGRATE_PARAM_LISTEN_ADDRESS, "s", "listen address that destination should bind to for incoming migration"],
  ["dname", C.MIGRATE_PARAM_DEST_NAME, "s", "rename to new name during migration (if supported)"],
  ["xml", C.MIGRATE_PARAM_DEST_XML, "f", "filename containing updated XML for the target"],
  ["migrate-disks", C.MIGRATE_PARAM_MIGRATE_DISKS, "l", "comma separated list of disks to be migrated"],
  ["disks-port", C.MIGRATE_PARAM_DISK_PORT, "i", "port to use by target server for incoming disks migration"],
  ["disks-uri", C.MIGRATE_PARAM_DISKS_URI, "s", "URI to use for disks migration (overrides --disks-port)"],
  ["comp-methods", C.MIGRATE_PARAM_COMPRESSION, "l", "comma separated list of compression methods to be used"],
  ["comp-mt-level", C.MIGRATE_PARAM_COMPRESSION_MT_LEVEL, "i", "compress level for multithread compression"],
  ["comp-mt-threads", C.MIGRATE_PARAM_COMPRESSION_MT_THREADS, "i", "number of compression threads for multithread compression"],
  ["comp-mt-dthreads", C.MIGRATE_PARAM_COMPRESSION_MT_DTHREADS, "i", "number of decompression threads for multithread compression"],
  ["comp-xbzrle-cache", C.MIGRATE_PARAM_COMPRESSION_XBZRLE_CACHE, "u", "page cache size for xbzrle compression"],
  ["auto-converge-initial", C.MIGRATE_PARAM_AUTO_CONVERGE_INITIAL, "i", "initial CPU throttling rate for auto-convergence"],
  ["auto-converge-increment", C.MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT, "i", "CPU throttling rate increment for auto-convergence"],
  ["persistent-xml", C.MIGRATE_PARAM_PERSIST_XML, "f", "filename containing updated persistent XML for the target"],
  ["postcopy-bandwidth", C.MIGRATE_PARAM_BANDWIDTH_POSTCOPY, "u", "post-copy migration bandwidth limit in MiB/s"],
  ["parallel-connections", C.MIGRATE_PARAM_PARALLEL_CONNECTIONS, "i", "number of connections for parallel migration"],
  ["bandwidth", C.MIGRATE_PARAM_BANDWIDTH, "u", "migration bandwidth limit in MiB/s"],
  ["tls-destination", C.MIGRATE_PARAM_TLS_DESTINATION, "s", "override the destination host name used for TLS verification"],
];

const options: OptSpec[] = [
  DOMAIN,
  { name: "desturi", type: "string", required: true, help: "connection URI of the destination host as seen from the client(normal migration) or source(p2p migration)" },
  ...FLAGS.map(([name, , help]): OptSpec => (name === "tunnelled" ? { name, type: "bool", help, aliases: ["tunneled"] } : { name, type: "bool", help })),
  { name: "timeout", type: "int", help: "run action specified by --timeout-* option (suspend by default) if live migration exceeds timeout (in seconds)" },
  { name: "timeout-suspend", type: "bool", help: "suspend the guest after timeout" },
  { name: "timeout-postcopy", type: "bool", help: "switch to post-copy after timeout" },
  { name: "tls", type: "bool", help: "use TLS for migration" },
  { name: "parallel", type: "bool", help: "enable parallel migration" },
  ...PARAMS.map(([name, , kind, help]): OptSpec => ({ name, type: kind === "i" || kind === "u" ? "int" : "string", help })),
];

export const migrate: CommandDef = {
  name: "migrate",
  group: "domain",
  help: "migrate domain to another host",
  desc: "Migrate domain to another host.  Add --live for live migration.",
  options,
  async run(ctx, a) {
    a.exclusive("live", "offline");
    a.exclusive("timeout-suspend", "timeout-postcopy");
    a.requires("postcopy-after-precopy", "postcopy");
    a.requires("postcopy-resume", "postcopy");
    a.requires("timeout-postcopy", "postcopy");
    a.requires("persistent-xml", "persistent");
    a.requires("tls-destination", "tls");
    let flags = 0;
    for (const [name, f] of FLAGS) if (a.bool(name)) flags |= f;
    if (a.bool("tls")) flags |= C.MIGRATE_TLS;
    if (a.bool("parallel")) flags |= C.MIGRATE_PARALLEL;
    if (flags & C.MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES && !(flags & (C.MIGRATE_NON_SHARED_DISK | C.MIGRATE_NON_SHARED_INC))) {
      throw new CliError("'--copy-storage-synchronous-writes' requires one of '--copy-storage-all', '--copy-storage-inc'");
    }
    const timeout = a.uint("timeout") ?? 0;
    if (timeout > 0 && !a.bool("live")) throw new CliError("migrate: Unexpected timeout for offline migration");
    if (timeout === 0 && (a.bool("timeout-suspend") || a.bool("timeout-postcopy"))) {
      throw new CliError("migrate: Unexpected --timeout-* option without --timeout");
    }
    const params: Record<string, MigrateParamValue> = {};
    for (const [opt, field, kind] of PARAMS) {
      const v = a.str(opt);
      if (v === undefined) continue;
      if (kind === "s") params[field] = v;
      else if (kind === "i") params[field] = a.int(opt) as number;
      else if (kind === "u") params[field] = a.ull(opt) as bigint;
      else if (kind === "l") params[field] = v.split(",");
      else params[field] = await readTextFile(v);
    }
    if (params[C.MIGRATE_PARAM_MIGRATE_DISKS] !== undefined && !(flags & (C.MIGRATE_NON_SHARED_DISK | C.MIGRATE_NON_SHARED_INC))) {
      throw new CliError("'--migrate-disks' requires one of '--copy-storage-all', '--copy-storage-inc'");
    }
    const d = await dom(ctx, a);
    const desturi = a.req("desturi");
    const direct = (flags & C.MIGRATE_PEER2PEER) !== 0 || a.bool("direct");
    let dconn: Connection | null = null;
    try {
      let work: Promise<unknown>;
      if (direct) {
        work = d.migrateToUri(desturi, params as MigrateParams, flags, ctx.call);
      } else {
        // Normal migration: the client talks to both hosts.
        dconn = await connect(desturi, { signal: ctx.signal }).catch((err: unknown) => {
          throw new CliError("failed to connect to the hypervisor", { cause: err });
        });
        work = d.migrate(dconn, params as MigrateParams, flags, ctx.call);
      }
      // --timeout: suspend the guest (or switch to post-copy) when it runs long.
      let timer: NodeJS.Timeout | null = null;
      if (timeout > 0) {
        timer = setTimeout(() => {
          const act = a.bool("timeout-postcopy") ? d.migrateStartPostCopy(0, { timeout: 5000 }) : d.suspend({ timeout: 5000 });
          act.catch(() => undefined);
        }, timeout * 1000);
      }
      // --postcopy-after-precopy: switch once the first pass is done.
      let iterId: number | null = null;
      if (a.bool("postcopy-after-precopy")) {
        iterId = await d.conn.domainEventRegisterAny(d, 20, (_dom, ev) => {
          if (ev.iteration === 2) d.migrateStartPostCopy(0, { timeout: 5000 }).catch(() => undefined);
        });
      }
      try {
        await watchJob(ctx, work, { label: "Migration", verbose: a.bool("verbose"), domain: d });
      } finally {
        if (timer) clearTimeout(timer);
        if (iterId !== null) await d.conn.domainEventDeregisterAny(iterId, { timeout: 2000 }).catch(() => undefined);
      }
    } finally {
      if (dconn) await dconn.close({ timeout: 2000 }).catch(() => undefined);
    }
    return out({ name: d.getName(), desturi, migrated: true }, "");
  },
};
