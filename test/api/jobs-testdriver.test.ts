// Job progress and abort against the test driver (through libvirtd): NO_SUPPORT.
import { test } from "node:test";
import { nodeDomain, rejectsVirt, unsupported } from "./jobs-node.js";

const node = nodeDomain("job1");

test("getJobInfo, getJobStats: NO_SUPPORT from the test driver", async (t) => {
  if (!(await node.live(t))) return;
  await rejectsVirt(node.dom.getJobInfo(), 3, 20, unsupported("virDomainGetJobInfo"));
  await rejectsVirt(node.dom.getJobStats(), 3, 20, unsupported("virDomainGetJobStats"));
  await rejectsVirt(node.dom.getJobStats(1), 3, 20, unsupported("virDomainGetJobStats"));
});

test("abortJob: flags 0 -> ABORT_JOB, flags -> ABORT_JOB_FLAGS (libvirt 8.5+), both NO_SUPPORT here", async (t) => {
  if (!(await node.live(t))) return;
  await rejectsVirt(node.dom.abortJob(), 3, 20, unsupported("virDomainAbortJob"));
  await rejectsVirt(node.dom.abortJob(1), 3, 20, unsupported("virDomainAbortJobFlags"));
});
