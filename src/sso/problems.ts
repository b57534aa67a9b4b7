/**
 * What went wrong in the IAM Identity Center core, as data. The core never phrases advice in a
 * front end's words (an action input, a CLI flag); each front end turns a Problem into its own
 * sentence with describeProblem and its Vocabulary.
 */

/** The API calls the core makes. */
export type Operation =
  | 'CreateToken'
  | 'GetRoleCredentials'
  | 'ListAccounts'
  | 'ListAccountRoles'
  | 'RegisterClient'
  | 'StartDeviceAuthorization';

/**
 * Why the last attempt of a call failed, in fields that are safe to print: a response body is
 * never kept (a half-sent one can hold credentials, and JSON.parse's messages quote it).
 */
export type Cause =
  /** The answer could not be used. `detail` (ours) says which members were missing; without it the body did not parse. */
  | { readonly kind: 'malformed-response'; readonly status?: number; readonly detail?: string }
  /** HTTP 407 from a forward proxy: its credentials were refused. Its body is the proxy's, not AWS's. */
  | { readonly kind: 'proxy-refused' }
  /** A service error (status, name, the service's one-line message) or a network error (code). */
  | {
      readonly kind: 'error';
      readonly status?: number;
      readonly name?: string;
      readonly code?: string;
      /** The host a network error says could not be reached (Node's `hostname` or `address`). */
      readonly host?: string;
      /** One line, at most 300 characters. */
      readonly message?: string;
    };

/** What is wrong with a session document (the AWS CLI SSO token cache JSON). Never its text. */
export type SessionDefect =
  | { readonly kind: 'not-json' }
  | { readonly kind: 'not-an-object' }
  | { readonly kind: 'not-a-string'; readonly member: string }
  | { readonly kind: 'not-a-timestamp'; readonly member: string }
  | { readonly kind: 'access-token-without-expiry' }
  | { readonly kind: 'incomplete-refresh'; readonly missing: readonly string[] }
  | { readonly kind: 'no-token' };

export type Problem =
  /** 401 UnauthorizedException: the access token expired early or was revoked. */
  | {
      readonly kind: 'access-token-rejected';
      readonly operation: Operation;
      /** True when the token had just been minted with the refresh token; unknown when absent. */
      readonly justRefreshed?: boolean;
    }
  /** 403 ForbiddenException. With a role: the user is not assigned that permission set there. */
  | {
      readonly kind: 'no-access';
      readonly operation: Operation;
      readonly status: number;
      readonly accountId?: string;
      readonly roleName?: string;
    }
  /** 404 ResourceNotFoundException. */
  | {
      readonly kind: 'not-found';
      readonly operation: Operation;
      readonly accountId?: string;
      readonly roleName?: string;
    }
  /** invalid_grant on the refresh_token grant: expired, revoked, or rotated away. */
  | {
      readonly kind: 'refresh-token-refused';
      readonly operation: Operation;
      /** An earlier attempt got no answer, so it may have used (and rotated away) the token. */
      readonly afterAmbiguousAttempt?: boolean;
    }
  /** invalid_client: wrong client id or secret, or an expired registration. */
  | {
      readonly kind: 'client-refused';
      readonly operation: Operation;
      readonly registrationExpiresAt?: Date;
      /** When the service answered, to say "expired" or "expires". */
      readonly observedAt: Date;
    }
  /** The session's access token is (nearly) out and the session has nothing to renew it with. */
  | { readonly kind: 'session-token-expired'; readonly expiresAt?: Date; readonly checkedAt: Date }
  | { readonly kind: 'session-malformed'; readonly defect: SessionDefect }
  /** The device-authorization sign-in ended without a token (RFC 8628 §3.5). */
  | {
      readonly kind: 'sign-in-ended';
      readonly reason: 'expired' | 'denied' | 'invalid_grant';
      /** How long the device code lasted. */
      readonly minutes: number;
    }
  /** The caller's own time limit for the sign-in passed before the person approved it. */
  | { readonly kind: 'sign-in-timed-out'; readonly waitedMs: number }
  /** CreateToken refused the authorization code of a browser sign-in (PKCE). */
  | { readonly kind: 'authorization-code-refused'; readonly reason: 'invalid_grant' | 'denied' }
  /** The caller's time limit for all its calls (an action's action-timeout-s) passed during this one. */
  | {
      readonly kind: 'deadline-passed';
      readonly operation: Operation;
      readonly limitMs: number;
      readonly accountId?: string;
      readonly roleName?: string;
    }
  /** Anything else: which call, after how many attempts, and the last cause. */
  | {
      readonly kind: 'call-failed';
      readonly operation: Operation;
      /**
       * Set when the failure was worth retrying and every attempt was used, or the call's time
       * budget (`budgetSpent`) ran out first.
       */
      readonly retriesExhausted?: {
        readonly attempts: number;
        readonly elapsedMs: number;
        readonly budgetSpent?: boolean;
      };
      readonly cause: Cause;
    };

export type ProblemKind = Problem['kind'];
