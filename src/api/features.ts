// One import per file that adds methods to Connection.prototype (or Domain's).
import "./conn-domains.js";
import "./domain/features.js";
