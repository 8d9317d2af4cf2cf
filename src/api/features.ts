// One import per file that adds methods to Connection.prototype (or Domain's).
import "./conn-domains.js";
import "./domain/features.js";
import "./conn-domain-lists.js";
import "./conn-save.js";
import "./conn-native.js";
import "./conn-domain-stats.js";
import "./conn-node.js";
import "./events.js";
