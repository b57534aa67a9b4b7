import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InternalServerException,
  InvalidGrantException,
  InvalidScopeException,
  RegisterClientCommand,
  SlowDownException,
  type SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { describe, expect, test } from '@jest/globals';
import type { RetryPolicy } from '../../src/http/retry.js';
import {
  ACCOUNT_ACCESS_SCOPE,
  DEVICE_CODE_GRANT,
  type DeviceAuthorization,
  deviceLogin,
  pollForToken,
  REFRESH_TOKEN_GRANT,
  startDeviceAuthorization,
} from '../../src/sso/device-flow.js';
import { IdentityCenterError } from '../../src/sso/identity-center-error.js';
import type { Clock } from '../../src/time/clock.js';
import { SESSION_DOCUMENT_KEYS } from '../support/cli.js';

/** The polling loop with a fake clock and a scripted SSO OIDC client: nothing really waits. */

const meta = { $metadata: { httpStatusCode: 400 } };
const pending = () => new AuthorizationPendingException({ ...meta, message: 'pending' });
const slowDown = () => new SlowDownException({ ...meta, message: 'slow down' });
const expired = () => new ExpiredTokenException({ ...meta, message: 'expired' });
const denied = () => new AccessDeniedException({ ...meta, message: 'denied' });

const TOKEN = { accessToken: 'aoa-access-token', expiresIn: 3600, refreshToken: 'aor-refresh' };

type Answer = object | Error;

interface FakeOidc {
  client: SSOOIDCClient;
  sent: Array<{ name: string; input: Record<string, unknown> }>;
}

/** Answers each command from its own queue; an Error is thrown, anything else returned. */
function fakeOidc(answers: Record<string, Answer[]>): FakeOidc {
  const sent: FakeOidc['sent'] = [];
  const send = async (command: { constructor: { name: string }; input: object }) => {
    const name = command.constructor.name;
    sent.push({ name, input: command.input as Record<string, unknown> });
    const answer = answers[name]?.shift();
    if (answer === undefined) throw new Error(`unexpected ${name}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { client: { send } as unknown as SSOOIDCClient, sent };
}

interface FakeClock extends Clock {
  readonly sleeps: number[];
}

function fakeClock(start = Date.UTC(2026, 10, 26, 8, 0, 0)): FakeClock {
  let time = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
  };
}

const NO_RETRY: RetryPolicy = {
  maxAttempts: 1,
  baseDelayMs: 0,
  throttlingBaseDelayMs: 0,
  maxDelayMs: 0,
};
const CLIENT = { clientId: 'cid-1', clientSecret: 'cs-secret-1' };
const DEVICE: DeviceAuthorization = {
  deviceCode: 'dc-device-code',
  userCode: 'ABCD-EFGH',
  verificationUri: 'https://example.awsapps.com/start/#/device',
  expiresInSeconds: 600,
  intervalSeconds: 1,
};

function poll(oidc: FakeOidc, clock: Clock, device = DEVICE, retry = NO_RETRY) {
  return pollForToken(oidc.client, CLIENT, device, { mask: () => {}, clock, retry });
}

async function failure(promise: Promise<unknown>): Promise<IdentityCenterError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IdentityCenterError);
  return error as IdentityCenterError;
}

describe('pollForToken', () => {
  test('keeps polling through authorization_pending, every interval, first poll at once', async () => {
    const oidc = fakeOidc({
      CreateTokenCommand: [pending(), pending(), pending(), TOKEN],
    });
    const clock = fakeClock();
    const started = clock.now();
    const token = await poll(oidc, clock, { ...DEVICE, intervalSeconds: 2 });
    expect(clock.sleeps).toEqual([2000, 2000, 2000]);
    expect(token).toEqual({
      accessToken: 'aoa-access-token',
      refreshToken: 'aor-refresh',
      expiresAt: new Date(started + 6000 + 3600 * 1000),
    });
    expect(oidc.sent).toHaveLength(4);
    expect(oidc.sent[0]?.input).toEqual({
      clientId: 'cid-1',
      clientSecret: 'cs-secret-1',
      grantType: DEVICE_CODE_GRANT,
      deviceCode: 'dc-device-code',
    });
  });

  test('slow_down adds 5 seconds to the interval for every later poll', async () => {
    const oidc = fakeOidc({
      CreateTokenCommand: [pending(), slowDown(), pending(), slowDown(), pending(), TOKEN],
    });
    const clock = fakeClock();
    const told: string[] = [];
    await pollForToken(oidc.client, CLIENT, DEVICE, {
      mask: () => {},
      clock,
      retry: NO_RETRY,
      onPoll: (outcome, interval) => told.push(`${outcome}@${interval}`),
    });
    expect(clock.sleeps).toEqual([1000, 6000, 6000, 11000, 11000]);
    expect(told).toEqual(['pending@1', 'slow_down@6', 'pending@6', 'slow_down@11', 'pending@11']);
  });

  test('slow_down is handled by the loop, not retried as throttling', async () => {
    const oidc = fakeOidc({ CreateTokenCommand: [slowDown(), TOKEN] });
    const retry = { ...NO_RETRY, maxAttempts: 5 };
    const clock = fakeClock();
    await poll(oidc, clock, DEVICE, retry);
    expect(clock.sleeps).toEqual([6000]);
    expect(oidc.sent).toHaveLength(2);
  });

  test('expired_token ends the wait: the sign-in ended, and how long the code lasted', async () => {
    const oidc = fakeOidc({ CreateTokenCommand: [pending(), expired()] });
    const error = await failure(poll(oidc, fakeClock()));
    expect(error.problem).toEqual({ kind: 'sign-in-ended', reason: 'expired', minutes: 10 });
    expect(error.message).toMatch(/^The sign-in request expired before it was approved/);
    expect(error.message).toMatch(/about 10 minutes, expired_token\)/);
    expect(oidc.sent).toHaveLength(2);
  });

  test('access_denied ends the wait with a sentence', async () => {
    const oidc = fakeOidc({ CreateTokenCommand: [pending(), pending(), denied()] });
    const error = await failure(poll(oidc, fakeClock()));
    expect(error.problem).toEqual({ kind: 'sign-in-ended', reason: 'denied', minutes: 10 });
    expect(error.message).toMatch(
      /^The sign-in request was denied in the browser \(access_denied\)/,
    );
  });

  test('the error code in the body is enough when the exception type is unknown', async () => {
    const generic = Object.assign(new Error('UnknownError'), {
      name: 'Unknown',
      error: 'access_denied',
    });
    const oidc = fakeOidc({ CreateTokenCommand: [generic] });
    expect((await failure(poll(oidc, fakeClock()))).message).toMatch(/denied/);
  });

  test('invalid_grant (a used or unknown device code) is not mistaken for a refresh-token problem', async () => {
    const oidc = fakeOidc({
      CreateTokenCommand: [new InvalidGrantException({ ...meta, message: 'Invalid device code' })],
    });
    const error = await failure(poll(oidc, fakeClock()));
    expect(error.problem).toEqual({ kind: 'sign-in-ended', reason: 'invalid_grant', minutes: 10 });
    expect(error.message).toMatch(/no longer accepts this sign-in request \(invalid_grant\)/);
    expect(error.message).not.toMatch(/refresh token/);
  });

  test('an unknown error fails at once with the operation and the cause', async () => {
    const oidc = fakeOidc({
      CreateTokenCommand: [
        pending(),
        new InvalidScopeException({
          ...meta,
          message: 'UnknownError',
          error_description: 'bad scope',
        }),
      ],
    });
    const error = await failure(poll(oidc, fakeClock()));
    expect(error.message).toBe('CreateToken failed: HTTP 400 InvalidScopeException: bad scope');
    expect(oidc.sent).toHaveLength(2);
  });

  test('a transient failure is retried by the retry policy, then polling goes on', async () => {
    const serverError = new InternalServerException({
      $metadata: { httpStatusCode: 500 },
      message: 'boom',
    });
    const oidc = fakeOidc({ CreateTokenCommand: [serverError, pending(), TOKEN] });
    const clock = fakeClock();
    await poll(oidc, clock, DEVICE, { ...NO_RETRY, maxAttempts: 3 });
    expect(oidc.sent).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000]);
  });

  test('stops on its own a minute after the device code expired if the service never says so', async () => {
    const oidc = fakeOidc({ CreateTokenCommand: Array.from({ length: 100 }, pending) });
    const clock = fakeClock();
    const started = clock.now();
    const error = await failure(
      poll(oidc, clock, { ...DEVICE, expiresInSeconds: 60, intervalSeconds: 5 }),
    );
    expect(error.message).toMatch(/expired before it was approved/);
    expect(clock.now() - started).toBeLessThanOrEqual(120_000);
    // Polls at 0, 5, …, 120 s: the last one exactly at the deadline.
    expect(oidc.sent.length).toBe(25);
  });

  test('masks the tokens before anything else sees them', async () => {
    const masked: string[] = [];
    const oidc = fakeOidc({ CreateTokenCommand: [TOKEN] });
    await pollForToken(oidc.client, CLIENT, DEVICE, {
      mask: (s) => masked.push(s),
      clock: fakeClock(),
    });
    expect(masked).toEqual(['aoa-access-token', 'aor-refresh']);
  });
});

describe('startDeviceAuthorization', () => {
  test('the interval defaults to 5 seconds when the response has none', async () => {
    const oidc = fakeOidc({
      StartDeviceAuthorizationCommand: [
        { deviceCode: 'dc-x', userCode: 'WXYZ-ABCD', verificationUri: 'https://v', expiresIn: 600 },
      ],
      CreateTokenCommand: [pending(), TOKEN],
    });
    const device = await startDeviceAuthorization(oidc.client, CLIENT, 'https://s', {
      mask: () => {},
    });
    expect(device.intervalSeconds).toBe(5);
    const clock = fakeClock();
    await poll(oidc, clock, device);
    expect(clock.sleeps).toEqual([5000]);
  });
});

describe('deviceLogin', () => {
  test('registers a refreshable public client and returns the sso-session document', async () => {
    const registration = {
      clientId: 'cid-2',
      clientSecret: 'cs-secret-2',
      clientIdIssuedAt: 1_795_680_000,
      clientSecretExpiresAt: 1_803_456_000,
    };
    const device = {
      deviceCode: 'dc-2',
      userCode: 'QRST-UVWX',
      verificationUri: 'https://v',
      verificationUriComplete: 'https://v?user_code=QRST-UVWX',
      expiresIn: 600,
      interval: 1,
    };
    const oidc = fakeOidc({
      RegisterClientCommand: [registration],
      StartDeviceAuthorizationCommand: [device],
      CreateTokenCommand: [pending(), TOKEN],
    });
    const clock = fakeClock();
    const shown: string[] = [];
    const masked: string[] = [];
    const request = {
      startUrl: 'https://d-1.awsapps.com/start',
      region: 'eu-west-1',
      clientName: 'me',
    };
    const session = await deviceLogin(oidc.client, request, (d) => shown.push(d.userCode), {
      mask: (s) => masked.push(s),
      clock,
    });

    expect(oidc.sent.map((s) => s.name)).toEqual([
      RegisterClientCommand.name,
      StartDeviceAuthorizationCommand.name,
      CreateTokenCommand.name,
      CreateTokenCommand.name,
    ]);
    expect(oidc.sent[0]?.input).toEqual({
      clientName: 'me',
      clientType: 'public',
      scopes: [ACCOUNT_ACCESS_SCOPE],
      grantTypes: [DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT],
    });
    expect(oidc.sent[1]?.input).toEqual({
      clientId: 'cid-2',
      clientSecret: 'cs-secret-2',
      startUrl: 'https://d-1.awsapps.com/start',
    });
    expect(shown).toEqual(['QRST-UVWX']);
    expect(masked).toEqual(
      expect.arrayContaining(['cs-secret-2', 'dc-2', 'aoa-access-token', 'aor-refresh']),
    );
    expect(Object.keys(session)).toEqual(SESSION_DOCUMENT_KEYS);
    expect(session.registrationExpiresAt).toEqual(new Date(1_803_456_000 * 1000));
    expect(session.expiresAt).toEqual(new Date(clock.now() + 3600 * 1000));
  });
});

describe('a time limit of the caller (waitUntil)', () => {
  test('stops before a poll that would come after it, with a sentence naming the wait', async () => {
    const oidc = fakeOidc({ CreateTokenCommand: [pending(), pending(), pending(), TOKEN] });
    const clock = fakeClock();
    const options = { mask: () => {}, clock, retry: NO_RETRY, waitUntil: clock.now() + 2500 };
    const error = await failure(pollForToken(oidc.client, CLIENT, DEVICE, options));
    expect(error.problem).toEqual({ kind: 'sign-in-timed-out', waitedMs: 2500 });
    expect(error.message).toMatch(/^Nobody approved the sign-in request within 3 seconds\./);
    // Polls at 0, 1 and 2 s; the one at 3 s would be past the limit.
    expect(oidc.sent).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  test('a limit beyond the device code changes nothing', async () => {
    const oidc = fakeOidc({ CreateTokenCommand: [pending(), TOKEN] });
    const clock = fakeClock();
    const options = { mask: () => {}, clock, retry: NO_RETRY, waitUntil: clock.now() + 3_600_000 };
    await expect(pollForToken(oidc.client, CLIENT, DEVICE, options)).resolves.toMatchObject({
      accessToken: 'aoa-access-token',
    });
  });
});
