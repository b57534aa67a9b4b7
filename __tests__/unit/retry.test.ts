import { TooManyRequestsException, UnauthorizedException } from '@aws-sdk/client-sso';
import {
  InternalServerException,
  InvalidClientException,
  InvalidGrantException,
  SlowDownException,
} from '@aws-sdk/client-sso-oidc';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import {
  backoffDelay,
  classify,
  DEFAULT_RETRY_POLICY,
  MalformedResponseError,
  outcomeUnknown,
  RetriesExhaustedError,
  type RetryEvent,
  type RetryPolicy,
  retryAfterMs,
  withRetries,
} from '../../src/http/retry.js';

/** An SDK service exception as the client deserialises it: name, status and response headers. */
function serviceError(
  name: string,
  status: number | undefined,
  headers: Record<string, string> = {},
): Error {
  return Object.assign(new Error('service error'), {
    name,
    $fault: status !== undefined && status >= 500 ? 'server' : 'client',
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
    $response: { statusCode: status, headers },
  });
}

/** A socket-level failure as Node reports it: a code, no HTTP status. */
function networkError(code: string, message = `connect ${code} 127.0.0.1:443`): Error {
  return Object.assign(new Error(message), { code });
}

const withHeaders = (headers: Record<string, string>) => serviceError('X', 429, headers);

afterEach(() => {
  jest.restoreAllMocks();
});

describe('classify: what another attempt could fix', () => {
  test.each([429])('HTTP %i is throttling, whatever its name', (status) => {
    expect(classify(serviceError('SomethingElse', status))).toBe('throttling');
  });

  test.each(['TooManyRequestsException', 'SlowDownException', 'ThrottlingException', 'Throttling'])(
    '%s is throttling (by name, even as a 400 or with no status)',
    (name) => {
      expect(classify(serviceError(name, 400))).toBe('throttling');
      expect(classify(serviceError(name, undefined))).toBe('throttling');
    },
  );

  test.each([500, 502, 503, 504, 599])('HTTP %i is transient', (status) => {
    expect(classify(serviceError('InternalServerException', status))).toBe('transient');
  });

  test('a status only in $response (no $metadata) counts too', () => {
    const error = Object.assign(new Error('x'), { $response: { statusCode: 503, headers: {} } });
    expect(classify(error)).toBe('transient');
  });

  test.each([
    ['InvalidRequestException', 400],
    ['UnauthorizedException', 401],
    ['InvalidClientException', 401],
    ['ForbiddenException', 403],
    ['ResourceNotFoundException', 404],
    ['InvalidGrantException', 400],
    ['AuthorizationPendingException', 400],
    ['AccessDeniedException', 400],
    ['UnknownError', 418],
  ])('%s (%i) is never retried', (name, status) => {
    expect(classify(serviceError(name, status))).toBeUndefined();
  });

  test('the real SDK exception classes classify by their name and status', () => {
    const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
    expect(
      classify(new TooManyRequestsException({ message: 'Rate exceeded', ...metadata(429) })),
    ).toBe('throttling');
    expect(
      classify(
        new SlowDownException({ message: 'slow down', error: 'slow_down', ...metadata(400) }),
      ),
    ).toBe('throttling');
    expect(
      classify(
        new InternalServerException({ message: 'x', error: 'server_error', ...metadata(500) }),
      ),
    ).toBe('transient');
    expect(
      classify(new UnauthorizedException({ message: 'no', ...metadata(401) })),
    ).toBeUndefined();
    expect(
      classify(
        new InvalidGrantException({ message: 'x', error: 'invalid_grant', ...metadata(400) }),
      ),
    ).toBe(undefined);
    expect(
      classify(
        new InvalidClientException({ message: 'x', error: 'invalid_client', ...metadata(401) }),
      ),
    ).toBeUndefined();
  });

  test.each(['TimeoutError', 'MalformedResponseError', 'SyntaxError'])(
    '%s is transient',
    (name) => {
      expect(classify(Object.assign(new Error('x'), { name }))).toBe('transient');
    },
  );

  test('MalformedResponseError and a JSON SyntaxError, as thrown', () => {
    expect(classify(new MalformedResponseError('malformed response'))).toBe('transient');
    let syntax: unknown;
    try {
      JSON.parse('{"roleCredentials":');
    } catch (error) {
      syntax = error;
    }
    expect(classify(syntax)).toBe('transient');
  });

  test('an unparseable body is retried with a 2xx, a 5xx or no status, never with a 4xx', () => {
    const unparseable = (status?: number) =>
      Object.assign(new SyntaxError(`Unexpected token '<', "<html>"... is not valid JSON`), {
        ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
      });
    expect(classify(unparseable())).toBe('transient');
    expect(classify(unparseable(200))).toBe('transient');
    expect(classify(unparseable(502))).toBe('transient');
    // a proxy's 407 or an HTML 403 page is an answer, not a half-sent response
    for (const status of [400, 403, 407, 413])
      expect(classify(unparseable(status))).toBeUndefined();
    const malformed = Object.assign(new MalformedResponseError('malformed response'), {
      $metadata: { httpStatusCode: 404 },
    });
    expect(classify(malformed)).toBeUndefined();
  });

  test.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EAI_AGAIN',
  ])('network code %s is transient, as a code or only in the message', (code) => {
    expect(classify(networkError(code))).toBe('transient');
    expect(classify(new Error(`socket hang up (${code})`))).toBe('transient');
  });

  test('ENOTFOUND (a wrong host name) and unknown codes are not retried', () => {
    expect(classify(networkError('ENOTFOUND'))).toBeUndefined();
    expect(classify(networkError('ERR_SOMETHING'))).toBeUndefined();
  });

  test('a network code in the message of an answered 4xx does not make it transient', () => {
    const error = Object.assign(serviceError('InvalidRequestException', 400), {
      message: 'upstream said ECONNRESET',
    });
    expect(classify(error)).toBeUndefined();
  });

  test.each([undefined, null, 'ECONNRESET', 42, {}, new Error('boom')])(
    '%p is not retried',
    (value) => {
      expect(classify(value)).toBeUndefined();
    },
  );
});

describe('retryAfterMs: the wait the server asked for', () => {
  const now = Date.parse('2026-11-26T08:00:00Z');

  test.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['120', 120_000],
  ])('Retry-After: %s seconds → %i ms', (value, ms) => {
    expect(retryAfterMs(withHeaders({ 'retry-after': value }), now)).toBe(ms);
  });

  test('Retry-After as an HTTP date: the time until then', () => {
    const date = new Date(now + 7000).toUTCString();
    expect(retryAfterMs(withHeaders({ 'retry-after': date }), now)).toBe(7000);
  });

  test('an HTTP date in the past means no wait, not a negative one', () => {
    const date = new Date(now - 60_000).toUTCString();
    expect(retryAfterMs(withHeaders({ 'retry-after': date }), now)).toBe(0);
  });

  test('x-amz-retry-after is in milliseconds and wins over Retry-After', () => {
    expect(retryAfterMs(withHeaders({ 'x-amz-retry-after': '1500' }), now)).toBe(1500);
    expect(retryAfterMs(withHeaders({ 'x-amz-retry-after': '250', 'retry-after': '9' }), now)).toBe(
      250,
    );
  });

  test('an unusable x-amz-retry-after falls back to Retry-After', () => {
    expect(
      retryAfterMs(withHeaders({ 'x-amz-retry-after': 'soon', 'retry-after': '2' }), now),
    ).toBe(2000);
    expect(retryAfterMs(withHeaders({ 'x-amz-retry-after': '-5', 'retry-after': '2' }), now)).toBe(
      2000,
    );
  });

  test('no hint: no header, garbage, no $response, not an object', () => {
    expect(retryAfterMs(withHeaders({}), now)).toBeUndefined();
    expect(retryAfterMs(withHeaders({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(withHeaders({ 'retry-after': '' }), now)).toBeUndefined();
    expect(retryAfterMs(new Error('x'), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('backoffDelay: full jitter, throttling base, hint floor, cap', () => {
  const policy: RetryPolicy = DEFAULT_RETRY_POLICY;
  const always = (value: number) => () => value;

  test('the defaults docs/reliability.md documents', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({
      maxAttempts: 10,
      baseDelayMs: 200,
      throttlingBaseDelayMs: 1000,
      maxDelayMs: 20_000,
    });
  });

  test.each([
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1600],
    [7, 12_800],
    [8, 20_000],
    [9, 20_000],
  ])('transient, attempt %i: the ceiling is %i ms', (attempt, ceiling) => {
    expect(backoffDelay(policy, attempt, 'transient', undefined, always(1))).toBe(ceiling);
    expect(backoffDelay(policy, attempt, 'transient', undefined, always(0))).toBe(0);
    expect(backoffDelay(policy, attempt, 'transient', undefined, always(0.5))).toBe(
      Math.round(ceiling / 2),
    );
  });

  test.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [5, 16_000],
    [6, 20_000],
    [30, 20_000],
  ])('throttling, attempt %i: the ceiling is %i ms', (attempt, ceiling) => {
    expect(backoffDelay(policy, attempt, 'throttling', undefined, always(1))).toBe(ceiling);
    expect(backoffDelay(policy, attempt, 'throttling', undefined, always(0))).toBe(0);
  });

  test('every draw lies in [0, min(cap, base × 2^(attempt−1))]', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      for (const kind of ['transient', 'throttling'] as const) {
        const base = kind === 'throttling' ? 1000 : 200;
        const ceiling = Math.min(20_000, base * 2 ** (attempt - 1));
        for (const r of [0, 0.001, 0.25, 0.5, 0.75, 0.999]) {
          const delay = backoffDelay(policy, attempt, kind, undefined, always(r));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(delay).toBe(Math.round(r * ceiling));
        }
      }
    }
  });

  test('Retry-After is a floor under the jitter', () => {
    expect(backoffDelay(policy, 1, 'throttling', 3000, always(0))).toBe(3000);
    expect(backoffDelay(policy, 1, 'transient', 3000, always(1))).toBe(3000);
    // a hint below the jittered value does not shorten it
    expect(backoffDelay(policy, 3, 'throttling', 100, always(1))).toBe(4000);
    expect(backoffDelay(policy, 1, 'throttling', 0, always(0.5))).toBe(500);
  });

  test('no wait is longer than the cap, whatever Retry-After says', () => {
    expect(backoffDelay(policy, 1, 'throttling', 600_000, always(0))).toBe(20_000);
    expect(backoffDelay(policy, 50, 'throttling', 600_000, always(1))).toBe(20_000);
    const tight = { ...policy, maxDelayMs: 500 };
    expect(backoffDelay(tight, 1, 'throttling', 3000, always(0))).toBe(500);
    expect(backoffDelay(tight, 4, 'transient', undefined, always(1))).toBe(500);
  });

  test('the default random source stays within the bounds', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(policy, 3, 'throttling', undefined);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});

describe('withRetries with a fake wait', () => {
  /** An operation that throws each queued error in turn, then returns `value`. */
  function scripted<T>(errors: unknown[], value: T) {
    const calls = { count: 0 };
    const attempt = async (): Promise<T> => {
      const error = errors[calls.count];
      calls.count += 1;
      if (calls.count <= errors.length) throw error;
      return value;
    };
    return { attempt, calls };
  }

  function fakeWait() {
    const waits: number[] = [];
    return { waits, wait: async (ms: number) => void waits.push(ms) };
  }

  const policy = (maxAttempts: number, events?: RetryEvent[]): RetryPolicy => ({
    ...DEFAULT_RETRY_POLICY,
    maxAttempts,
    ...(events ? { onRetry: (event: RetryEvent) => void events.push(event) } : {}),
  });

  test('success at once: one attempt, no wait', async () => {
    const { attempt, calls } = scripted([], 'ok');
    const { waits, wait } = fakeWait();
    await expect(withRetries(policy(10), attempt, wait)).resolves.toBe('ok');
    expect(calls.count).toBe(1);
    expect(waits).toEqual([]);
  });

  test('two transient failures, then success: three attempts, two waits, two events', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(1);
    const events: RetryEvent[] = [];
    const errors = [serviceError('InternalServerException', 500), networkError('ECONNRESET')];
    const { attempt, calls } = scripted(errors, 'ok');
    const { waits, wait } = fakeWait();
    await expect(withRetries(policy(10, events), attempt, wait)).resolves.toBe('ok');
    expect(calls.count).toBe(3);
    expect(waits).toEqual([200, 400]);
    expect(
      events.map(({ attempt, maxAttempts, delayMs, kind }) => [
        attempt,
        maxAttempts,
        delayMs,
        kind,
      ]),
    ).toEqual([
      [1, 10, 200, 'transient'],
      [2, 10, 400, 'transient'],
    ]);
    expect(events[0]?.error).toBe(errors[0]);
    expect(events[1]?.error).toBe(errors[1]);
  });

  test('throttling waits on the longer base, and Retry-After sets the floor', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const errors = [
      serviceError('TooManyRequestsException', 429),
      serviceError('TooManyRequestsException', 429, { 'retry-after': '4' }),
      serviceError('SlowDownException', 400, { 'x-amz-retry-after': '1234' }),
    ];
    const { attempt, calls } = scripted(errors, 'ok');
    const { waits, wait } = fakeWait();
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    await withRetries(policy(10), attempt, wait);
    expect(calls.count).toBe(4);
    expect(waits).toEqual([500, 4000, 2000]);
  });

  test.each([
    ['400 InvalidRequestException', serviceError('InvalidRequestException', 400)],
    ['401 UnauthorizedException', serviceError('UnauthorizedException', 401)],
    ['403 ForbiddenException', serviceError('ForbiddenException', 403)],
    ['404 ResourceNotFoundException', serviceError('ResourceNotFoundException', 404)],
    ['invalid_grant', serviceError('InvalidGrantException', 400)],
    ['invalid_client', serviceError('InvalidClientException', 401)],
    ['a plain bug', new TypeError('x is not a function')],
  ])('%s is rethrown at once, as is', async (_label, error) => {
    const { attempt, calls } = scripted([error], 'never');
    const { waits, wait } = fakeWait();
    await expect(withRetries(policy(10), attempt, wait)).rejects.toBe(error);
    expect(calls.count).toBe(1);
    expect(waits).toEqual([]);
  });

  test('a non-retryable error after retryable ones is rethrown unwrapped', async () => {
    const forbidden = serviceError('ForbiddenException', 403);
    const { attempt, calls } = scripted([serviceError('X', 503), forbidden], 'never');
    const { waits, wait } = fakeWait();
    await expect(withRetries(policy(10), attempt, wait)).rejects.toBe(forbidden);
    expect(calls.count).toBe(2);
    expect(waits).toHaveLength(1);
  });

  test('attempts used up: RetriesExhaustedError with the last error, the attempts and the time', async () => {
    const errors = [
      serviceError('InternalServerException', 500),
      serviceError('ServiceUnavailableException', 503),
      networkError('ECONNRESET'),
    ];
    let clock = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
    const { attempt, calls } = scripted(errors, 'never');
    const waits: number[] = [];
    const wait = async (ms: number) => {
      waits.push(ms);
      clock += ms + 1000;
    };
    const thrown = await withRetries(policy(3), attempt, wait).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(RetriesExhaustedError);
    const exhausted = thrown as RetriesExhaustedError;
    expect(exhausted.lastError).toBe(errors[2]);
    expect(exhausted.attempts).toBe(3);
    expect(calls.count).toBe(3);
    expect(waits).toHaveLength(2);
    expect(exhausted.elapsedMs).toBe(waits.reduce((sum, ms) => sum + ms + 1000, 0));
    expect(exhausted.name).toBe('RetriesExhaustedError');
  });

  test('maxAttempts 1: a retryable failure is not retried but still reported as exhausted', async () => {
    const error = serviceError('TooManyRequestsException', 429);
    const { attempt, calls } = scripted([error, error], 'never');
    const { waits, wait } = fakeWait();
    const thrown = await withRetries(policy(1), attempt, wait).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RetriesExhaustedError);
    expect((thrown as RetriesExhaustedError).attempts).toBe(1);
    expect((thrown as RetriesExhaustedError).lastError).toBe(error);
    expect(calls.count).toBe(1);
    expect(waits).toEqual([]);
  });

  test('the default budget: ten attempts and nine waits, none above the cap', async () => {
    const error = serviceError('TooManyRequestsException', 429, { 'retry-after': '3600' });
    const { attempt, calls } = scripted(Array(20).fill(error), 'never');
    const { waits, wait } = fakeWait();
    const thrown = await withRetries(DEFAULT_RETRY_POLICY, attempt, wait).catch((e: unknown) => e);
    expect((thrown as RetriesExhaustedError).attempts).toBe(10);
    expect(calls.count).toBe(10);
    expect(waits).toEqual(Array(9).fill(20_000));
  });

  test('the real wait is used when none is given', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const { attempt, calls } = scripted([serviceError('X', 500)], 'ok');
    await expect(withRetries(policy(2), attempt)).resolves.toBe('ok');
    expect(calls.count).toBe(2);
  });
});

describe('outcomeUnknown: could a failed attempt have been carried out?', () => {
  const timeout = (message: string) => Object.assign(new Error(message), { name: 'TimeoutError' });
  test.each([
    [
      'a request timeout (sent, no answer)',
      timeout('exceeded the configured 30000 ms requestTimeout'),
      true,
    ],
    [
      'an idle-socket timeout',
      timeout('the request socket timed out after 300000 ms of inactivity'),
      true,
    ],
    [
      'a connection timeout (never sent)',
      timeout('did not establish a connection with the server'),
      false,
    ],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    ['EPIPE', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), true],
    ['socket hang up', new Error('socket hang up'), true],
    [
      'ECONNREFUSED',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      false,
    ],
    ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), false],
    ['a 502 from a gateway', serviceError('BadGateway', 502), true],
    ['a 504 from a gateway', serviceError('GatewayTimeout', 504), true],
    ['a 500 from the service', serviceError('InternalServerException', 500), false],
    ['a 429', serviceError('TooManyRequestsException', 429), false],
    ['invalid_grant', serviceError('InvalidGrantException', 400), false],
    ['a 200 that could not be read', new MalformedResponseError('malformed response'), true],
  ])('%s: %s', (_label, error, expected) => {
    expect(outcomeUnknown(error)).toBe(expected);
  });
});
