// One import per feature file; each adds methods to Domain.prototype.
import "./info.js";
