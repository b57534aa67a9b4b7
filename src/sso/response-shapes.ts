/**
 * The shapes every value from IAM Identity Center must have before anything uses it: exported,
 * written to a file, sent back in a header or printed. Checked member by member; a message names
 * the member and the rule, and never quotes the value (it may be a secret, or hostile text).
 *
 * Two kinds of failure, retried differently (retry.ts classify):
 * - a member that is missing is a MalformedResponseError, retried like a half-sent body: a
 *   truncated or emptied answer from a proxy or a service hiccup can clear on the next attempt;
 * - a member that is present in the wrong shape (a number where a string belongs, whitespace in
 *   a key, an expiry in the past) is an InvalidResponseError, never retried: a well-formed answer
 *   that says something impossible will say it again, and an endpoint that answers that way gets
 *   one attempt, not ten.
 */

/** A value of the answer is present but not in the shape the API defines; not worth a retry. */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Role credentials last at most 12 hours, access tokens hours; 7 days is far beyond either. */
export const MAX_LIFETIME_MS = 7 * DAY_MS;

/** AWS access key ids: upper-case letters and digits (ASIA…, AKIA…), 16 to 128 of them (IAM's bounds). */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/** The base64 alphabet, no whitespace. */
const BASE64 = /^[A-Za-z0-9+/=]+$/;

/**
 * The three credentials, each with its longest allowed value. AWS documents access key ids of
 * 16-128 characters and no maximum for the other two, so the bounds are set from what the services
 * send, with room: secret access keys have 40 characters (128 allowed); session tokens have about
 * 400-1,300 from IAM Identity Center and STS, a few thousand with many session tags (16 KiB
 * allowed). Every bound stays far below the 128 KiB Linux allows one environment variable: a
 * 600,000-character session token, once exported, made every later process of the job fail with
 * "Argument list too long". At least 16 characters: fewer is no credential.
 */
const CREDENTIALS = {
  accessKeyId: {
    max: 128,
    valid: (value: string) => ACCESS_KEY_ID.test(value),
    rule: 'is not an AWS access key id (16-128 upper-case letters and digits)',
  },
  secretAccessKey: {
    max: 128,
    valid: (value: string) => value.length >= 16 && BASE64.test(value),
    rule: 'is not a base64 string without whitespace of 16 to 128 characters',
  },
  sessionToken: {
    max: 16_384,
    valid: (value: string) => value.length >= 16 && BASE64.test(value),
    rule: 'is not a base64 string without whitespace of 16 to 16384 characters',
  },
} as const;

export type CredentialMember = keyof typeof CREDENTIALS;

/** The longest value each credential may have (see CREDENTIALS). */
export const MAX_CREDENTIAL_LENGTH: Readonly<Record<CredentialMember, number>> = {
  accessKeyId: CREDENTIALS.accessKeyId.max,
  secretAccessKey: CREDENTIALS.secretAccessKey.max,
  sessionToken: CREDENTIALS.sessionToken.max,
};

/** Whether `value` has the shape, and is within the bound, of the credential `kind`. */
export function isCredential(value: unknown, kind: CredentialMember): value is string {
  const shape = CREDENTIALS[kind];
  return typeof value === 'string' && value.length <= shape.max && shape.valid(value);
}

/**
 * Reads one credential like `member`; a value over its bound is refused with its length (never
 * its text), so that the message says what is wrong with a value that has the right alphabet.
 */
export function credentialMember(
  value: unknown,
  kind: CredentialMember,
  what: string,
): string | undefined {
  const { max, rule } = CREDENTIALS[kind];
  if (typeof value === 'string' && value.length > max) {
    throw new InvalidResponseError(
      `invalid response: ${what} has ${value.length} characters, more than the ${max} allowed`,
    );
  }
  return member(value, (v): v is string => isCredential(v, kind), what, rule);
}

/**
 * OAuth tokens, client ids and secrets, device codes: printable ASCII without whitespace (they
 * travel in JSON and in an HTTP header), at most 16 KiB.
 */
const OPAQUE_TOKEN = /^[\x21-\x7e]{1,16384}$/;

/** How a member that is not an opaque token is described (it is never quoted). */
export const OPAQUE_TOKEN_RULE = 'is not printable ASCII without whitespace (at most 16 KiB)';

export function isOpaqueToken(value: unknown): value is string {
  return typeof value === 'string' && OPAQUE_TOKEN.test(value);
}

/** A whole number of (milli)seconds from 1 up to `max`. */
export function isWholeNumberUpTo(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

/**
 * Reads one member: undefined when it is absent, null or the empty string (the caller decides
 * whether that makes a malformed answer), the value when it passes `valid`, and an
 * InvalidResponseError naming `what` and `rule` otherwise.
 */
export function member<T>(
  value: unknown,
  valid: (value: unknown) => value is T,
  what: string,
  rule: string,
): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!valid(value)) throw new InvalidResponseError(`invalid response: ${what} ${rule}`);
  return value;
}

/**
 * The credentials' expiry, in epoch milliseconds: a whole number in the future and less than
 * seven days ahead. The portal sends epoch milliseconds; seconds would read as 1970.
 */
export function expirationOf(value: unknown, what: string, now: number): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const ok =
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value > now &&
    value - now <= MAX_LIFETIME_MS;
  if (!ok) {
    throw new InvalidResponseError(
      `invalid response: ${what} is not a time (epoch milliseconds) in the future and within 7 days`,
    );
  }
  return new Date(value);
}
