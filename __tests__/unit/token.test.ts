import {
  CreateTokenCommand,
  type CreateTokenCommandInput,
  type SSOOIDCClient,
} from '@aws-sdk/client-sso-oidc';
import { describe, expect, jest, test } from '@jest/globals';
import { IdentityCenterError } from '../../src/sso/identity-center-error.js';
import { CREATE_TOKEN_TIMEOUT_MS } from '../../src/sso/limits.js';
import type { SsoSession } from '../../src/sso/session.js';
import { refreshAccessToken, resolveAccessToken, useGivenToken } from '../../src/sso/token.js';
import type { TokenSource } from '../../src/sso/token-source.js';
import { expectRejection } from '../support/errors.js';
import { stubbedOidc } from '../support/sdk.js';

/** One attempt: these tests are about reading responses, not about retrying them. */
const NO_RETRY = { maxAttempts: 1, baseDelayMs: 0, throttlingBaseDelayMs: 0, maxDelayMs: 0 };

const NOW = new Date('2026-11-26T08:00:00.000Z');
const MINUTE = 60_000;

const OLD_ACCESS = 'aoaOLDACCESSTOKEN';
const NEW_ACCESS = 'aoaNEWACCESSTOKEN';
const OLD_REFRESH = 'aorOLDREFRESHTOKEN';
const NEW_REFRESH = 'aorNEWREFRESHTOKEN';
const CLIENT_ID = 'cidCLIENTID';
const CLIENT_SECRET = 'csCLIENTSECRET';
const SECRETS = [OLD_ACCESS, NEW_ACCESS, OLD_REFRESH, NEW_REFRESH, CLIENT_ID, CLIENT_SECRET];

type Respond = (input: CreateTokenCommandInput) => unknown;

/** An SSOOIDCClient whose send() answers from `respond` (or throws what it throws). */
function fakeOidc(respond: Respond = () => ({ accessToken: NEW_ACCESS, expiresIn: 3600 })) {
  const send = jest.fn(async (command: CreateTokenCommand, _options?: unknown) =>
    respond(command.input),
  );
  return { client: { send } as unknown as SSOOIDCClient, send };
}

function sink() {
  return jest.fn<(secret: string) => void>();
}

const REFRESH_SOURCE: TokenSource = {
  kind: 'refresh-token',
  refreshToken: OLD_REFRESH,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
};

function sessionSource(session: SsoSession): TokenSource {
  return { kind: 'sso-session', session };
}

const REFRESHABLE: SsoSession = {
  region: 'us-east-1',
  refreshToken: OLD_REFRESH,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
};

/** The core's error: what went wrong as data, with no secret in it or in its neutral message. */
async function rejection(promise: Promise<unknown>): Promise<IdentityCenterError> {
  const error = await expectRejection(promise, IdentityCenterError, SECRETS);
  for (const secret of SECRETS) expect(JSON.stringify(error.problem)).not.toContain(secret);
  return error;
}

describe('refresh-token source', () => {
  test('sends CreateToken with the refresh_token grant and nothing else (no scope)', async () => {
    const oidc = fakeOidc();
    await resolveAccessToken(REFRESH_SOURCE, oidc.client, sink(), NOW, NO_RETRY);
    expect(oidc.send).toHaveBeenCalledTimes(1);
    const command = oidc.send.mock.calls[0]?.[0];
    expect(command).toBeInstanceOf(CreateTokenCommand);
    expect(command?.input).toEqual({
      grantType: 'refresh_token',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: OLD_REFRESH,
    });
  });

  test('returns the new token, expiring expiresIn seconds from now', async () => {
    const oidc = fakeOidc(() => ({
      accessToken: NEW_ACCESS,
      tokenType: 'Bearer',
      expiresIn: 3600,
    }));
    const token = await resolveAccessToken(REFRESH_SOURCE, oidc.client, sink(), NOW, NO_RETRY);
    expect(token).toEqual({
      accessToken: NEW_ACCESS,
      expiresAt: new Date(NOW.getTime() + 3600 * 1000),
      refreshed: true,
      renewable: true,
    });
  });

  test('masks the new access token and the rotated refresh token', async () => {
    const oidc = fakeOidc(() => ({
      accessToken: NEW_ACCESS,
      expiresIn: 3600,
      refreshToken: NEW_REFRESH,
    }));
    const mask = sink();
    const token = await resolveAccessToken(REFRESH_SOURCE, oidc.client, mask, NOW, NO_RETRY);
    expect(mask).toHaveBeenCalledWith(NEW_ACCESS);
    expect(mask).toHaveBeenCalledWith(NEW_REFRESH);
    expect(token.rotatedRefreshToken).toBe(NEW_REFRESH);
  });

  test('reports no rotation when the service returns the same refresh token', async () => {
    const oidc = fakeOidc(() => ({
      accessToken: NEW_ACCESS,
      expiresIn: 3600,
      refreshToken: OLD_REFRESH,
    }));
    const token = await resolveAccessToken(REFRESH_SOURCE, oidc.client, sink(), NOW, NO_RETRY);
    expect(token).not.toHaveProperty('rotatedRefreshToken');
  });

  test.each([
    ['absent', undefined],
    ['empty', ''],
  ])('reports no rotation when the refresh token is %s', async (_label, refreshToken) => {
    const oidc = fakeOidc(() => ({ accessToken: NEW_ACCESS, expiresIn: 3600, refreshToken }));
    const mask = sink();
    const token = await resolveAccessToken(REFRESH_SOURCE, oidc.client, mask, NOW, NO_RETRY);
    expect(token).not.toHaveProperty('rotatedRefreshToken');
    expect(mask.mock.calls).toEqual([[NEW_ACCESS]]);
  });

  test('a service error becomes a problem: the refresh token was refused', async () => {
    const oidc = fakeOidc(() => {
      throw Object.assign(new Error('UnknownError'), {
        name: 'InvalidGrantException',
        error: 'invalid_grant',
        $metadata: { httpStatusCode: 400, attempts: 1 },
      });
    });
    const error = await rejection(
      resolveAccessToken(REFRESH_SOURCE, oidc.client, sink(), NOW, NO_RETRY),
    );
    expect(error.problem).toEqual({ kind: 'refresh-token-refused', operation: 'CreateToken' });
    expect(error.message).toContain('invalid_grant');
  });
});

describe('an attempt whose outcome is unknown, then invalid_grant', () => {
  /** Fast retries: these tests are about what the attempts answer, not about waiting. */
  const RETRY = { maxAttempts: 3, baseDelayMs: 1, throttlingBaseDelayMs: 1, maxDelayMs: 1 };
  const INVALID_GRANT = Object.assign(new Error('UnknownError'), {
    name: 'InvalidGrantException',
    error: 'invalid_grant',
    $metadata: { httpStatusCode: 400 },
  });

  function failing(...errors: unknown[]) {
    let call = 0;
    return fakeOidc(() => {
      throw errors[Math.min(call++, errors.length - 1)];
    });
  }

  test.each([
    [
      'a request timeout',
      Object.assign(new Error('a request has exceeded the configured 30000 ms requestTimeout.'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      }),
    ],
    ['a connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    [
      'a lost gateway answer (504)',
      Object.assign(new Error('x'), { $metadata: { httpStatusCode: 504 } }),
    ],
    ['an answer that could not be read', Object.assign(new Error('x'), { name: 'SyntaxError' })],
  ])('%s: the error says an earlier attempt may have used up the token', async (_label, first) => {
    const oidc = failing(first, INVALID_GRANT);
    const error = await rejection(
      resolveAccessToken(REFRESH_SOURCE, oidc.client, sink(), NOW, RETRY),
    );
    expect(oidc.send).toHaveBeenCalledTimes(2);
    expect(error.problem).toEqual({
      kind: 'refresh-token-refused',
      operation: 'CreateToken',
      afterAmbiguousAttempt: true,
    });
    expect(error.message).toMatch(
      /^IAM Identity Center refused the refresh token \(invalid_grant\) on a retry, after an earlier attempt of this refresh got no usable answer .*may have reached the service, which then rotated the refresh token.*cannot be used again/,
    );
  });

  test.each([
    [
      'a connection that was never made (timeout)',
      Object.assign(
        new Error(
          'the request socket did not establish a connection with the server within the configured timeout of 5000 ms.',
        ),
        { name: 'TimeoutError' },
      ),
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a 500 from the service',
      Object.assign(new Error('x'), {
        name: 'InternalServerException',
        $metadata: { httpStatusCode: 500 },
      }),
    ],
  ])('%s, then invalid_grant: the plain invalid_grant message', async (_label, first) => {
    const oidc = failing(first, INVALID_GRANT);
    const error = await rejection(
      resolveAccessToken(REFRESH_SOURCE, oidc.client, sink(), NOW, RETRY),
    );
    expect(error.problem).toEqual({ kind: 'refresh-token-refused', operation: 'CreateToken' });
  });

  test('invalid_grant on the first attempt: the plain message', async () => {
    const error = await rejection(
      resolveAccessToken(REFRESH_SOURCE, failing(INVALID_GRANT).client, sink(), NOW, RETRY),
    );
    expect(error.problem).toEqual({ kind: 'refresh-token-refused', operation: 'CreateToken' });
  });

  test('each CreateToken attempt is given the longer refresh deadline', async () => {
    const oidc = fakeOidc();
    await resolveAccessToken(REFRESH_SOURCE, oidc.client, sink(), NOW, NO_RETRY);
    expect(oidc.send.mock.calls[0]?.[1]).toEqual({ requestTimeout: CREATE_TOKEN_TIMEOUT_MS });
    expect(CREATE_TOKEN_TIMEOUT_MS).toBeGreaterThanOrEqual(30_000);
  });
});

describe('a token handed over by the caller', () => {
  test('is used as is, renewable when its source is', () => {
    const given = { accessToken: OLD_ACCESS, expiresAt: new Date(NOW.getTime() + 50 * MINUTE) };
    expect(useGivenToken(REFRESH_SOURCE, given)).toEqual({
      ...given,
      refreshed: false,
      renewable: true,
      handedOver: true,
    });
    const registrationExpiresAt = new Date('2027-01-01T00:00:00Z');
    const session = sessionSource({ ...REFRESHABLE, registrationExpiresAt });
    expect(useGivenToken(session, given)).toMatchObject({ renewable: true, registrationExpiresAt });
  });
});

describe('malformed CreateToken responses', () => {
  test('missing accessToken: a malformed response, and the refresh token that did arrive is masked', async () => {
    const oidc = fakeOidc(() => ({ expiresIn: 3600, refreshToken: NEW_REFRESH }));
    const mask = sink();
    const error = await rejection(
      resolveAccessToken(REFRESH_SOURCE, oidc.client, mask, NOW, NO_RETRY),
    );
    expect(error.problem).toEqual({
      kind: 'call-failed',
      operation: 'CreateToken',
      retriesExhausted: { attempts: 1, elapsedMs: expect.any(Number) },
      cause: { kind: 'malformed-response', detail: 'no accessToken or expiresIn' },
    });
    expect(mask).toHaveBeenCalledWith(NEW_REFRESH);
  });

  // Missing is a malformed (half-sent) answer; present in the wrong shape is an invalid one, final.
  test.each([
    ['missing', undefined, { kind: 'malformed-response', detail: 'no accessToken or expiresIn' }],
    ['a string', '3600', { kind: 'error', message: expect.stringMatching(/expiresIn is not/) }],
    ['zero', 0, { kind: 'error', message: expect.stringMatching(/expiresIn is not/) }],
    ['negative', -5, { kind: 'error', message: expect.stringMatching(/expiresIn is not/) }],
    ['NaN', Number.NaN, { kind: 'error', message: expect.stringMatching(/expiresIn is not/) }],
  ])(
    'expiresIn %s: refused, and the access token that did arrive is masked',
    async (_label, expiresIn, cause) => {
      const oidc = fakeOidc(() => ({
        accessToken: NEW_ACCESS,
        expiresIn,
        refreshToken: NEW_REFRESH,
      }));
      const mask = sink();
      const error = await rejection(
        resolveAccessToken(REFRESH_SOURCE, oidc.client, mask, NOW, NO_RETRY),
      );
      expect(error.problem).toMatchObject({ kind: 'call-failed', cause });
      expect(mask).toHaveBeenCalledWith(NEW_ACCESS);
      expect(mask).toHaveBeenCalledWith(NEW_REFRESH);
    },
  );

  test('an empty response', async () => {
    const oidc = fakeOidc(() => ({}));
    const mask = sink();
    await rejection(resolveAccessToken(REFRESH_SOURCE, oidc.client, mask, NOW, NO_RETRY));
    expect(mask).not.toHaveBeenCalled();
  });
});

describe('access-token source', () => {
  test('is used as given, without a request or an expiry', async () => {
    const oidc = fakeOidc();
    const mask = sink();
    const token = await resolveAccessToken(
      { kind: 'access-token', accessToken: OLD_ACCESS },
      oidc.client,
      mask,
      NOW,
      NO_RETRY,
    );
    expect(token).toEqual({ accessToken: OLD_ACCESS, refreshed: false, renewable: false });
    expect(oidc.send).not.toHaveBeenCalled();
  });
});

describe('sso-session source', () => {
  const registrationExpiresAt = new Date('2027-02-14T07:04:36Z');

  function session(minutesLeft: number, extra: Partial<SsoSession> = REFRESHABLE): SsoSession {
    return {
      ...extra,
      accessToken: OLD_ACCESS,
      expiresAt: new Date(NOW.getTime() + minutesLeft * MINUTE),
      registrationExpiresAt,
    };
  }

  test.each([
    ['exactly 5 minutes', 5],
    ['6 minutes', 6],
    ['8 hours', 480],
  ])('a token with %s left is used without a request', async (_label, minutesLeft) => {
    const oidc = fakeOidc();
    const token = await resolveAccessToken(
      sessionSource(session(minutesLeft)),
      oidc.client,
      sink(),
      NOW,
      NO_RETRY,
    );
    expect(oidc.send).not.toHaveBeenCalled();
    expect(token).toEqual({
      accessToken: OLD_ACCESS,
      expiresAt: new Date(NOW.getTime() + minutesLeft * MINUTE),
      refreshed: false,
      renewable: true,
      registrationExpiresAt,
    });
  });

  test('a token with 5 minutes left is used even without refresh members', async () => {
    const oidc = fakeOidc();
    const token = await resolveAccessToken(
      sessionSource(session(5, {})),
      oidc.client,
      sink(),
      NOW,
      NO_RETRY,
    );
    expect(token.accessToken).toBe(OLD_ACCESS);
    expect(token.renewable).toBe(false);
    expect(oidc.send).not.toHaveBeenCalled();
  });

  test.each([
    ['4:59 left', 4 + 59 / 60],
    ['1 minute left', 1],
    ['expired an hour ago', -60],
  ])('a token with %s is refreshed', async (_label, minutesLeft) => {
    const oidc = fakeOidc(() => ({
      accessToken: NEW_ACCESS,
      expiresIn: 3600,
      refreshToken: NEW_REFRESH,
    }));
    const mask = sink();
    const token = await resolveAccessToken(
      sessionSource(session(minutesLeft)),
      oidc.client,
      mask,
      NOW,
      NO_RETRY,
    );
    expect(oidc.send).toHaveBeenCalledTimes(1);
    expect(oidc.send.mock.calls[0]?.[0].input).toEqual({
      grantType: 'refresh_token',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: OLD_REFRESH,
    });
    expect(token).toEqual({
      accessToken: NEW_ACCESS,
      expiresAt: new Date(NOW.getTime() + 3600 * 1000),
      refreshed: true,
      renewable: true,
      rotatedRefreshToken: NEW_REFRESH,
      registrationExpiresAt,
    });
    expect(mask).toHaveBeenCalledWith(NEW_ACCESS);
    expect(mask).toHaveBeenCalledWith(NEW_REFRESH);
  });

  test('a session without an access token is refreshed', async () => {
    const oidc = fakeOidc();
    const token = await resolveAccessToken(
      sessionSource(REFRESHABLE),
      oidc.client,
      sink(),
      NOW,
      NO_RETRY,
    );
    expect(oidc.send).toHaveBeenCalledTimes(1);
    expect(token.accessToken).toBe(NEW_ACCESS);
    expect(token.refreshed).toBe(true);
  });

  test('an expired token without a way to refresh is a problem, without a request', async () => {
    const oidc = fakeOidc();
    const expired = session(-10, { refreshToken: OLD_REFRESH });
    const error = await rejection(
      resolveAccessToken(sessionSource(expired), oidc.client, sink(), NOW, NO_RETRY),
    );
    expect(oidc.send).not.toHaveBeenCalled();
    expect(error.problem).toEqual({
      kind: 'session-token-expired',
      expiresAt: expired.expiresAt,
      checkedAt: NOW,
    });
    // The core's own sentence names no action input and no command.
    expect(error.message).toContain(`expired at ${expired.expiresAt?.toISOString()}`);
    expect(error.message).not.toContain("'sso-session'");
    expect(error.message).not.toContain('aws-sso-credentials');
  });

  test('a token about to expire without a way to refresh says it expires (not expired)', async () => {
    const oidc = fakeOidc();
    const soon = session(2, {});
    const error = await rejection(
      resolveAccessToken(sessionSource(soon), oidc.client, sink(), NOW, NO_RETRY),
    );
    expect(error.problem).toEqual({
      kind: 'session-token-expired',
      expiresAt: soon.expiresAt,
      checkedAt: NOW,
    });
    expect(error.message).toContain(`expires at ${soon.expiresAt?.toISOString()}`);
  });

  test('an InvalidClientException names when the registration expires', async () => {
    const oidc = fakeOidc(() => {
      throw Object.assign(new Error('UnknownError'), {
        name: 'InvalidClientException',
        $metadata: { httpStatusCode: 401, attempts: 1 },
      });
    });
    const error = await rejection(
      resolveAccessToken(sessionSource(session(-1)), oidc.client, sink(), NOW, NO_RETRY),
    );
    expect(error.problem).toMatchObject({
      kind: 'client-refused',
      operation: 'CreateToken',
      registrationExpiresAt,
    });
    expect(error.message).toContain(registrationExpiresAt.toISOString());
  });
});

describe('refreshAccessToken on the real SDK client', () => {
  function bodyOf(request: { body?: unknown } | undefined): unknown {
    const body = request?.body;
    return JSON.parse(
      typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array),
    );
  }

  test('POSTs /token with exactly clientId, clientSecret, grantType and refreshToken', async () => {
    const { client, requests } = stubbedOidc(
      200,
      JSON.stringify({
        accessToken: NEW_ACCESS,
        tokenType: 'Bearer',
        expiresIn: 3600,
        refreshToken: NEW_REFRESH,
      }),
      { 'content-type': 'application/json' },
    );
    const mask = sink();
    const token = await refreshAccessToken(
      client,
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: OLD_REFRESH },
      mask,
      NOW,
      NO_RETRY,
    );
    client.destroy();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.path).toBe('/token');
    expect(bodyOf(requests[0])).toEqual({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      grantType: 'refresh_token',
      refreshToken: OLD_REFRESH,
    });
    expect(token.expiresAt).toEqual(new Date(NOW.getTime() + 3600 * 1000));
    expect(token.rotatedRefreshToken).toBe(NEW_REFRESH);
    expect(mask).toHaveBeenCalledWith(NEW_ACCESS);
  });

  test('an invalid_grant answer on the wire becomes the refused-refresh-token problem', async () => {
    const { client } = stubbedOidc(
      400,
      JSON.stringify({
        error: 'invalid_grant',
        error_description: 'Invalid refresh token provided',
      }),
      { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidGrantException' },
    );
    const error = await rejection(
      refreshAccessToken(
        client,
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: OLD_REFRESH },
        sink(),
        NOW,
        NO_RETRY,
      ),
    );
    client.destroy();
    expect(error.problem).toEqual({ kind: 'refresh-token-refused', operation: 'CreateToken' });
    expect(error.message).toMatch(
      /^IAM Identity Center refused the refresh token \(invalid_grant\)/,
    );
  });
});
