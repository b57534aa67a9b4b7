import { describe, expect, test } from '@jest/globals';
import { cliVocabulary, inCliWords, loginCommandFor } from '../../src/cli/vocabulary.js';
import { UserError } from '../../src/shared/errors.js';
import { describeProblem, NEUTRAL_VOCABULARY } from '../../src/sso/describe-problem.js';
import { describeFailure, IdentityCenterError } from '../../src/sso/identity-center-error.js';
import type { Problem, ProblemKind } from '../../src/sso/problems.js';
import {
  describeForWorkflow,
  GITHUB_VOCABULARY,
  LOGIN_HINT,
  PROFILE_VOCABULARY,
} from '../../src/steps/vocabulary.js';

/**
 * One phrasing function, three vocabularies. The action's sentences are exactly those it has
 * always printed (workflows and their authors match on them); the CLI's name its flags, the
 * session file by its path and `login --output`; the core's own names neither.
 */

const FILE = '/home/me/.aws/session.json';
const CLI = cliVocabulary(FILE);
const LOGIN = '`aws-sso-credentials login --output /home/me/.aws/session.json`';
const PAST = new Date('2020-02-14T07:04:36.000Z');
const NOW = new Date('2026-11-26T08:00:00.000Z');
const SOON = new Date('2026-11-26T08:02:00.000Z');

interface Row {
  readonly label: string;
  readonly problem: Problem;
  readonly action: string;
  readonly cli: string;
}

const REVOKED =
  'IAM Identity Center rejected the access token (401 UnauthorizedException): it has expired or was revoked.';
const ENDED =
  'the session was revoked or ended (sign-out, or the session duration set in IAM Identity Center)';
const REFUSED_GRANT =
  'IAM Identity Center refused the refresh token (invalid_grant): it has expired, was revoked, or was replaced by a newer one when the token was last rotated.';

const ROWS: readonly Row[] = [
  {
    label: 'a rejected access token that had just been refreshed',
    problem: {
      kind: 'access-token-rejected',
      operation: 'GetRoleCredentials',
      justRefreshed: true,
    },
    action: `${REVOKED} The token was just refreshed, so ${ENDED}. To start a new session, ${LOGIN_HINT}.`,
    cli: `${REVOKED} The token was just refreshed, so ${ENDED}. To start a new session, run ${LOGIN}.`,
  },
  {
    label: 'a rejected access token that had not been refreshed',
    problem: {
      kind: 'access-token-rejected',
      operation: 'GetRoleCredentials',
      justRefreshed: false,
    },
    action: `${REVOKED} Give a fresh access token, or give a refresh token (refresh-token with client-id and client-secret, or an sso-session that has one) so that the action renews it. To get one, ${LOGIN_HINT}.`,
    cli: `${REVOKED} The token had not reached its expiry, so ${ENDED}. To start a new session, run ${LOGIN}.`,
  },
  {
    label: 'a rejected access token of unknown origin',
    problem: { kind: 'access-token-rejected', operation: 'ListAccounts' },
    action: `${REVOKED} To get a new one, ${LOGIN_HINT}.`,
    cli: `${REVOKED} To get a new one, run ${LOGIN}.`,
  },
  {
    label: 'no access to a role',
    problem: {
      kind: 'no-access',
      operation: 'GetRoleCredentials',
      status: 403,
      accountId: '111122223333',
      roleName: 'ReadOnly',
    },
    action:
      "No access: the token's user is not assigned the permission set 'ReadOnly' in account 111122223333 (403 ForbiddenException). Check role-name and account-id, and the assignment in IAM Identity Center.",
    cli: "No access: the token's user is not assigned the permission set 'ReadOnly' in account 111122223333 (403 ForbiddenException). Check --role-name and --account-id, and the assignment in IAM Identity Center.",
  },
  {
    label: 'no access to a listing',
    problem: { kind: 'no-access', operation: 'ListAccounts', status: 403 },
    action: 'ListAccounts was refused: no access (403 ForbiddenException).',
    cli: 'ListAccounts was refused: no access (403 ForbiddenException).',
  },
  {
    label: 'a role not found',
    problem: {
      kind: 'not-found',
      operation: 'GetRoleCredentials',
      accountId: '111122223333',
      roleName: 'ReadOnly',
    },
    action:
      "GetRoleCredentials found nothing for account 111122223333 and role 'ReadOnly' (404 ResourceNotFoundException). Check account-id and role-name.",
    cli: "GetRoleCredentials found nothing for account 111122223333 and role 'ReadOnly' (404 ResourceNotFoundException). Check --account-id and --role-name.",
  },
  {
    label: 'a listing that found nothing',
    problem: { kind: 'not-found', operation: 'ListAccountRoles', accountId: '111122223333' },
    action: 'ListAccountRoles found nothing (404 ResourceNotFoundException).',
    cli: 'ListAccountRoles found nothing (404 ResourceNotFoundException).',
  },
  {
    label: 'a refused refresh token',
    problem: { kind: 'refresh-token-refused', operation: 'CreateToken' },
    action: `${REFUSED_GRANT} To get a new one, ${LOGIN_HINT}.`,
    cli: `${REFUSED_GRANT} To get a new one, run ${LOGIN}.`,
  },
  {
    label: 'a refresh token refused after an attempt that got no answer',
    problem: {
      kind: 'refresh-token-refused',
      operation: 'CreateToken',
      afterAmbiguousAttempt: true,
    },
    action: `IAM Identity Center refused the refresh token (invalid_grant) on a retry, after an earlier attempt of this refresh got no usable answer (it timed out or was cut off after the request was sent). That attempt may have reached the service, which then rotated the refresh token and retired this one, and its answer, with the new refresh token, was lost; or the token had expired or was revoked. Either way it cannot be used again, and refreshing one refresh token from many places at once makes this likelier: refresh once and share the access token. To get a new one, ${LOGIN_HINT}.`,
    cli: `IAM Identity Center refused the refresh token (invalid_grant) on a retry, after an earlier attempt of this refresh got no usable answer (it timed out or was cut off after the request was sent). That attempt may have reached the service, which then rotated the refresh token and retired this one, and its answer, with the new refresh token, was lost; or the token had expired or was revoked. Either way it cannot be used again, and refreshing one refresh token from many places at once makes this likelier: refresh once and share the access token. To get a new one, run ${LOGIN}.`,
  },
  {
    label: 'a refused client without a known registration expiry',
    problem: { kind: 'client-refused', operation: 'CreateToken', observedAt: NOW },
    action: `IAM Identity Center refused the client registration (invalid_client): client-id or client-secret is wrong, or the registration has expired (registrations last about 90 days). To register anew, ${LOGIN_HINT}.`,
    cli: `IAM Identity Center refused the client registration (invalid_client): the clientId or clientSecret in ${FILE} is wrong, or the registration has expired (registrations last about 90 days). To register anew, run ${LOGIN}.`,
  },
  {
    label: 'a refused client whose registration expired',
    problem: {
      kind: 'client-refused',
      operation: 'CreateToken',
      registrationExpiresAt: PAST,
      observedAt: NOW,
    },
    action: `IAM Identity Center refused the client registration (invalid_client): client-id or client-secret is wrong, or the registration expired at 2020-02-14T07:04:36.000Z. To register anew, ${LOGIN_HINT}.`,
    cli: `IAM Identity Center refused the client registration (invalid_client): the clientId or clientSecret in ${FILE} is wrong, or the registration expired at 2020-02-14T07:04:36.000Z. To register anew, run ${LOGIN}.`,
  },
  {
    label: 'an expired session token with nothing to renew it',
    problem: { kind: 'session-token-expired', expiresAt: PAST, checkedAt: NOW },
    action: `The access token in 'sso-session' expired at 2020-02-14T07:04:36.000Z and the document has no refresh token to renew it. To get a new session, ${LOGIN_HINT}.`,
    cli: `The access token in ${FILE} expired at 2020-02-14T07:04:36.000Z and the file has no refresh token to renew it. To get a new session, run ${LOGIN}.`,
  },
  {
    label: 'a session token about to expire with nothing to renew it',
    problem: { kind: 'session-token-expired', expiresAt: SOON, checkedAt: NOW },
    action: `The access token in 'sso-session' expires at 2026-11-26T08:02:00.000Z and the document has no refresh token to renew it. To get a new session, ${LOGIN_HINT}.`,
    cli: `The access token in ${FILE} expires at 2026-11-26T08:02:00.000Z and the file has no refresh token to renew it. To get a new session, run ${LOGIN}.`,
  },
  {
    label: 'a session document that is not JSON',
    problem: { kind: 'session-malformed', defect: { kind: 'not-json' } },
    action:
      "Input 'sso-session' is not valid JSON (expected the AWS CLI SSO token cache document).",
    cli: `The session file ${FILE} is not valid JSON (expected the AWS CLI SSO token cache document).`,
  },
  {
    label: 'a session document with missing refresh members',
    problem: {
      kind: 'session-malformed',
      defect: { kind: 'incomplete-refresh', missing: ['clientId', 'clientSecret'] },
    },
    action: "Input 'sso-session' has no 'clientId', 'clientSecret', which a refresh needs.",
    cli: `The session file ${FILE} has no 'clientId', 'clientSecret', which a refresh needs.`,
  },
  {
    label: 'a sign-in that expired',
    problem: { kind: 'sign-in-ended', reason: 'expired', minutes: 10 },
    action:
      'The sign-in request expired before it was approved (device codes last about 10 minutes, expired_token). Run `aws-sso-credentials login` again and approve it in the browser sooner.',
    cli: 'The sign-in request expired before it was approved (device codes last about 10 minutes, expired_token). Run `aws-sso-credentials login` again and approve it in the browser sooner.',
  },
  {
    label: 'a sign-in that was denied',
    problem: { kind: 'sign-in-ended', reason: 'denied', minutes: 10 },
    action:
      'The sign-in request was denied in the browser (access_denied). Run `aws-sso-credentials login` again and choose Allow, or ask your IAM Identity Center administrator for access.',
    cli: 'The sign-in request was denied in the browser (access_denied). Run `aws-sso-credentials login` again and choose Allow, or ask your IAM Identity Center administrator for access.',
  },
  {
    label: 'a sign-in whose device code is no longer accepted',
    problem: { kind: 'sign-in-ended', reason: 'invalid_grant', minutes: 10 },
    action:
      'IAM Identity Center no longer accepts this sign-in request (invalid_grant): its device code is unknown or was already used. Run `aws-sso-credentials login` again.',
    cli: 'IAM Identity Center no longer accepts this sign-in request (invalid_grant): its device code is unknown or was already used. Run `aws-sso-credentials login` again.',
  },
  {
    label: 'a sign-in nobody approved within the time limit',
    problem: { kind: 'sign-in-timed-out', waitedMs: 90_000 },
    action:
      'Nobody approved the sign-in request within 90 seconds. Run `aws-sso-credentials login` again and approve it in the browser sooner.',
    cli: 'Nobody approved the sign-in request within 90 seconds. Run `aws-sso-credentials login` again and approve it in the browser sooner.',
  },
  {
    label: 'an authorization code that CreateToken refused',
    problem: { kind: 'authorization-code-refused', reason: 'invalid_grant' },
    action:
      'IAM Identity Center refused the authorization code (invalid_grant): it expired, was already used, or does not match this sign-in. Run `aws-sso-credentials login` again.',
    cli: 'IAM Identity Center refused the authorization code (invalid_grant): it expired, was already used, or does not match this sign-in. Run `aws-sso-credentials login` again.',
  },
  {
    label: 'a token request for an authorization code that was denied',
    problem: { kind: 'authorization-code-refused', reason: 'denied' },
    action:
      'IAM Identity Center denied the token request (access_denied). Run `aws-sso-credentials login` again, or ask your IAM Identity Center administrator for access.',
    cli: 'IAM Identity Center denied the token request (access_denied). Run `aws-sso-credentials login` again, or ask your IAM Identity Center administrator for access.',
  },
  {
    label: 'a call that failed after every attempt',
    problem: {
      kind: 'call-failed',
      operation: 'CreateToken',
      retriesExhausted: { attempts: 3, elapsedMs: 2500 },
      cause: { kind: 'error', status: 500, name: 'InternalServerException', message: 'boom' },
    },
    action:
      'CreateToken failed after 3 attempts over 2.5s; last cause: HTTP 500 InternalServerException: boom',
    cli: 'CreateToken failed after 3 attempts over 2.5s; last cause: HTTP 500 InternalServerException: boom',
  },
  {
    label: 'a call that failed at once on a network error',
    problem: {
      kind: 'call-failed',
      operation: 'GetRoleCredentials',
      cause: { kind: 'error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' },
    },
    action: 'GetRoleCredentials failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
    cli: 'GetRoleCredentials failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
  },
  {
    label: 'a sign-in whose host does not resolve (a region that does not exist)',
    problem: {
      kind: 'call-failed',
      operation: 'RegisterClient',
      cause: {
        kind: 'error',
        code: 'ENOTFOUND',
        host: 'oidc.us-east-9.amazonaws.com',
        message: 'getaddrinfo ENOTFOUND oidc.us-east-9.amazonaws.com',
      },
    },
    action:
      "RegisterClient could not reach oidc.us-east-9.amazonaws.com: the name does not resolve (ENOTFOUND). Check sso-region (or the region in 'sso-session') and this machine's network (DNS, firewall, http-proxy or HTTPS_PROXY where a proxy is needed).",
    cli: `RegisterClient could not reach oidc.us-east-9.amazonaws.com: the name does not resolve (ENOTFOUND). Check the region in ${FILE} and this machine's network (DNS, firewall, HTTPS_PROXY (or HTTP_PROXY) where a proxy is needed).`,
  },
  {
    label: 'a name that could not be looked up after every attempt',
    problem: {
      kind: 'call-failed',
      operation: 'CreateToken',
      retriesExhausted: { attempts: 3, elapsedMs: 1500 },
      cause: { kind: 'error', code: 'EAI_AGAIN', host: 'oidc.eu-west-1.amazonaws.com' },
    },
    action:
      "CreateToken could not reach oidc.eu-west-1.amazonaws.com after 3 attempts over 1.5s: the name could not be looked up (EAI_AGAIN). Check sso-region (or the region in 'sso-session') and this machine's network (DNS, firewall, http-proxy or HTTPS_PROXY where a proxy is needed).",
    cli: `CreateToken could not reach oidc.eu-west-1.amazonaws.com after 3 attempts over 1.5s: the name could not be looked up (EAI_AGAIN). Check the region in ${FILE} and this machine's network (DNS, firewall, HTTPS_PROXY (or HTTP_PROXY) where a proxy is needed).`,
  },
  {
    label: 'a refused connection keeps its cause (a dead proxy is no region mistake)',
    problem: {
      kind: 'call-failed',
      operation: 'CreateToken',
      cause: {
        kind: 'error',
        code: 'ECONNREFUSED',
        host: '127.0.0.1',
        message: 'connect ECONNREFUSED 127.0.0.1:9',
      },
    },
    action: 'CreateToken failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
    cli: 'CreateToken failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
  },
  {
    label: 'a malformed response after one attempt',
    problem: {
      kind: 'call-failed',
      operation: 'GetRoleCredentials',
      retriesExhausted: { attempts: 1, elapsedMs: 40 },
      cause: { kind: 'malformed-response', detail: 'roleCredentials lacks accessKeyId' },
    },
    action:
      'GetRoleCredentials failed after 1 attempt over 0.0s; last cause: malformed response: roleCredentials lacks accessKeyId',
    cli: 'GetRoleCredentials failed after 1 attempt over 0.0s; last cause: malformed response: roleCredentials lacks accessKeyId',
  },
  {
    label: 'the step deadline passing during a call for a role',
    problem: {
      kind: 'deadline-passed',
      operation: 'GetRoleCredentials',
      limitMs: 30_000,
      accountId: '111122223333',
      roleName: 'ReadOnly',
    },
    action:
      "The step's time limit 'action-timeout-s' (30 s) passed while GetRoleCredentials for account 111122223333 and role 'ReadOnly' was still waiting for an answer.",
    cli: "The time limit (30 s) passed while GetRoleCredentials for account 111122223333 and role 'ReadOnly' was still waiting for an answer.",
  },
  {
    label: 'the step deadline passing during a refresh',
    problem: { kind: 'deadline-passed', operation: 'CreateToken', limitMs: 2500 },
    action:
      "The step's time limit 'action-timeout-s' (2.5 s) passed while CreateToken was still waiting for an answer.",
    cli: 'The time limit (2.5 s) passed while CreateToken was still waiting for an answer.',
  },
  {
    label: 'a call whose time budget ran out before its attempts',
    problem: {
      kind: 'call-failed',
      operation: 'CreateToken',
      retriesExhausted: { attempts: 2, elapsedMs: 60_412, budgetSpent: true },
      cause: { kind: 'error', name: 'TimeoutError', code: 'ETIMEDOUT', message: 'timed out' },
    },
    action:
      'CreateToken failed after 2 attempts over 60.4s, all the time one call may take; last cause: TimeoutError ETIMEDOUT: timed out',
    cli: 'CreateToken failed after 2 attempts over 60.4s, all the time one call may take; last cause: TimeoutError ETIMEDOUT: timed out',
  },
  {
    label: 'a body that did not parse',
    problem: {
      kind: 'call-failed',
      operation: 'GetRoleCredentials',
      cause: { kind: 'malformed-response', status: 502 },
    },
    action: 'GetRoleCredentials failed: the service returned a malformed response body (HTTP 502)',
    cli: 'GetRoleCredentials failed: the service returned a malformed response body (HTTP 502)',
  },
  {
    label: 'a proxy that refused its credentials',
    problem: { kind: 'call-failed', operation: 'CreateToken', cause: { kind: 'proxy-refused' } },
    action:
      'CreateToken failed: HTTP 407: the proxy refused the request (Proxy Authentication Required); check the user name and password in http-proxy or HTTPS_PROXY',
    cli: 'CreateToken failed: HTTP 407: the proxy refused the request (Proxy Authentication Required); check the user name and password in HTTPS_PROXY (or HTTP_PROXY)',
  },
];

/** Every kind, so that a new one cannot be added without a row (the compiler checks the keys). */
const KINDS: Record<ProblemKind, true> = {
  'access-token-rejected': true,
  'no-access': true,
  'not-found': true,
  'refresh-token-refused': true,
  'client-refused': true,
  'session-token-expired': true,
  'session-malformed': true,
  'sign-in-ended': true,
  'sign-in-timed-out': true,
  'authorization-code-refused': true,
  'deadline-passed': true,
  'call-failed': true,
};

/**
 * The action's input names as its messages quote or name them; a CLI flag of the same name
 * (`--role-name`) is not one.
 */
const ACTION_WORDS: readonly RegExp[] = [
  /'sso-session'/,
  ...['refresh-token', 'client-id', 'client-secret', 'role-name', 'account-id', 'http-proxy'].map(
    (input) => new RegExp(`(?<![-\\w])${input}`),
  ),
  /replace the stored/,
];

function expectNoActionWords(message: string): void {
  for (const word of ACTION_WORDS) expect(message).not.toMatch(word);
}

const table = ROWS.map((row) => [row.label, row] as const);

test('every problem kind has a row', () => {
  expect(new Set(ROWS.map((row) => row.problem.kind))).toEqual(new Set(Object.keys(KINDS)));
});

describe('in the action’s words', () => {
  test.each(table)('%s', (_label, row) => {
    expect(describeProblem(row.problem, GITHUB_VOCABULARY)).toBe(row.action);
  });

  test('the hint names the login command and the stored secrets', () => {
    expect(LOGIN_HINT).toBe(
      'mint new token secrets with `aws-sso-credentials login` (docs/getting-the-secrets.md) and replace the stored ones',
    );
  });

  test('a profile line names its account id and role name, not the unused inputs', () => {
    const message = describeProblem(ROWS[3]?.problem as Problem, PROFILE_VOCABULARY);
    expect(message).toContain('Check the role name and the account id, and the assignment');
    expect(message).not.toContain('role-name');
  });
});

describe('in the CLI’s words', () => {
  test('the check for action words catches them (and lets the flags through)', () => {
    const actionRows = ROWS.filter((row) =>
      /role-name|sso-session|replace the stored/.test(row.action),
    );
    expect(actionRows.length).toBeGreaterThan(5);
    for (const row of actionRows) expect(() => expectNoActionWords(row.action)).toThrow();
    expect(() => expectNoActionWords('Check --role-name and --account-id.')).not.toThrow();
  });

  test.each(table)('%s', (_label, row) => {
    const message = describeProblem(row.problem, CLI);
    expect(message).toBe(row.cli);
    expectNoActionWords(message);
  });

  test('without a session file (login), the hint is to log in again', () => {
    const problem: Problem = { kind: 'client-refused', operation: 'CreateToken', observedAt: NOW };
    const message = describeProblem(problem, cliVocabulary());
    expect(message).toContain('To register anew, run `aws-sso-credentials login` again.');
    expectNoActionWords(message);
  });

  test('login, which was given the region, names --sso-region for a host it could not reach', () => {
    const problem: Problem = {
      kind: 'call-failed',
      operation: 'RegisterClient',
      cause: { kind: 'error', code: 'EAI_AGAIN', host: 'oidc.us-east-9.amazonaws.com' },
    };
    expect(describeProblem(problem, cliVocabulary())).toBe(
      "RegisterClient could not reach oidc.us-east-9.amazonaws.com: the name could not be looked up (EAI_AGAIN). Check --sso-region and this machine's network (DNS, firewall, HTTPS_PROXY (or HTTP_PROXY) where a proxy is needed).",
    );
  });

  test('a path that is not one shell word is quoted in the command to run', () => {
    expect(loginCommandFor('/tmp/my session.json')).toBe(
      "aws-sso-credentials login --output '/tmp/my session.json'",
    );
    expect(loginCommandFor("/tmp/it's.json")).toBe(
      "aws-sso-credentials login --output '/tmp/it'\\''s.json'",
    );
    expect(loginCommandFor(FILE)).toBe(`aws-sso-credentials login --output ${FILE}`);
  });
});

describe('in no front end’s words (the core’s own message)', () => {
  test.each(table)('%s', (_label, row) => {
    const message = new IdentityCenterError(row.problem).message;
    expect(message).toBe(describeProblem(row.problem, NEUTRAL_VOCABULARY));
    expectNoActionWords(message);
    expect(message).not.toContain('--');
    expect(message).not.toContain('aws-sso-credentials');
  });
});

describe('front ends describe whatever was thrown', () => {
  const problem: Problem = { kind: 'refresh-token-refused', operation: 'CreateToken' };

  test('a problem in the given words, anything else by its message', () => {
    expect(describeFailure(new IdentityCenterError(problem), CLI)).toContain(LOGIN);
    expect(describeFailure(new UserError('As written.'), CLI)).toBe('As written.');
    expect(describeFailure('a string', CLI)).toBe('a string');
    expect(describeForWorkflow(new IdentityCenterError(problem))).toContain(LOGIN_HINT);
  });

  test('inCliWords turns a problem into a sentence for the session file and passes others on', async () => {
    const thrown = new IdentityCenterError(problem);
    await expect(inCliWords(CLI, async () => Promise.reject(thrown))).rejects.toThrow(
      `${REFUSED_GRANT} To get a new one, run ${LOGIN}.`,
    );
    const other = new UserError('unchanged');
    await expect(inCliWords(CLI, async () => Promise.reject(other))).rejects.toBe(other);
    await expect(inCliWords(CLI, async () => 42)).resolves.toBe(42);
  });
});
