/** Public shapes of the emulator. Re-exported by index.ts; nothing in src/ may import them. */

export interface RateLimit {
  /** Sustained rate of the token bucket. */
  requestsPerSecond: number;
  /** Bucket size; defaults to requestsPerSecond (at least 1). */
  burst?: number;
  /** When set, throttled portal responses carry `Retry-After: <this>`. */
  retryAfterSeconds?: number;
}

export interface EmulatorOptions {
  /** Lifetime of refreshable access tokens (client registered with sso:account:access). */
  accessTokenTtlSeconds?: number;
  /** roleCredentials.expiration = now + this (sent as epoch milliseconds). */
  credentialsTtlSeconds?: number;
  /**
   * When set, an AssumeRole's credentials expire after this many seconds if that is sooner than
   * the DurationSeconds asked for (at least 900 s): a test of tools that renew chained credentials
   * need not wait 15 minutes per expiry. The answer's Expiration says the shorter lifetime, as
   * GetRoleCredentials' does with credentialsTtlSeconds. (Extension.)
   */
  assumedRoleTtlSeconds?: number;
  registrationTtlSeconds?: number;
  deviceCodeTtlSeconds?: number;
  /** The `interval` StartDeviceAuthorization returns and CreateToken enforces (slow_down). */
  deviceInterval?: number;
  /**
   * How much each slow_down adds to the interval the emulator enforces for that device code.
   * RFC 8628 says 5 s; tests may shrink it so they do not wait. (Extension of the brief.)
   */
  slowDownIncrementSeconds?: number;
  /** A refresh_token grant returns a new refresh token and revokes the old one. */
  rotateRefreshTokens?: boolean;
  accounts?: AccountSpec[];
  /** Who may sign in on the emulator's pages (/authorize, /device); default DEFAULT_USERS. */
  users?: EmulatorUser[];
  /** Lifetime of an authorization code from /authorize (default 300). */
  authorizationCodeTtlSeconds?: number;
  /**
   * Seeds this many generated accounts (`generateAccounts`: 1-3 roles each) instead of the two
   * default ones; `accounts`, when given too, are added after them. (Extension.)
   */
  accountCount?: number;
  /**
   * Roles STS AssumeRole may assume (extension: STS is not IAM Identity Center, but role
   * chaining starts from its credentials); default DEFAULT_ASSUMABLE_ROLES.
   */
  assumableRoles?: AssumableRoleSpec[];
  /** Token bucket over every portal and OIDC API request; control endpoints are exempt. */
  rateLimit?: RateLimit;
  /** Added to every API response. */
  latencyMs?: number;
  /** 0 = ephemeral. The emulator always binds 127.0.0.1. */
  port?: number;
}

/** A role STS AssumeRole can assume, and who its trust policy trusts. */
export interface AssumableRoleSpec {
  /** arn:aws:iam::ACCOUNT:role/[PATH/]NAME */
  roleArn: string;
  /**
   * `ACCOUNT/PERMISSION_SET` pairs whose IAM Identity Center credentials the trust policy trusts;
   * absent: every credential the emulator issued (assumed-role sessions included).
   */
  trustedPermissionSets?: string[];
  /** When set, AssumeRole must send this ExternalId (the sts:ExternalId condition). */
  externalId?: string;
}

/** One AssumeRole request STS accepted, for tests to check what reached it. */
export interface AssumeRoleRecord {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  externalId?: string;
  policy?: string;
  policyArns: string[];
  /** The session that signed the request: arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION. */
  callerArn: string;
  region: string;
  accessKeyId: string;
}

/** A person who can sign in on the emulator's pages. */
export interface EmulatorUser {
  username: string;
  password: string;
}

export interface AccountSpec {
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: string[];
}

/** What a completed device-flow login would leave behind, created without HTTP. */
export interface SeededSession {
  startUrl: string;
  region: string;
  clientId: string;
  clientSecret: string;
  registrationExpiresAt: Date;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken?: string;
}

export type Fault =
  | {
      kind: 'status';
      status: number;
      errorType?: string;
      message?: string;
      /** Retry-After header value (seconds or HTTP date). */
      retryAfter?: string;
      /** x-amz-retry-after header value, milliseconds. */
      amzRetryAfterMs?: number;
    }
  /** Destroys the socket without a response (ECONNRESET on the client). */
  | { kind: 'reset' }
  /** Accepts the request and never answers, until stop(). */
  | { kind: 'hang' }
  /** 200 (default) with a non-JSON or schema-wrong body; default body '{"roleCredentials":'. */
  | { kind: 'malformed'; body?: string; status?: number }
  /** Delays, then answers normally. */
  | { kind: 'latency'; ms: number }
  /**
   * Serves the request (a refresh rotates the token), then drops the answer: resets the
   * connection (default) or never sends it. The client cannot tell whether it was served.
   */
  | { kind: 'lost-answer'; ending?: 'reset' | 'hang' };

export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON, or the raw string when it does not parse, or undefined when empty. */
  body: unknown;
  /** 0 while the request is still being answered. */
  status: number | 'reset' | 'hang';
  errorType?: string;
  faulted: boolean;
  throttled: boolean;
}
