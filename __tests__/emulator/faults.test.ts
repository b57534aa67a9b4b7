import {
  GetRoleCredentialsCommand,
  ListAccountsCommand,
  type SSOClientConfig,
} from '@aws-sdk/client-sso';
import { InternalServerException, SlowDownException } from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeEach, describe, expect, test } from '@jest/globals';
import { emulatorPerTest } from '../support/emulator-fixtures.js';
import {
  destroyClients,
  oidcClient,
  portalClient,
  raw,
  refresh,
  rejectionOf,
} from '../support/sdk.js';

/** Fault injection, throttling and latency, as the SDK's retry logic experiences them. */

const CREDENTIALS = '/federation/credentials';
const { emulator: emu, start: startEmulator } = emulatorPerTest();

afterAll(destroyClients);

function getCredentials(config: SSOClientConfig = {}, accessToken = emu.issueAccessToken()) {
  return portalClient(emu, config).send(
    new GetRoleCredentialsCommand({ accessToken, accountId: '111111111111', roleName: 'ReadOnly' }),
  );
}

describe('injected faults', () => {
  beforeEach(() => startEmulator());

  test('a 500 is retried by the SDK and the second attempt succeeds', async () => {
    emu.injectFault(CREDENTIALS, { kind: 'status', status: 500 });
    const out = await getCredentials();
    expect(out.$metadata.attempts).toBe(2);
    const [first, second] = emu.requests;
    expect(emu.requests).toHaveLength(2);
    expect(first).toMatchObject({
      status: 500,
      errorType: 'InternalServerException',
      faulted: true,
    });
    expect(first?.headers['amz-sdk-request']).toMatch(/^attempt=1;/);
    expect(second).toMatchObject({ status: 200, faulted: false });
    expect(second?.headers['amz-sdk-request']).toMatch(/^attempt=2;/);
  });

  test('faults on one path are consumed first in, first out', async () => {
    emu.injectFault(CREDENTIALS, { kind: 'status', status: 503 });
    emu.injectFault(CREDENTIALS, { kind: 'status', status: 502, errorType: 'BadGateway' });
    const out = await getCredentials();
    expect(out.$metadata.attempts).toBe(3);
    expect(emu.requests.map((r) => r.status)).toEqual([503, 502, 200]);
    expect(emu.requests.map((r) => r.errorType)).toEqual([
      'ServiceUnavailableException',
      'BadGateway',
      undefined,
    ]);
  });

  test('times repeats a fault; Infinity until clearFaults()', async () => {
    emu.injectFault(CREDENTIALS, { kind: 'status', status: 500 }, Infinity);
    const error = await rejectionOf(getCredentials({ maxAttempts: 2 }));
    expect(error.name).toBe('InternalServerException');
    expect(error.$metadata?.attempts).toBe(2);
    expect(error.$fault).toBe('server');
    emu.clearFaults();
    await expect(getCredentials({ maxAttempts: 1 })).resolves.toBeDefined();
  });

  test('a 429 is TooManyRequestsException with Retry-After headers', async () => {
    emu.injectFault(CREDENTIALS, {
      kind: 'status',
      status: 429,
      message: 'Too many requests',
      retryAfter: '7',
      amzRetryAfterMs: 7000,
    });
    const error = await rejectionOf(getCredentials({ maxAttempts: 1 }));
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.message).toBe('Too many requests');
    expect(error.$metadata?.httpStatusCode).toBe(429);

    emu.injectFault(CREDENTIALS, { kind: 'status', status: 429, retryAfter: '7' });
    const response = await raw(emu, 'GET', CREDENTIALS);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['x-amzn-errortype']).toBe('TooManyRequestsException');
  });

  test('OIDC status faults speak the OIDC error dialect', async () => {
    const session = emu.seedSession();
    emu.injectFault('/token', { kind: 'status', status: 500 });
    const error = await rejectionOf(
      refresh(oidcClient(emu, { maxAttempts: 1 }), session, session.refreshToken ?? ''),
    );
    expect(error).toBeInstanceOf(InternalServerException);
    expect(error.error).toBe('server_error');
    expect(error.$metadata?.httpStatusCode).toBe(500);
  });

  test('a reset connection is ECONNRESET, and retried', async () => {
    emu.injectFault(CREDENTIALS, { kind: 'reset' });
    const error = await rejectionOf(getCredentials({ maxAttempts: 1 }));
    // Under Jest's VM realm the SDK wraps the socket error; the code is then in the message.
    expect(`${error.code ?? ''} ${error.message}`).toMatch(/ECONNRESET/);
    expect(emu.requests[0]).toMatchObject({ status: 'reset', faulted: true });

    emu.clearRequests();
    emu.injectFault(CREDENTIALS, { kind: 'reset' });
    const out = await getCredentials();
    expect(out.$metadata.attempts).toBe(2);
    expect(emu.requests.map((r) => r.status)).toEqual(['reset', 200]);
  });

  test('a truncated body is an SDK error, not a hang', async () => {
    emu.injectFault(CREDENTIALS, { kind: 'malformed' });
    const error = await rejectionOf(getCredentials({ maxAttempts: 1 }));
    expect(error).toBeInstanceOf(Error);
    expect(emu.requests[0]).toMatchObject({ status: 200, faulted: true });
  });

  test('a schema-wrong body parses but carries no credentials', async () => {
    emu.injectFault(CREDENTIALS, { kind: 'malformed', body: '{}' });
    const out = await getCredentials({ maxAttempts: 1 });
    expect(out.roleCredentials).toBeUndefined();
  });

  test('a latency fault delays one answer', async () => {
    emu.injectFault(CREDENTIALS, { kind: 'latency', ms: 200 });
    const started = Date.now();
    await getCredentials();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(emu.requests[0]).toMatchObject({ status: 200, faulted: true });
  });
});

describe('hang', () => {
  test('a hung request is released by stop()', async () => {
    await startEmulator();
    emu.injectFault(CREDENTIALS, { kind: 'hang' });
    const pending = rejectionOf(getCredentials({ maxAttempts: 1 }));
    while (emu.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(emu.requests[0]).toMatchObject({ status: 'hang', faulted: true });
    const started = Date.now();
    await emu.stop();
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('lost answer', () => {
  test('the refresh is carried out (the token rotates), then the connection is reset', async () => {
    await startEmulator();
    const session = emu.seedSession();
    const oidc = oidcClient(emu, { maxAttempts: 1 });
    emu.injectFault('/token', { kind: 'lost-answer' });
    const error = await rejectionOf(refresh(oidc, session, session.refreshToken ?? ''));
    expect(`${error.name} ${(error as { code?: string }).code ?? ''} ${error.message}`).toMatch(
      /ECONNRESET|socket hang up/,
    );
    expect(emu.requests[0]).toMatchObject({ status: 'reset', faulted: true });
    // Served: the token sent is retired and a new one exists that nobody received.
    expect(emu.isRefreshTokenValid(session.refreshToken ?? '')).toBe(false);
    expect(emu.lastRefreshToken).not.toBe(session.refreshToken);
    expect(emu.isRefreshTokenValid(emu.lastRefreshToken ?? '')).toBe(true);
    // The retry a client would make now runs into invalid_grant.
    const retry = await rejectionOf(refresh(oidc, session, session.refreshToken ?? ''));
    expect(retry.name).toBe('InvalidGrantException');
  });

  test("ending: 'hang' serves the request and never answers", async () => {
    await startEmulator();
    const session = emu.seedSession();
    emu.injectFault('/token', { kind: 'lost-answer', ending: 'hang' });
    const pending = rejectionOf(
      refresh(oidcClient(emu, { maxAttempts: 1 }), session, session.refreshToken ?? ''),
    );
    while (emu.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(emu.requests[0]).toMatchObject({ status: 'hang', faulted: true });
    expect(emu.isRefreshTokenValid(session.refreshToken ?? '')).toBe(false);
    await emu.stop();
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('global latency', () => {
  test('latencyMs is added to every API response', async () => {
    await startEmulator({ latencyMs: 150 });
    const started = Date.now();
    await getCredentials();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    emu.setLatency(0);
  });
});

describe('rate limiting', () => {
  beforeEach(() =>
    startEmulator({ rateLimit: { requestsPerSecond: 0.2, burst: 2, retryAfterSeconds: 3 } }),
  );

  test('requests over the bucket get 429 TooManyRequestsException', async () => {
    const accessToken = emu.issueAccessToken();
    const client = portalClient(emu, { maxAttempts: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => client.send(new ListAccountsCommand({ accessToken }))),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    for (const result of rejected) {
      const error = (result as PromiseRejectedResult).reason as Error & {
        $metadata: { httpStatusCode: number };
      };
      expect(error.name).toBe('TooManyRequestsException');
      expect(error.message).toBe('Rate exceeded');
      expect(error.$metadata.httpStatusCode).toBe(429);
    }
    expect(emu.requests.filter((r) => r.throttled)).toHaveLength(rejected.length);
    const response = await raw(emu, 'GET', '/assignment/accounts');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
  });

  test('OIDC requests over the bucket get slow_down', async () => {
    const session = emu.seedSession();
    const oidc = oidcClient(emu, { maxAttempts: 1 });
    const calls = Array.from({ length: 4 }, () =>
      rejectionOf(refresh(oidc, session, 'aor-unknown')),
    );
    const errors = await Promise.all(calls);
    const slowed = errors.filter((e) => e instanceof SlowDownException);
    expect(slowed.length).toBeGreaterThanOrEqual(2);
    expect(slowed[0]?.$metadata?.httpStatusCode).toBe(400);
  });

  test('setRateLimit(undefined) lifts the limit', async () => {
    emu.setRateLimit(undefined);
    const accessToken = emu.issueAccessToken();
    const client = portalClient(emu, { maxAttempts: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => client.send(new ListAccountsCommand({ accessToken }))),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
  });
});
