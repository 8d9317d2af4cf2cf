import type { SaslClientMechanism, SaslCredentials, SecurityLayer } from "./mechanism.js";

/** PLAIN (RFC 4616): one message, authzid empty. Only for links already private (TLS). */
export class PlainMechanism implements SaslClientMechanism {
  readonly name = "PLAIN";
  private done = false;

  constructor(private readonly creds: SaslCredentials) {}

  get complete(): boolean {
    return this.done;
  }

  async start(): Promise<Buffer> {
    this.done = true;
    return Buffer.concat([
      Buffer.from([0]),
      Buffer.from(this.creds.username, "utf8"),
      Buffer.from([0]),
      Buffer.from(this.creds.password, "utf8"),
    ]);
  }

  async step(_challenge: Buffer | null): Promise<Buffer | null> {
    // Nothing more to say: the server only reports success or failure.
    return null;
  }

  securityLayer(): SecurityLayer | null {
    return null;
  }
}
