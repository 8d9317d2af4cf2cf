import { randomBytes, timingSafeEqual } from "node:crypto";
import { SaslError, type SaslClientMechanism, type SaslCredentials, type SecurityLayer } from "./mechanism.js";
import { parseDirectives, quote, tokens } from "./digest-parse.js";
import { DigestConfLayer, RC4_CIPHERS, md5 } from "./digest-layer.js";

/** Largest packet we accept, announced as maxbuf (libvirt's client uses the same 64 KiB). */
export const OWN_MAXBUF = 65536;
const DEFAULT_MAXBUF = 65536;
// Strongest first: the layer asked for takes the best the server offers.
const CIPHER_PREFERENCE = ["rc4", "rc4-56", "rc4-40"];

export interface DigestOptions {
  /** Service name in digest-uri (libvirt: "libvirt"). */
  service: string;
  /** Host name in digest-uri (the URI's host). */
  host: string;
  /** Smallest acceptable SSF: above 0 demands a confidentiality layer. */
  minSsf: number;
  /** Largest wanted SSF: 0 asks for authentication only. */
  maxSsf: number;
  /** Fixed cnonce, for tests. */
  cnonce?: string;
}

/**
 * Text for H(username:realm:password): ISO-8859-1 bytes when every
 * character fits, UTF-8 otherwise (RFC 2831 2.1.2.1, as Cyrus does).
 */
function hashText(s: string): Buffer {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return Buffer.from(s, "utf8");
  return Buffer.from(s, "latin1");
}

/** DIGEST-MD5 (RFC 2831), client side, with the RC4 confidentiality layer. */
export class DigestMd5Mechanism implements SaslClientMechanism {
  readonly name = "DIGEST-MD5";
  private state: "initial" | "started" | "sent-response" | "done" = "initial";
  private expectedRspauth = "";
  private layer: SecurityLayer | null = null;
  private pendingLayer: (() => SecurityLayer) | null = null;

  constructor(
    private readonly creds: SaslCredentials,
    private readonly opts: DigestOptions,
  ) {}

  get complete(): boolean {
    return this.state === "done";
  }

  async start(): Promise<null> {
    // The server speaks first.
    this.state = "started";
    return null;
  }

  async step(challenge: Buffer | null): Promise<Buffer | null> {
    switch (this.state) {
      case "started":
        return this.respond(challenge);
      case "sent-response":
        this.checkRspauth(challenge);
        this.state = "done";
        this.layer = this.pendingLayer ? this.pendingLayer() : null;
        return null;
      case "done":
        return null;
      default:
        throw new SaslError("DIGEST-MD5 step before start");
    }
  }

  securityLayer(): SecurityLayer | null {
    return this.layer;
  }

  private respond(challenge: Buffer | null): Buffer {
    if (!challenge || challenge.length === 0) throw new SaslError("DIGEST-MD5 server sent no challenge");
    const d = parseDirectives(challenge.toString("utf8"));
    const one = (k: string): string | undefined => d.get(k)?.[0];
    const nonce = one("nonce");
    if (!nonce) throw new SaslError("DIGEST-MD5 challenge has no nonce");
    if ((one("algorithm") ?? "").toLowerCase() !== "md5-sess") {
      throw new SaslError("DIGEST-MD5 challenge lacks algorithm=md5-sess");
    }
    const qops = tokens(one("qop") ?? "auth");
    const utf8 = (one("charset") ?? "").toLowerCase() === "utf-8";
    const peerMaxbuf = Number(one("maxbuf") ?? DEFAULT_MAXBUF);
    if (!Number.isInteger(peerMaxbuf) || peerMaxbuf < 64) throw new SaslError("DIGEST-MD5 challenge has a bad maxbuf");
    const realm = d.get("realm")?.[0] ?? "";

    let qop: string;
    let cipher: string | null = null;
    if (this.opts.maxSsf > 0 && qops.includes("auth-conf")) {
      const offered = tokens(one("cipher"));
      cipher =
        CIPHER_PREFERENCE.find(
          (c) => offered.includes(c) && RC4_CIPHERS[c]!.ssf >= this.opts.minSsf && RC4_CIPHERS[c]!.ssf <= this.opts.maxSsf,
        ) ?? null;
      qop = "auth-conf";
    } else {
      qop = "auth";
    }
    if (this.opts.minSsf > 0 && !cipher) {
      throw new SaslError(
        `DIGEST-MD5: the server offers no cipher with SSF >= ${this.opts.minSsf} that virtwire implements (it offers ${one("cipher") ?? "none"})`,
      );
    }
    if (qop === "auth" && !qops.includes("auth")) throw new SaslError("DIGEST-MD5: the server does not offer qop=auth");

    const cnonce = this.opts.cnonce ?? randomBytes(24).toString("base64");
    const nc = "00000001";
    const digestUri = `${this.opts.service}/${this.opts.host}`;
    const { username, password } = this.creds;
    const secret = md5(hashText(username), ":", hashText(realm), ":", hashText(password));
    const ha1 = md5(secret, `:${nonce}:${cnonce}`);
    const hexHa1 = ha1.toString("hex");
    const a2Suffix = qop === "auth" ? "" : ":00000000000000000000000000000000";
    const kd = (a2: string): string =>
      md5(`${hexHa1}:${nonce}:${nc}:${cnonce}:${qop}:${md5(a2 + a2Suffix).toString("hex")}`).toString("hex");
    const response = kd(`AUTHENTICATE:${digestUri}`);
    this.expectedRspauth = kd(`:${digestUri}`);

    const fields = [
      ...(utf8 ? ["charset=utf-8"] : []),
      `username=${quote(username)}`,
      `realm=${quote(realm)}`,
      `nonce=${quote(nonce)}`,
      `nc=${nc}`,
      `cnonce=${quote(cnonce)}`,
      `digest-uri=${quote(digestUri)}`,
      ...(OWN_MAXBUF !== DEFAULT_MAXBUF ? [`maxbuf=${OWN_MAXBUF}`] : []),
      `response=${response}`,
      `qop=${qop}`,
      ...(cipher ? [`cipher=${cipher}`] : []),
    ];
    if (cipher) {
      const c = cipher;
      this.pendingLayer = () => new DigestConfLayer(c, ha1, peerMaxbuf, OWN_MAXBUF);
    }
    this.state = "sent-response";
    return Buffer.from(fields.join(","), utf8 ? "utf8" : "latin1");
  }

  private checkRspauth(challenge: Buffer | null): void {
    if (!challenge) throw new SaslError("DIGEST-MD5 server sent no rspauth");
    const got = parseDirectives(challenge.toString("utf8")).get("rspauth")?.[0] ?? "";
    const a = Buffer.from(got.toLowerCase());
    const b = Buffer.from(this.expectedRspauth);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new SaslError("DIGEST-MD5 server proof (rspauth) is wrong: the server does not know the password");
    }
  }
}
