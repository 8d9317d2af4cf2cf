// Job progress and abort against the test driver (through libvirtd): NO_SUPPORT.
import { test, before, after } from "node:test";
import { connect, type Connection, type Domain } from "../../src/index.js";
import { liveTargetAsync, requireLiveAsync } from "../helpers/live.js";
import { privateNode, rejectsVirt, unsupported, type PrivateNode } from "./jobs-node.js";

let node: PrivateNode | undefined;
let conn: Connection | undefined;
let dom: Domain;

before(async () => {
  // No daemon: conn stays undefined and each test skips (or fails under CI).
  if (!(await liveTargetAsync("test-unix"))) return;
  node = privateNode("job1");
  conn = await connect(`test+unix://${node.file}`);
  dom = await conn.getDomainByName("job1");
});

after(async () => {
  await conn?.close();
  node?.remove();
});

test("getJobInfo, getJobStats: NO_SUPPORT from the test driver", async (t) => {
  if ((await requireLiveAsync(t, "test-unix")) === undefined || !conn) return;
  await rejectsVirt(dom.getJobInfo(), 3, 20, unsupported("virDomainGetJobInfo"));
  await rejectsVirt(dom.getJobStats(), 3, 20, unsupported("virDomainGetJobStats"));
  await rejectsVirt(dom.getJobStats(1), 3, 20, unsupported("virDomainGetJobStats"));
});

test("abortJob: flags 0 -> ABORT_JOB, flags -> ABORT_JOB_FLAGS (libvirt 8.5+), both NO_SUPPORT here", async (t) => {
  if ((await requireLiveAsync(t, "test-unix")) === undefined || !conn) return;
  await rejectsVirt(dom.abortJob(), 3, 20, unsupported("virDomainAbortJob"));
  await rejectsVirt(dom.abortJob(1), 3, 20, unsupported("virDomainAbortJobFlags"));
});
