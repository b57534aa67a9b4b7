import { afterAll, describe, expect, test } from '@jest/globals';
import { type Fault, IdentityCenterEmulator } from '../../emulator/index.js';
import { DEFAULT_RETRY_POLICY } from '../../src/sso/retry.js';
import { expectFailedCleanly, refreshInputs, runAgainst } from '../integration/helpers.js';
import { cleanupRuns, describeResult } from '../support/runner.js';
import {
  calls,
  expectMaskedFirst,
  expectNothingExported,
  issuedTo,
  report,
  requestsTo,
  retryLines,
  SecretTally,
  seconds,
  secretInputs,
  times,
} from './helpers.js';

/**
 * Fault injection through the bundled action, run as the runner runs it, against the emulator:
 * each fault on both calls (CreateToken: `/token`, GetRoleCredentials: `/federation/credentials`),
 * once as a blip the step must ride out, once for good, where the step must fail in bounded time
 * with one clear error and nothing handed to the job. Every run is RUNNER_DEBUG=1 and scanned.
 *
 * Each test has its own emulator, so they run concurrently (hangs cost 10 s per attempt).
 */

const TOKEN = '/token';
const CREDENTIALS = '/federation/credentials';
const PATHS = [TOKEN, CREDENTIALS] as const;
type FaultPath = (typeof PATHS)[number];

const OPERATION: Record<FaultPath, string> = {
  [TOKEN]: 'CreateToken',
  [CREDENTIALS]: 'GetRoleCredentials',
};
const CALL: Record<FaultPath, string> = {
  [TOKEN]: 'POST /token',
  [CREDENTIALS]: 'GET /federation/credentials',
};

/** clients.ts: 10 s per attempt. */
const PER_ATTEMPT_TIMEOUT_MS = 10_000;
/** Node start-up and the bundle's load, with five runs sharing two cores. */
const STARTUP_SLACK_MS = 8_000;
/** The harness kills a stuck step after this; the tests then fail on `timedOut`. */
const HARNESS_TIMEOUT_MS = 70_000;
const TEST_TIMEOUT_MS = 100_000;

interface FaultCase {
  readonly label: string;
  readonly fault: Fault;
  /** How the cause reads in the retry lines and the final error. */
  readonly cause: RegExp;
  readonly kind: 'throttling' | 'transient';
  /** Retry-After / x-amz-retry-after, in ms: every wait must be at least this. */
  readonly hintMs?: number;
  /** How often the fault strikes before the call goes through, in the transient case. */
  readonly blips: number;
  /** retry-max-attempts in the persistent case. */
  readonly attempts: number;
  readonly hangs?: boolean;
  readonly paths?: readonly FaultPath[];
}

const CASES: readonly FaultCase[] = [
  {
    label: 'hang',
    fault: { kind: 'hang' },
    cause: /^TimeoutError .*10000 ms requestTimeout/,
    kind: 'transient',
    blips: 1,
    attempts: 2,
    hangs: true,
  },
  {
    label: '500',
    fault: { kind: 'status', status: 500 },
    cause: /^HTTP 500 InternalServerException: Injected fault$/,
    kind: 'transient',
    blips: 2,
    attempts: 3,
  },
  {
    label: '502',
    fault: { kind: 'status', status: 502 },
    cause: /^HTTP 502 \w+: Injected fault$/,
    kind: 'transient',
    blips: 2,
    attempts: 3,
  },
  {
    label: '503',
    fault: { kind: 'status', status: 503 },
    cause: /^HTTP 503 ServiceUnavailableException: Injected fault$/,
    kind: 'transient',
    blips: 2,
    attempts: 3,
  },
  {
    label: '504',
    fault: { kind: 'status', status: 504 },
    cause: /^HTTP 504 \w+: Injected fault$/,
    kind: 'transient',
    blips: 2,
    attempts: 3,
  },
  {
    label: '429 with Retry-After: 2',
    fault: { kind: 'status', status: 429, retryAfter: '2' },
    cause: /^HTTP 429 TooManyRequestsException: Injected fault$/,
    kind: 'throttling',
    hintMs: 2000,
    blips: 1,
    attempts: 3,
  },
  {
    label: '429 with x-amz-retry-after: 1500',
    fault: { kind: 'status', status: 429, amzRetryAfterMs: 1500 },
    cause: /^HTTP 429 TooManyRequestsException: Injected fault$/,
    kind: 'throttling',
    hintMs: 1500,
    blips: 1,
    attempts: 3,
  },
  {
    label: '429 without Retry-After',
    fault: { kind: 'status', status: 429 },
    cause: /^HTTP 429 TooManyRequestsException: Injected fault$/,
    kind: 'throttling',
    blips: 2,
    attempts: 3,
  },
  {
    label: '400 SlowDownException',
    fault: { kind: 'status', status: 400, errorType: 'SlowDownException' },
    cause: /^HTTP 400 SlowDownException: Injected fault$/,
    kind: 'throttling',
    blips: 2,
    attempts: 3,
    paths: [TOKEN],
  },
  {
    label: 'connection reset',
    fault: { kind: 'reset' },
    cause: /ECONNRESET/,
    kind: 'transient',
    blips: 2,
    attempts: 3,
  },
  {
    label: 'malformed body (cut-off JSON)',
    fault: { kind: 'malformed' },
    cause: /^the service returned a malformed response body \(HTTP 200\)$/,
    kind: 'transient',
    blips: 2,
    attempts: 3,
  },
  {
    label: 'malformed body (members missing)',
    fault: { kind: 'malformed', body: '{}' },
    cause: /^malformed response: /,
    kind: 'transient',
    blips: 2,
    attempts: 3,
  },
];

/** The longest the retries may take: each wait at its ceiling (or the hint), each hang timing out. */
function maxDurationMs(c: FaultCase, attempts: number): number {
  const policy = DEFAULT_RETRY_POLICY;
  const base = c.kind === 'throttling' ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
  let total = c.hangs ? attempts * PER_ATTEMPT_TIMEOUT_MS : 0;
  for (let n = 1; n < attempts; n++) {
    total += Math.min(policy.maxDelayMs, Math.max(base * 2 ** (n - 1), c.hintMs ?? 0));
  }
  return total;
}

/** The shortest: every wait at least the hint, every hang its full timeout. */
function minDurationMs(c: FaultCase, attempts: number): number {
  const hangs = c.hangs ? attempts * PER_ATTEMPT_TIMEOUT_MS : 0;
  return hangs + (attempts - 1) * Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, c.hintMs ?? 0);
}

const rows = (predicate: (c: FaultCase) => boolean) =>
  CASES.filter(predicate).flatMap((c) =>
    (c.paths ?? PATHS).map((path) => [c.label, OPERATION[path], c, path] as const),
  );
// Hangs first: they take longest, and concurrent tests start in declaration order.
const HANGS_FIRST = [...rows((c) => c.hangs === true), ...rows((c) => c.hangs !== true)];

const tally = new SecretTally();
const counts = {
  survived: 0,
  transient: 0,
  failedCleanly: 0,
  persistent: 0,
  notRetried: 0,
};
const suiteStarted = Date.now();

afterAll(async () => {
  await cleanupRuns();
  const notRetried = NOT_RETRIED.length;
  report(
    `faults: survived=${counts.survived}/${counts.transient} failed-cleanly=${counts.failedCleanly}/${counts.persistent} ` +
      `not-retried=${counts.notRetried}/${notRetried} ${tally} wall=${seconds(Date.now() - suiteStarted)}`,
  );
});

async function withEmulator<T>(body: (emulator: IdentityCenterEmulator) => Promise<T>): Promise<T> {
  const emulator = await IdentityCenterEmulator.start();
  try {
    return await body(emulator);
  } finally {
    await emulator.stop();
  }
}

describe('a fault that clears: the step retries and succeeds', () => {
  test.concurrent.each(HANGS_FIRST)(
    '%s on %s',
    async (_label, _operation, c, path) => {
      counts.transient += 1;
      await withEmulator(async (emulator) => {
        emulator.injectFault(path, c.fault, c.blips);
        const inputs = refreshInputs(emulator.seedSession());
        const result = await runAgainst(emulator, inputs, {
          timeoutMs: HARNESS_TIMEOUT_MS,
        });
        if (result.failed) {
          throw new Error(describeResult(result, { secrets: emulator.issuedSecrets() }));
        }
        expect(result.exitCode).toBe(0);
        expect(result.errors).toEqual([]);
        // the exact attempts: the blips, then the one that went through, and the other call once
        const attempts = times(c.blips + 1, CALL[path]);
        expect(calls(emulator)).toEqual(
          path === TOKEN ? [...attempts, CALL[CREDENTIALS]] : [CALL[TOKEN], ...attempts],
        );
        const seen = requestsTo(emulator, path);
        expect(seen.map((request) => request.faulted)).toEqual([
          ...Array<boolean>(c.blips).fill(true),
          false,
        ]);
        // one retry line per blip, numbered, with the default budget and the cause
        const lines = retryLines(result);
        expect(lines.map((line) => [line.attempt, line.maxAttempts])).toEqual(
          Array.from({ length: c.blips }, (_, i) => [i + 1, DEFAULT_RETRY_POLICY.maxAttempts]),
        );
        for (const line of lines) expect(line.cause).toMatch(c.cause);
        if (c.hintMs !== undefined) {
          // honoured: the log says so, and the emulator saw the next attempt no earlier
          for (const line of lines) expect(line.delayMs).toBeGreaterThanOrEqual(c.hintMs);
          for (let i = 1; i < seen.length; i++) {
            const gap = (seen[i]?.time ?? 0) - (seen[i - 1]?.time ?? 0);
            expect(gap).toBeGreaterThanOrEqual(c.hintMs - 5);
          }
        }
        expect(result.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
        expect(Object.keys(result.outputs)).toContain('expiration');

        // every secret given or received was masked before it could be printed, and never printed
        const secrets = [...secretInputs(inputs), ...issuedTo(result, emulator)];
        expect(secrets).toHaveLength(8);
        expectMaskedFirst(result, secrets);
        tally.scan(result, [...secrets, ...emulator.issuedSecrets()]);
      });
      counts.survived += 1;
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a fault that persists: bounded time, one clear error, nothing exported', () => {
  test.concurrent.each(HANGS_FIRST)(
    '%s on %s',
    async (_label, operation, c, path) => {
      counts.persistent += 1;
      await withEmulator(async (emulator) => {
        emulator.injectFault(path, c.fault, Infinity);
        const inputs = {
          ...refreshInputs(emulator.seedSession()),
          'retry-max-attempts': String(c.attempts),
        };
        const result = await runAgainst(emulator, inputs, {
          timeoutMs: HARNESS_TIMEOUT_MS,
        });

        expect(result.timedOut).toBe(false);
        const message = expectFailedCleanly(result);
        expectNothingExported(result);
        const attempts = times(c.attempts, CALL[path]);
        expect(calls(emulator)).toEqual(path === TOKEN ? attempts : [CALL[TOKEN], ...attempts]);

        // names the call, the attempts, the time they took and the last cause
        const match = /^(\w+) failed after (\d+) attempts over (\d+\.\d)s; last cause: (.*)$/.exec(
          message,
        );
        expect(match?.slice(1, 3)).toEqual([operation, String(c.attempts)]);
        expect(match?.[4]).toMatch(c.cause);
        const reportedMs = Number(match?.[3]) * 1000;
        expect(reportedMs).toBeLessThanOrEqual(result.durationMs + 50);
        expect(reportedMs).toBeGreaterThanOrEqual(minDurationMs(c, c.attempts) - 100);

        // bounded: the waits and timeouts of the policy, plus start-up; a hang well within a minute
        expect(result.durationMs).toBeLessThanOrEqual(
          maxDurationMs(c, c.attempts) + STARTUP_SLACK_MS,
        );
        if (c.hangs) expect(result.durationMs).toBeLessThan(60_000);
        const lines = retryLines(result);
        expect(lines.map((line) => [line.attempt, line.maxAttempts])).toEqual(
          Array.from({ length: c.attempts - 1 }, (_, i) => [i + 1, c.attempts]),
        );

        expectMaskedFirst(result, secretInputs(inputs));
        tally.scan(result, [...secretInputs(inputs), ...emulator.issuedSecrets()]);
      });
      counts.failedCleanly += 1;
    },
    TEST_TIMEOUT_MS,
  );
});

const NOT_RETRIED: readonly (readonly [string, FaultPath, Fault])[] = [
  ['400 InvalidRequestException', TOKEN, { kind: 'status', status: 400 }],
  ['401', TOKEN, { kind: 'status', status: 401 }],
  ['403', TOKEN, { kind: 'status', status: 403 }],
  ['404', TOKEN, { kind: 'status', status: 404 }],
  ['invalid_grant', TOKEN, { kind: 'status', status: 400, errorType: 'InvalidGrantException' }],
  ['invalid_client', TOKEN, { kind: 'status', status: 401, errorType: 'InvalidClientException' }],
  ['400 InvalidRequestException', CREDENTIALS, { kind: 'status', status: 400 }],
  ['401 UnauthorizedException', CREDENTIALS, { kind: 'status', status: 401 }],
  ['403 ForbiddenException', CREDENTIALS, { kind: 'status', status: 403 }],
  ['404 ResourceNotFoundException', CREDENTIALS, { kind: 'status', status: 404 }],
];

describe('answers another attempt cannot change are attempted exactly once', () => {
  const rows = NOT_RETRIED.map(
    ([label, path, fault]) => [label, OPERATION[path], path, fault] as const,
  );
  test.concurrent.each(rows)('%s on %s', async (_label, _operation, path, fault) => {
    await withEmulator(async (emulator) => {
      emulator.injectFault(path, fault, Infinity);
      const inputs = refreshInputs(emulator.seedSession());
      const result = await runAgainst(emulator, inputs);

      const message = expectFailedCleanly(result);
      expect(message).not.toMatch(/failed after|attempts/);
      expectNothingExported(result);
      expect(requestsTo(emulator, path)).toHaveLength(1);
      expect(calls(emulator)).toEqual(
        path === TOKEN ? [CALL[TOKEN]] : [CALL[TOKEN], CALL[CREDENTIALS]],
      );
      expect(retryLines(result)).toEqual([]);
      tally.scan(result, [...secretInputs(inputs), ...emulator.issuedSecrets()]);
    });
    counts.notRetried += 1;
  });
});
