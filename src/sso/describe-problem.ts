import { plural } from '../shared/plural.js';
import { formatSeconds } from '../time/deadline.js';
import { describeWait } from '../time/relative-time.js';
import type { Cause, Problem, SessionDefect } from './problems.js';

type RetriesExhausted = NonNullable<Extract<Problem, { kind: 'call-failed' }>['retriesExhausted']>;

/**
 * The one place that turns a Problem into a sentence. What differs between front ends (how
 * they name the session, the account and role, the client, the proxy, and how to get new
 * secrets) comes in a Vocabulary: the action names its inputs, the CLI its flags and the file.
 */
export interface Vocabulary {
  /** The session document inside a sentence: "The access token in … expired". */
  readonly session: string;
  /** The session document starting a sentence: "… is not valid JSON". */
  readonly sessionSubject: string;
  /** The document named again later in the same sentence: "the document", "the file". */
  readonly sessionAgain: string;
  /** The account id and role name to check, as the caller gave them. */
  readonly accountId: string;
  readonly roleName: string;
  /** Where the client id and secret came from: "… is wrong". */
  readonly clientCredentials: string;
  /**
   * The token sources that carry a refresh token, when the caller could have given one
   * instead of a bare access token; absent when every token comes from a session document.
   */
  readonly renewableSources?: string;
  /** Who renews a token: "so that … renews it". */
  readonly self: string;
  /** Where the proxy's user name and password were given. */
  readonly proxySettings: string;
  /** Completes "To get a new one, …": how to get new token secrets. */
  readonly newSecrets: string;
  /** Starts a sentence on how to sign in from the beginning. */
  readonly signInAgain: string;
  /** Starts a sentence about the time limit of all the calls: "… (30 s) passed while …". */
  readonly timeLimit: string;
  /** Where the IAM Identity Center region was given: "Check … and this machine's network". */
  readonly region: string;
}

/** Words for no front end in particular: what IdentityCenterError's own message uses. */
export const NEUTRAL_VOCABULARY: Vocabulary = {
  session: 'the session document',
  sessionSubject: 'The session document',
  sessionAgain: 'the document',
  accountId: 'the account id',
  roleName: 'the role name',
  clientCredentials: 'the client id or secret',
  self: 'the caller',
  proxySettings: 'the proxy settings',
  newSecrets: 'sign in to IAM Identity Center again for a new session',
  signInAgain: 'Sign in again',
  timeLimit: 'The time limit',
  region: 'the region',
};

/** One sentence (or two) about `problem`, in the caller's words. Never a secret, never a body. */
export function describeProblem(problem: Problem, v: Vocabulary): string {
  switch (problem.kind) {
    case 'access-token-rejected':
      return `IAM Identity Center rejected the access token (401 UnauthorizedException): it has expired or was revoked. ${rejectedTokenAdvice(problem.justRefreshed, v)}`;
    case 'no-access':
      if (!problem.roleName)
        return `${problem.operation} was refused: no access (${problem.status} ForbiddenException).`;
      return `No access: the token's user is not assigned the permission set '${problem.roleName}' in account ${problem.accountId} (${problem.status} ForbiddenException). Check ${v.roleName} and ${v.accountId}, and the assignment in IAM Identity Center.`;
    case 'not-found':
      if (!problem.roleName)
        return `${problem.operation} found nothing (404 ResourceNotFoundException).`;
      return `${problem.operation} found nothing for account ${problem.accountId} and role '${problem.roleName}' (404 ResourceNotFoundException). Check ${v.accountId} and ${v.roleName}.`;
    case 'refresh-token-refused':
      return `${refusedRefreshToken(problem.afterAmbiguousAttempt)} To get a new one, ${v.newSecrets}.`;
    case 'client-refused':
      return `IAM Identity Center refused the client registration (invalid_client): ${v.clientCredentials} is wrong, or the registration ${registrationPhrase(problem.registrationExpiresAt, problem.observedAt)}. To register anew, ${v.newSecrets}.`;
    case 'session-token-expired':
      return `The access token in ${v.session} ${expiryPhrase(problem.expiresAt, problem.checkedAt)} and ${v.sessionAgain} has no refresh token to renew it. To get a new session, ${v.newSecrets}.`;
    case 'session-malformed':
      return `${v.sessionSubject} ${describeSessionDefect(problem.defect)}.`;
    case 'sign-in-ended':
      return signInEnded(problem.reason, problem.minutes, v);
    case 'sign-in-timed-out':
      return `Nobody approved the sign-in request within ${describeWait(problem.waitedMs)}. ${v.signInAgain} and approve it in the browser sooner.`;
    case 'authorization-code-refused':
      return problem.reason === 'denied'
        ? `IAM Identity Center denied the token request (access_denied). ${v.signInAgain}, or ask your IAM Identity Center administrator for access.`
        : `IAM Identity Center refused the authorization code (invalid_grant): it expired, was already used, or does not match this sign-in. ${v.signInAgain}.`;
    case 'deadline-passed':
      return `${v.timeLimit} (${formatSeconds(problem.limitMs)}) passed while ${problem.operation}${targetPhrase(problem)} was still waiting for an answer.`;
    case 'call-failed':
      return callFailed(problem, v);
  }
}

/** " for account N and role 'R'", " for account N", or nothing. */
function targetPhrase(target: { accountId?: string; roleName?: string }): string {
  if (!target.accountId) return '';
  const role = target.roleName ? ` and role '${target.roleName}'` : '';
  return ` for account ${target.accountId}${role}`;
}

/** What to do about a rejected access token depends on whether it was just refreshed. */
function rejectedTokenAdvice(justRefreshed: boolean | undefined, v: Vocabulary): string {
  const ended =
    'the session was revoked or ended (sign-out, or the session duration set in IAM Identity Center)';
  if (justRefreshed === undefined) return `To get a new one, ${v.newSecrets}.`;
  if (justRefreshed) {
    return `The token was just refreshed, so ${ended}. To start a new session, ${v.newSecrets}.`;
  }
  if (v.renewableSources) {
    return `Give a fresh access token, or give a refresh token (${v.renewableSources}) so that ${v.self} renews it. To get one, ${v.newSecrets}.`;
  }
  return `The token had not reached its expiry, so ${ended}. To start a new session, ${v.newSecrets}.`;
}

function refusedRefreshToken(afterAmbiguousAttempt: boolean | undefined): string {
  if (afterAmbiguousAttempt) {
    return 'IAM Identity Center refused the refresh token (invalid_grant) on a retry, after an earlier attempt of this refresh got no usable answer (it timed out or was cut off after the request was sent). That attempt may have reached the service, which then rotated the refresh token and retired this one, and its answer, with the new refresh token, was lost; or the token had expired or was revoked. Either way it cannot be used again, and refreshing one refresh token from many places at once makes this likelier: refresh once and share the access token.';
  }
  return 'IAM Identity Center refused the refresh token (invalid_grant): it has expired, was revoked, or was replaced by a newer one when the token was last rotated.';
}

function registrationPhrase(expiresAt: Date | undefined, now: Date): string {
  return expiresAt
    ? expiresAtPhrase(expiresAt, now)
    : 'has expired (registrations last about 90 days)';
}

function expiryPhrase(expiresAt: Date | undefined, now: Date): string {
  return expiresAt ? expiresAtPhrase(expiresAt, now) : 'has no expiry';
}

/** "expired at …" or "expires at …", as seen at `now`. */
function expiresAtPhrase(expiresAt: Date, now: Date): string {
  const tense = expiresAt.getTime() <= now.getTime() ? 'expired' : 'expires';
  return `${tense} at ${expiresAt.toISOString()}`;
}

/** What is wrong with the document, as the rest of a sentence about it. Never quotes its text. */
export function describeSessionDefect(defect: SessionDefect): string {
  switch (defect.kind) {
    case 'not-json':
      return 'is not valid JSON (expected the AWS CLI SSO token cache document)';
    case 'not-an-object':
      return 'must be a JSON object with the keys of the AWS CLI SSO token cache';
    case 'not-a-string':
      return `has a '${defect.member}' that is not a string`;
    case 'not-a-timestamp':
      return `has a '${defect.member}' that is not an ISO 8601 UTC timestamp (e.g. 2026-11-26T08:04:36Z)`;
    case 'access-token-without-expiry':
      return "has an 'accessToken' but no 'expiresAt'";
    case 'incomplete-refresh':
      return `has no '${defect.missing.join("', '")}', which a refresh needs`;
    case 'no-token':
      return "has neither an 'accessToken' nor a 'refreshToken' with 'clientId' and 'clientSecret'";
  }
}

function signInEnded(
  reason: 'expired' | 'denied' | 'invalid_grant',
  minutes: number,
  v: Vocabulary,
): string {
  switch (reason) {
    case 'expired':
      return `The sign-in request expired before it was approved (device codes last about ${minutes} minutes, expired_token). ${v.signInAgain} and approve it in the browser sooner.`;
    case 'denied':
      return `The sign-in request was denied in the browser (access_denied). ${v.signInAgain} and choose Allow, or ask your IAM Identity Center administrator for access.`;
    case 'invalid_grant':
      return `IAM Identity Center no longer accepts this sign-in request (invalid_grant): its device code is unknown or was already used. ${v.signInAgain}.`;
  }
}

function callFailed(problem: Extract<Problem, { kind: 'call-failed' }>, v: Vocabulary): string {
  const exhausted = problem.retriesExhausted;
  const tries = exhausted ? triesPhrase(exhausted) : undefined;
  const unreached = unreachedHost(problem.cause, v);
  if (unreached) return `${problem.operation} ${unreached(tries ? ` after ${tries}` : '')}`;
  const cause = phraseCause(problem.cause, v);
  if (!tries) return `${problem.operation} failed: ${cause}`;
  return `${problem.operation} failed after ${tries}; last cause: ${cause}`;
}

function triesPhrase({ attempts, elapsedMs, budgetSpent }: RetriesExhausted): string {
  const budget = budgetSpent ? ', all the time one call may take' : '';
  return `${plural(attempts, 'attempt')} over ${(elapsedMs / 1000).toFixed(1)}s${budget}`;
}

/**
 * The lookups that failed, in a few words. Only these: a wrong region gives a host name that does
 * not exist, while a refused or timed-out connection (a dead proxy, a firewall) keeps its cause.
 */
const UNREACHED: Readonly<Record<string, string>> = {
  ENOTFOUND: 'the name does not resolve',
  EAI_AGAIN: 'the name could not be looked up',
};

/**
 * For a call whose host name did not resolve: the rest of a sentence naming the host it tried and
 * the two things to check, given the retries.
 */
function unreachedHost(cause: Cause, v: Vocabulary): ((tries: string) => string) | undefined {
  if (cause.kind !== 'error' || !cause.host || !cause.code) return undefined;
  const why = UNREACHED[cause.code];
  if (!why) return undefined;
  const { host, code } = cause;
  return (tries) =>
    `could not reach ${host}${tries}: ${why} (${code}). Check ${v.region} and this machine's network (DNS, firewall, ${v.proxySettings} where a proxy is needed).`;
}

/** The cause in one line: the status, the service's error name and message, or the network code. */
export function phraseCause(cause: Cause, v: Vocabulary): string {
  switch (cause.kind) {
    case 'malformed-response':
      if (cause.detail) return `malformed response: ${cause.detail}`;
      return `the service returned a malformed response body (HTTP ${cause.status ?? '?'})`;
    case 'proxy-refused':
      return `HTTP 407: the proxy refused the request (Proxy Authentication Required); check the user name and password in ${v.proxySettings}`;
    case 'error': {
      const parts = [cause.status ? `HTTP ${cause.status}` : undefined, cause.name, cause.code];
      const label = [...new Set(parts.filter(Boolean))].join(' ');
      if (!label) return cause.message || 'unknown error';
      return cause.message ? `${label}: ${cause.message}` : label;
    }
  }
}
