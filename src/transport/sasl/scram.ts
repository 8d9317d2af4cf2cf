import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { SaslError, type SaslClientMechanism, type SaslCredentials, type SecurityLayer } from "./mechanism.js";

const pbkdf2Async = promisify(pbkdf2);

// The GS2 header for "no channel binding, no authzid"; its base64 is "biws".
const GS2_HEADER = "n,,";
// A server asking for more rounds than this is refusing service, not protecting a password.
const MAX_ITERATIONS = 1_000_000;

type Hash = "sha1" | "sha256";

/** saslname escaping of RFC 5802: "=" and "," may not appear bare. */
function saslName(s: string): string {
  return s.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

/** Split "k=v,k=v" into a map; values may contain "=". */
function attributes(msg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of msg.split(",")) {
    if (part.length < 2 || part[1] !== "=") throw new SaslError(`malformed SCRAM message from server`);
    out.set(part[0]!, part.slice(2));
  }
  return out;
}

/**
 * SCRAM-SHA-1 / SCRAM-SHA-256 (RFC 5802, RFC 7677), client side, without
 * channel binding. The password is used as UTF-8 without SASLprep, as
 * Cyrus SASL (libvirtd's SASL library) does.
 */
export class ScramMechanism implements SaslClientMechanism {
  readonly name: string;
  private readonly hash: Hash;
  private readonly digestLen: number;
  private readonly clientNonce: string;
  private clientFirstBare = "";
  private serverSignature: Buffer | null = null;
  private state: "initial" | "sent-first" | "sent-final" | "done" = "initial";

  constructor(
    hash: Hash,
    private readonly creds: SaslCredentials,
    nonce?: string,
  ) {
    this.hash = hash;
    this.name = hash === "sha1" ? "SCRAM-SHA-1" : "SCRAM-SHA-256";
    this.digestLen = hash === "sha1" ? 20 : 32;
    this.clientNonce = nonce ?? randomBytes(24).toString("base64");
  }

  get complete(): boolean {
    return this.state === "done";
  }

  async start(): Promise<Buffer> {
    this.clientFirstBare = `n=${saslName(this.creds.username)},r=${this.clientNonce}`;
    this.state = "sent-first";
    return Buffer.from(GS2_HEADER + this.clientFirstBare, "utf8");
  }

  async step(challenge: Buffer | null): Promise<Buffer | null> {
    if (this.state === "sent-first") return this.clientFinal(challenge);
    if (this.state === "sent-final") {
      this.verifyServerFinal(challenge);
      this.state = "done";
      return null;
    }
    if (this.state === "done") return null;
    throw new SaslError("SCRAM step before start");
  }

  securityLayer(): SecurityLayer | null {
    return null;
  }

  private async clientFinal(challenge: Buffer | null): Promise<Buffer> {
    if (!challenge) throw new SaslError("SCRAM server sent no challenge");
    const serverFirst = challenge.toString("utf8");
    const a = attributes(serverFirst);
    const nonce = a.get("r");
    const saltB64 = a.get("s");
    const iterText = a.get("i");
    if (a.has("m")) throw new SaslError("SCRAM server requires an extension we do not know");
    if (!nonce || saltB64 === undefined || !iterText) throw new SaslError("SCRAM server-first message lacks r, s or i");
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length) {
      throw new SaslError("SCRAM server nonce does not extend ours");
    }
    const iterations = Number(iterText);
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new SaslError(`SCRAM iteration count ${iterText} out of range`);
    }
    const salt = Buffer.from(saltB64, "base64");
    const salted = await pbkdf2Async(Buffer.from(this.creds.password, "utf8"), salt, iterations, this.digestLen, this.hash);
    const clientKey = this.hmac(salted, "Client Key");
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const withoutProof = `c=${Buffer.from(GS2_HEADER).toString("base64")},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = this.hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ clientSignature[i]!;
    this.serverSignature = this.hmac(this.hmac(salted, "Server Key"), authMessage);
    this.state = "sent-final";
    return Buffer.from(`${withoutProof},p=${proof.toString("base64")}`, "utf8");
  }

  private verifyServerFinal(challenge: Buffer | null): void {
    if (!challenge) throw new SaslError("SCRAM server sent no final message");
    const a = attributes(challenge.toString("utf8"));
    const err = a.get("e");
    if (err !== undefined) throw new SaslError(`SCRAM server reported: ${err}`);
    const v = a.get("v");
    const expected = this.serverSignature!;
    const got = v === undefined ? Buffer.alloc(0) : Buffer.from(v, "base64");
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      throw new SaslError("SCRAM server signature does not match: the server does not know the password");
    }
  }

  private hmac(key: Buffer, data: string): Buffer {
    return createHmac(this.hash, key).update(data, "utf8").digest();
  }
}
