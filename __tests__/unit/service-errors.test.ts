import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { RetriesExhaustedError } from '../../src/http/retry.js';
import { IdentityCenterError } from '../../src/sso/identity-center-error.js';
import type { Problem } from '../../src/sso/problems.js';
import {
  type CallContext,
  callService,
  causeOf,
  describeCause,
  explainServiceError,
} from '../../src/sso/service-errors.js';

const ROLE: CallContext = {
  operation: 'GetRoleCredentials',
  accountId: '111122223333',
  roleName: 'ReadOnly',
};
const TOKEN: CallContext = { operation: 'CreateToken' };

/** An SDK service exception as the client deserialises it. */
function serviceError(name: string, status: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error('UnknownError'), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 },
    ...extra,
  });
}

/** As retry.ts hands it over: an error that used up several attempts comes wrapped with their count. */
function explained(error: unknown, context: CallContext, elapsedMs = 100): IdentityCenterError {
  const attempts =
    (error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
  const thrown = attempts > 1 ? new RetriesExhaustedError(error, attempts, elapsedMs) : error;
  const result = explainServiceError(thrown, context);
  expect(result).toBeInstanceOf(IdentityCenterError);
  expect(result.message).not.toContain('\n');
  return result;
}

/** What the core reports, as data. */
function problem(error: unknown, context: CallContext, elapsedMs = 100): Problem {
  return explained(error, context, elapsedMs).problem;
}

/** The core's own neutral sentence (what a front end would print if it did not phrase it). */
function explain(error: unknown, context: CallContext, elapsedMs = 100): string {
  return explained(error, context, elapsedMs).message;
}

/** No action input or CLI flag in the core's own sentences. */
function expectNeutral(message: string): void {
  for (const name of ['sso-session', 'refresh-token', 'client-id', 'client-secret', '--']) {
    expect(message).not.toContain(name);
  }
  for (const name of ['role-name', 'account-id', 'replace the stored']) {
    expect(message).not.toContain(name);
  }
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('explainServiceError: known errors become problems', () => {
  test('UnauthorizedException: the access token was rejected, with whether it was just refreshed', () => {
    const error = serviceError('UnauthorizedException', 401, {
      message: 'Session token not found or invalid',
    });
    expect(problem(error, { ...ROLE, tokenJustRefreshed: true })).toEqual({
      kind: 'access-token-rejected',
      operation: 'GetRoleCredentials',
      justRefreshed: true,
    });
    expect(problem(error, { ...ROLE, tokenJustRefreshed: false })).toMatchObject({
      justRefreshed: false,
    });
    const message = explain(error, ROLE);
    expect(message).toContain('UnauthorizedException');
    expect(message).toMatch(/expired or was revoked/);
    expectNeutral(message);
  });

  test('UnauthorizedException without a known origin leaves justRefreshed out', () => {
    expect(problem(serviceError('UnauthorizedException', 401), ROLE)).toEqual({
      kind: 'access-token-rejected',
      operation: 'GetRoleCredentials',
    });
  });

  test('ForbiddenException: no access, with the role, the account and the status', () => {
    const error = serviceError('ForbiddenException', 403, { message: 'No access' });
    expect(problem(error, ROLE)).toEqual({
      kind: 'no-access',
      operation: 'GetRoleCredentials',
      status: 403,
      accountId: '111122223333',
      roleName: 'ReadOnly',
    });
    const message = explain(error, ROLE);
    expect(message).toContain("'ReadOnly'");
    expect(message).toContain('111122223333');
    expect(message).toContain('403');
    expectNeutral(message);
  });

  test('ForbiddenException on a listing has no role', () => {
    const error = serviceError('ForbiddenException', 403);
    expect(problem(error, { operation: 'ListAccounts' })).toEqual({
      kind: 'no-access',
      operation: 'ListAccounts',
      status: 403,
    });
  });

  test('ResourceNotFoundException: not found, with the role and the account', () => {
    const error = serviceError('ResourceNotFoundException', 404);
    expect(problem(error, ROLE)).toEqual({
      kind: 'not-found',
      operation: 'GetRoleCredentials',
      accountId: '111122223333',
      roleName: 'ReadOnly',
    });
    expectNeutral(explain(error, ROLE));
  });

  test('InvalidGrantException: the refresh token was refused', () => {
    const error = serviceError('InvalidGrantException', 400, {
      error: 'invalid_grant',
      error_description: 'Invalid refresh token provided',
    });
    expect(problem(error, TOKEN)).toEqual({
      kind: 'refresh-token-refused',
      operation: 'CreateToken',
    });
    const message = explain(error, TOKEN);
    expect(message).toContain('invalid_grant');
    expect(message).toMatch(/rotated/);
    expectNeutral(message);
  });

  test('InvalidClientException: the client was refused, with the registration expiry when known', () => {
    const registrationExpiresAt = new Date('2020-02-14T07:04:36Z');
    const error = serviceError('InvalidClientException', 401, { error: 'invalid_client' });
    const before = Date.now();
    const found = problem(error, { ...TOKEN, registrationExpiresAt });
    expect(found).toMatchObject({
      kind: 'client-refused',
      operation: 'CreateToken',
      registrationExpiresAt,
    });
    const observedAt = (found as { observedAt: Date }).observedAt.getTime();
    expect(observedAt).toBeGreaterThanOrEqual(before);
    expect(problem(error, TOKEN)).not.toHaveProperty('registrationExpiresAt');
    expectNeutral(explain(error, TOKEN));
  });

  test('the neutral message of a refused client says when the registration expired or expires', () => {
    const error = serviceError('InvalidClientException', 401);
    const past = new Date('2020-02-14T07:04:36Z');
    const future = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    expect(explain(error, TOKEN)).toContain('90 days');
    expect(explain(error, { ...TOKEN, registrationExpiresAt: past })).toContain(
      'expired at 2020-02-14T07:04:36.000Z',
    );
    expect(explain(error, { ...TOKEN, registrationExpiresAt: future })).toContain(
      `expires at ${future.toISOString()}`,
    );
  });
});

describe('explainServiceError: the cause is kept as fields', () => {
  test('a 500 after retries: the operation, the attempts, the time and the cause', () => {
    const error = serviceError('InternalServerException', 500, {
      message: 'Internal error',
      $metadata: { httpStatusCode: 500, attempts: 3 },
    });
    expect(problem(error, TOKEN, 2500)).toEqual({
      kind: 'call-failed',
      operation: 'CreateToken',
      retriesExhausted: { attempts: 3, elapsedMs: 2500 },
      cause: {
        kind: 'error',
        status: 500,
        name: 'InternalServerException',
        message: 'Internal error',
      },
    });
  });

  test('a network error keeps its code', () => {
    const cause = causeOf({ name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    expect(cause).toEqual({ kind: 'error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
  });

  test("a network error keeps the host it could not reach (Node's hostname, else address)", () => {
    const lookup = Object.assign(new Error('getaddrinfo ENOTFOUND oidc.us-east-9.amazonaws.com'), {
      code: 'ENOTFOUND',
      hostname: 'oidc.us-east-9.amazonaws.com',
    });
    expect(causeOf(lookup)).toMatchObject({
      code: 'ENOTFOUND',
      host: 'oidc.us-east-9.amazonaws.com',
    });
    const connect = { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9 };
    expect(causeOf(connect)).toMatchObject({ host: '127.0.0.1' });
    // An answer's own members are not a host: a service error with a status never gets one.
    const answer = { name: 'X', hostname: 'evil', $metadata: { httpStatusCode: 500 } };
    expect(causeOf(answer)).not.toHaveProperty('host');
  });

  test('a 407 is the proxy refusing, whatever its body says', () => {
    const error = {
      name: 'Unknown',
      message: 'secret-ish proxy page',
      $metadata: { httpStatusCode: 407 },
    };
    expect(causeOf(error)).toEqual({ kind: 'proxy-refused' });
    expect(describeCause(error)).toMatch(/^HTTP 407: the proxy refused the request/);
    expect(describeCause(error)).not.toContain('secret-ish');
  });

  test('a malformed body keeps only its status; our own malformed check keeps its detail', () => {
    const syntax = Object.assign(new SyntaxError('Unexpected token in "secret"'), {
      $metadata: { httpStatusCode: 200 },
    });
    expect(causeOf(syntax)).toEqual({ kind: 'malformed-response', status: 200 });
    const ours = { name: 'MalformedResponseError', detail: 'no accessToken or expiresIn' };
    expect(causeOf(ours)).toEqual({
      kind: 'malformed-response',
      detail: 'no accessToken or expiresIn',
    });
  });
});

describe('explainServiceError: other failures', () => {
  test('a 500 after several attempts names the operation, the attempts and the seconds', () => {
    const error = serviceError('InternalServerException', 500, {
      message: 'Internal error',
      $metadata: { httpStatusCode: 500, attempts: 3, totalRetryDelay: 1200 },
    });
    const message = explain(error, TOKEN, 2500);
    expect(message).toBe(
      'CreateToken failed after 3 attempts over 2.5s; last cause: HTTP 500 InternalServerException: Internal error',
    );
  });

  test('a single attempt does not mention attempts', () => {
    const message = explain(serviceError('InternalServerException', 500), ROLE, 2500);
    expect(message).toBe('GetRoleCredentials failed: HTTP 500 InternalServerException');
  });

  test('a throttled call after retries', () => {
    const error = serviceError('TooManyRequestsException', 429, {
      message: 'Too many requests',
      $metadata: { httpStatusCode: 429, attempts: 3 },
    });
    const message = explain(error, ROLE, 4000);
    expect(message).toContain('GetRoleCredentials');
    expect(message).toContain('3 attempts');
    expect(message).toContain('4.0s');
    expect(message).toContain('TooManyRequestsException');
  });

  test('a network error gives its code and message', () => {
    const message = explain(
      { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' },
      ROLE,
    );
    expect(message).toBe(
      'GetRoleCredentials failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  test('a network error after retries, as the SDK reports it', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND oidc.us-east-1.amazonaws.com'), {
      code: 'ENOTFOUND',
      $metadata: { attempts: 3, totalRetryDelay: 300 },
    });
    const message = explain(error, TOKEN, 1234);
    expect(message).toContain('CreateToken failed after 3 attempts over 1.2s; last cause');
    expect(message).toContain('ENOTFOUND');
    expect(message).toContain('oidc.us-east-1.amazonaws.com');
  });

  test('a multi-line message is folded onto one line and a long one is cut between words', () => {
    const long = 'word '.repeat(100);
    const message = explain(
      { name: 'TimeoutError', message: `Request timed out\n   after 20000 ms ${long}` },
      ROLE,
    );
    expect(message).toContain('TimeoutError: Request timed out after 20000 ms');
    expect(message.length).toBeLessThan(400);
    expect(message.endsWith('word…')).toBe(true);
  });

  test('a word that looks like a token is withheld, not cut, wherever the limit falls', () => {
    const token = `aoa-${'Zm9vYmFy'.repeat(8)}`;
    for (let pad = 250; pad < 310; pad += 7) {
      const message = explain(
        { name: 'TimeoutError', message: `${'a'.repeat(pad)} ${token} ${'tail '.repeat(20)}` },
        ROLE,
      );
      expect(message).not.toContain(token.slice(0, 8));
    }
    const short = explain({ name: 'TimeoutError', message: `bad token ${token}` }, ROLE);
    expect(short).toContain('bad token [withheld]');
  });

  test('an SSO OIDC error without a description gives the status and name only', () => {
    const message = explain(
      serviceError('SlowDownException', 400, { $metadata: { httpStatusCode: 400, attempts: 3 } }),
      TOKEN,
      900,
    );
    expect(message).toBe(
      'CreateToken failed after 3 attempts over 0.9s; last cause: HTTP 400 SlowDownException',
    );
  });

  // BUG (src/sso/service-errors.ts): SSO OIDC error shapes have no `message` member, so the SDK
  // sets message to 'UnknownError' and carries the explanation in `error` / `error_description`
  // (the sso-oidc service model's error shapes). `shape.message ?? shape.error` never falls through to them, so
  // the service's description is dropped from the failure message.
  test('an SSO OIDC error keeps the service description', () => {
    const message = explain(
      serviceError('InvalidRequestException', 400, {
        error: 'invalid_request',
        error_description: 'KMS key is disabled',
        reason: 'KMS_DisabledException',
      }),
      TOKEN,
    );
    expect(message).toContain('KMS key is disabled');
  });

  test('a thrown non-object still gives a sentence', () => {
    expect(explain(undefined, TOKEN)).toBe('CreateToken failed: unknown error');
  });
});

describe('explainServiceError: malformed response bodies are never echoed', () => {
  const SNIPPET = 'wJalrXUtnFEMI/K7MDENG';
  const HINT =
    'Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';

  test('a JSON SyntaxError from a truncated body (as the SDK throws it)', () => {
    const error = Object.assign(
      new SyntaxError(`Unexpected token 'w', "${SNIPPET}"... is not valid JSON\n  ${HINT}`),
      { $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } },
    );
    const message = explain(error, ROLE);
    expect(message).not.toContain(SNIPPET);
    expect(message).toContain('GetRoleCredentials');
    expect(message).toContain('malformed response body (HTTP 200)');
  });

  test('a type error from a deserialiser that quotes a member value', () => {
    const error = Object.assign(
      new TypeError(`Expected string, got object: ${SNIPPET}\n  ${HINT}`),
      {
        $metadata: { httpStatusCode: 200, attempts: 1 },
      },
    );
    const message = explain(error, ROLE);
    expect(message).not.toContain(SNIPPET);
    expect(message).toContain('malformed response body');
  });

  test('an HTML error page from a proxy', () => {
    const error = Object.assign(
      new SyntaxError(`Unexpected token '<', "<html>${SNIPPET}"... is not valid JSON`),
      { $metadata: { httpStatusCode: 502, attempts: 3 } },
    );
    const message = explain(error, TOKEN, 3000);
    expect(message).not.toContain(SNIPPET);
    expect(message).toContain('HTTP 502');
    expect(message).toContain('3 attempts');
  });
});

describe('callService', () => {
  test('returns what the call returns', async () => {
    await expect(callService(TOKEN, async () => 42)).resolves.toBe(42);
  });

  test('retries a 500 and then says which call failed, after how many attempts and how long', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(13_200).mockReturnValueOnce(10_000);
    const failure = serviceError('InternalServerException', 500);
    const call = jest.fn(async () => {
      throw failure;
    });
    const policy = { maxAttempts: 3, baseDelayMs: 1, throttlingBaseDelayMs: 1, maxDelayMs: 1 };
    const promise = callService(ROLE, call, policy);
    await expect(promise).rejects.toBeInstanceOf(IdentityCenterError);
    await expect(promise).rejects.toThrow(
      'GetRoleCredentials failed after 3 attempts over 3.2s; last cause: HTTP 500 InternalServerException',
    );
    expect(call).toHaveBeenCalledTimes(3);
  });

  test('does not retry a 403', async () => {
    const call = jest.fn(async () => {
      throw serviceError('ForbiddenException', 403, { message: 'No access' });
    });
    await expect(callService(ROLE, call)).rejects.toThrow(/No access/);
    expect(call).toHaveBeenCalledTimes(1);
  });
});

describe('describeCause: untrusted fields', () => {
  test('fields that are not strings (the SDK copies any body member onto the error) are ignored', () => {
    const error = Object.assign(new Error('x'), {
      name: 'InternalServerException',
      message: { nested: '::stop-commands::x' },
      code: 7,
      $metadata: { httpStatusCode: 500 },
    });
    expect(describeCause(error)).toBe('HTTP 500 InternalServerException');
  });

  test('every field is made one line without a command opener or an escape', () => {
    const hostile = 'a\n::stop-commands::T\u001b[2J';
    const error = Object.assign(new Error(hostile), {
      name: `Evil${hostile}`,
      code: hostile,
      $metadata: { httpStatusCode: 502 },
    });
    const cause = describeCause(error);
    for (const bad of ['\n', '\u001b']) expect(cause).not.toContain(bad);
    expect(cause).not.toMatch(/^\s*::/);
    // the `::` that followed a line break is broken; the one inside the line is not a command
    expect(cause).toContain(': :stop-commands::T');
  });
});
