// Every conformance scenario, in the order they run.
import type { Scenario } from "../scenario.js";
import { defaultInventory, crossConnection } from "./shared-default.js";
import { lifecycle } from "./lifecycle.js";
import { lifecycleActions } from "./lifecycle-actions.js";
import { defineXml } from "./define-xml.js";
import { defineZoo } from "./define-zoo.js";
import { lists } from "./lists.js";
import { saveRestore } from "./save.js";
import { metadata } from "./metadata.js";
import { params } from "./params.js";
import { vcpuMemory } from "./vcpu-memory.js";
import { guest } from "./guest.js";
import { snapshotsVirsh } from "./snapshots-virsh.js";
import { snapshotsRevert } from "./snapshots-revert.js";
import { checkpointsVirsh } from "./checkpoints-virsh.js";
import { renameAutostart } from "./rename-autostart.js";
import { readonly } from "./readonly.js";
import { nodeFile } from "./node-file.js";
import { unsupported } from "./unsupported.js";
import { eventRegistrations } from "./events.js";
import { snapshotsDefs } from "./snapshots-defs.js";
import { checkpointsDefs } from "./checkpoints-defs.js";
import { defaultReset } from "./default-reset.js";

export const SCENARIOS: Scenario[] = [
  defaultInventory,
  crossConnection,
  defaultReset,
  lifecycle,
  lifecycleActions,
  defineXml,
  defineZoo,
  lists,
  saveRestore,
  metadata,
  params,
  vcpuMemory,
  guest,
  snapshotsVirsh,
  snapshotsRevert,
  snapshotsDefs,
  checkpointsVirsh,
  checkpointsDefs,
  renameAutostart,
  readonly,
  nodeFile,
  unsupported,
  eventRegistrations,
];
