// Which remote_typed_param_value arm (i, ui, l, ul, d, b, s) carries each
// VIR_TYPED_PARAM_* type, read from the generated REMOTE type table so the
// protocol stays the only place that says it.
import { REMOTE } from "./generated/remote.js";

function typedParamArms(): Readonly<Record<number, string>> {
  const u = REMOTE.types["remote_typed_param_value"];
  if (typeof u !== "object" || u.t !== "union") throw new Error("remote_typed_param_value is not a union");
  const out: Record<number, string> = {};
  for (const [type, arm] of Object.entries(u.arms)) if (arm) out[Number(type)] = arm[0];
  return out;
}

export const TYPED_PARAM_ARMS = typedParamArms();
