import { SaslError, type SaslClientMechanism, type SaslCredentials } from "./mechanism.js";
import { PlainMechanism } from "./plain.js";
import { ScramMechanism } from "./scram.js";
import { DigestMd5Mechanism } from "./digest-md5.js";

/** Mechanisms virtwire implements, in the order it prefers them. */
export const SUPPORTED_MECHANISMS = ["SCRAM-SHA-256", "SCRAM-SHA-1", "DIGEST-MD5", "PLAIN"] as const;
/** Mechanisms that can give plain TCP a security layer. */
const WITH_LAYER = new Set(["DIGEST-MD5"]);
/** libvirt's client demands at least this SSF on links that are not already private. */
export const MIN_SSF_INSECURE = 56;

export interface MechanismChoice {
  /** The mechanism the client will use. */
  readonly name: string;
  /** Build it once credentials are known. */
  create(creds: SaslCredentials): SaslClientMechanism;
}

export interface ChooseOptions {
  /** The server's list from AUTH_SASL_INIT (comma or space separated). */
  serverList: string;
  /** `?auth=sasl.MECH`: this mechanism only (names are case-sensitive, as in libvirt). */
  wanted?: string | undefined;
  /** The link is already private (TLS, unix socket, SSH): no SASL layer wanted. */
  secure: boolean;
  /** Service and host for DIGEST-MD5's digest-uri. */
  service: string;
  host: string;
}

export function parseMechList(list: string): string[] {
  return list.split(/[\s,]+/).filter((m) => m.length > 0);
}

/**
 * Pick a mechanism as libvirt's client does: on a private link any we
 * implement (strongest first); on plain TCP only one with a security layer
 * of SSF >= 56, because the traffic would otherwise travel in clear.
 */
export function chooseMechanism(o: ChooseOptions): MechanismChoice {
  const offered = parseMechList(o.serverList);
  let candidates: string[];
  if (o.wanted !== undefined) {
    if (!offered.includes(o.wanted)) throw new SaslError(`SASL mechanism ${o.wanted} not supported by server`);
    if (!(SUPPORTED_MECHANISMS as readonly string[]).includes(o.wanted)) {
      throw new SaslError(`SASL mechanism ${o.wanted} is not implemented by virtwire (it has ${SUPPORTED_MECHANISMS.join(", ")})`);
    }
    if (!o.secure && !WITH_LAYER.has(o.wanted)) {
      throw new SaslError(
        `SASL mechanism ${o.wanted} gives no security layer, and this link is not encrypted (SSF ${MIN_SSF_INSECURE} needed)`,
      );
    }
    candidates = [o.wanted];
  } else {
    candidates = SUPPORTED_MECHANISMS.filter((m) => offered.includes(m) && (o.secure || WITH_LAYER.has(m)));
  }
  const name = candidates[0];
  if (name === undefined) {
    throw new SaslError(
      `no usable SASL mechanism: the server offers ${offered.join(", ") || "none"}; ` +
        (o.secure ? `virtwire has ${SUPPORTED_MECHANISMS.join(", ")}` : `on an unencrypted link only DIGEST-MD5 (with its security layer) will do`),
    );
  }
  const minSsf = o.secure ? 0 : MIN_SSF_INSECURE;
  const maxSsf = o.secure ? 0 : 100000;
  return {
    name,
    create(creds: SaslCredentials): SaslClientMechanism {
      switch (name) {
        case "SCRAM-SHA-256":
          return new ScramMechanism("sha256", creds);
        case "SCRAM-SHA-1":
          return new ScramMechanism("sha1", creds);
        case "DIGEST-MD5":
          return new DigestMd5Mechanism(creds, { service: o.service, host: o.host, minSsf, maxSsf });
        default:
          return new PlainMechanism(creds);
      }
    },
  };
}
