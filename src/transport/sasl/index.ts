export { SaslError, type SaslClientMechanism, type SaslCredentials, type SecurityLayer } from "./mechanism.js";
export { chooseMechanism, parseMechList, SUPPORTED_MECHANISMS, MIN_SSF_INSECURE, type MechanismChoice, type ChooseOptions } from "./choose.js";
export { saslLayerTransport, SaslLayerStream } from "./layer-transport.js";
export { ScramMechanism } from "./scram.js";
export { DigestMd5Mechanism } from "./digest-md5.js";
export { DigestConfLayer } from "./digest-layer.js";
export { PlainMechanism } from "./plain.js";
export { Rc4 } from "./rc4.js";
