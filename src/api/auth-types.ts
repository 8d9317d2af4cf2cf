// Credentials for SASL authentication (connect(uri, { auth })).

/** A username and/or password; either may be left for the next source to fill. */
export interface AuthCredentials {
  username?: string;
  password?: string;
}

/** What an auth callback is asked for. */
export interface AuthRequest {
  /** Host from the URI ("localhost" without one): the key libvirt's auth file uses. */
  readonly host: string;
  /** The SASL mechanism about to run (SCRAM-SHA-256, DIGEST-MD5, ...). */
  readonly mechanism: string;
  /** What is still missing after `auth` values and the auth file. */
  readonly need: ReadonlyArray<"username" | "password">;
  /** The URI's user, if it named one. */
  readonly defaultUsername: string | null;
}

/** Asked once per SASL authentication for what is still missing; may prompt the user. */
export type AuthCallback = (req: AuthRequest) => AuthCredentials | Promise<AuthCredentials>;

/**
 * `connect(uri, { auth })`: fixed credentials (used before libvirt's auth
 * file), or a callback asked after the auth file, as libvirt asks its
 * virConnectAuth callback for what the file did not provide.
 */
export type AuthOption = AuthCredentials | AuthCallback;
