import { neutraliseJson } from '../secrets/neutralise.js';
import { IdentityCenterError } from './identity-center-error.js';
import type { SessionDefect } from './problems.js';

/**
 * An IAM Identity Center token session in the shape of the AWS CLI's SSO token cache file
 * (`~/.aws/sso/cache/*.json`), as the `sso-session` input and `aws-sso-credentials login` carry it.
 */
export interface SsoSession {
  readonly startUrl?: string;
  readonly region?: string;
  readonly accessToken?: string;
  readonly expiresAt?: Date;
  readonly refreshToken?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly registrationExpiresAt?: Date;
}

const STRING_KEYS = [
  'startUrl',
  'region',
  'accessToken',
  'refreshToken',
  'clientId',
  'clientSecret',
] as const;
const DATE_KEYS = ['expiresAt', 'registrationExpiresAt'] as const;

/** The members whose values are secrets: they are masked before anything else happens. */
export const SESSION_SECRET_KEYS = [
  'accessToken',
  'refreshToken',
  'clientId',
  'clientSecret',
] as const;

/**
 * RFC 3339 as botocore (`...36Z`), the JS SDK (`...36.842Z`) and old CLI v2 builds (`...36UTC`)
 * write it. A bare `Date.parse` would also accept local-time forms that are ambiguous.
 */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|UTC|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(value: string): Date | undefined {
  if (!TIMESTAMP.test(value)) return undefined;
  const date = new Date(value.replace(/UTC$/, 'Z'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Parses and checks a session document. A problem is reported as data (which member, what is
 * wrong) and never quotes the text: it is a secret, and JSON.parse's own messages echo a
 * snippet of it. The caller names the document in its own words (an input, a file).
 */
export function parseSsoSession(text: string): SsoSession {
  const document = parseJsonObject(text);
  const session: Record<string, string | Date> = {};
  for (const key of STRING_KEYS) {
    const value = optionalString(document, key);
    if (value !== undefined) session[key] = value;
  }
  for (const key of DATE_KEYS) {
    const value = optionalString(document, key);
    if (value === undefined) continue;
    const date = parseTimestamp(value);
    if (!date) malformed({ kind: 'not-a-timestamp', member: key });
    session[key] = date;
  }
  return checkUsable(session as SsoSession);
}

function malformed(defect: SessionDefect): never {
  throw new IdentityCenterError({ kind: 'session-malformed', defect });
}

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    malformed({ kind: 'not-json' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    malformed({ kind: 'not-an-object' });
  }
  return parsed as Record<string, unknown>;
}

function optionalString(document: Record<string, unknown>, key: string): string | undefined {
  const value = document[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') malformed({ kind: 'not-a-string', member: key });
  return value === '' ? undefined : value;
}

/** A session must either hold a current access token or be able to refresh one. */
function checkUsable(session: SsoSession): SsoSession {
  if (session.accessToken && !session.expiresAt) {
    malformed({ kind: 'access-token-without-expiry' });
  }
  const refreshKeys = ['refreshToken', 'clientId', 'clientSecret'] as const;
  const missing = refreshKeys.filter((key) => !session[key]);
  if (missing.length > 0 && missing.length < refreshKeys.length && !session.accessToken) {
    malformed({ kind: 'incomplete-refresh', missing });
  }
  if (!session.accessToken && missing.length === refreshKeys.length) {
    malformed({ kind: 'no-token' });
  }
  return session;
}

/** True when the session holds everything a refresh_token grant needs. */
export function canRefresh(
  session: SsoSession,
): session is SsoSession &
  Required<Pick<SsoSession, 'refreshToken' | 'clientId' | 'clientSecret'>> {
  return Boolean(session.refreshToken && session.clientId && session.clientSecret);
}

/**
 * The session as the AWS CLI cache JSON, with timestamps in the JS SDK's ISO form. Written with
 * neutraliseJson: the document is printed, stored as a secret and set as an output, and its
 * values (tokens from the service among them) must not be able to form a workflow command.
 */
export function serializeSsoSession(session: SsoSession, indent = 2): string {
  const document: Record<string, string> = {};
  for (const [key, value] of Object.entries(session)) {
    if (value !== undefined) document[key] = value instanceof Date ? value.toISOString() : value;
  }
  return neutraliseJson(JSON.stringify(document, null, indent));
}

/**
 * The session after a refresh: the new access token and its expiry, and the refresh token the
 * service answered with (botocore and the JS SDK write back the same way).
 */
export function renewedSession(
  session: SsoSession,
  token: { accessToken: string; expiresAt?: Date; rotatedRefreshToken?: string },
): SsoSession {
  return {
    ...session,
    accessToken: token.accessToken,
    ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
    ...(token.rotatedRefreshToken ? { refreshToken: token.rotatedRefreshToken } : {}),
  };
}
