import { Domain as DomainClass } from "./handle.js";
import { Domain as DomainConstants } from "../../protocol/generated/constants.js";
// Feature files add their methods to Domain.prototype when imported.
import "./features.js";

/** Domain with Sys::Virt::Domain's constants as static members (Domain.STATE_RUNNING, ...). */
export const Domain = Object.assign(DomainClass, DomainConstants);
export type Domain = DomainClass;
