// Every REMOTE procedure the embedded test hypervisor implements.
import type { HandlerTable } from "./types.js";
import { connectHandlers } from "./connect.js";
import { domainLifecycleHandlers } from "./domain-lifecycle.js";
import { domainTuningHandlers } from "./domain-tuning.js";
import { domainGuestHandlers } from "./domain-guest.js";
import { momentHandlers } from "./moments.js";
import { eventHandlers } from "./events.js";

export const HANDLERS: HandlerTable = {
  ...connectHandlers,
  ...domainLifecycleHandlers,
  ...domainTuningHandlers,
  ...domainGuestHandlers,
  ...momentHandlers,
  ...eventHandlers,
};

export type { CallContext, ConnState, HandlerTable } from "./types.js";
