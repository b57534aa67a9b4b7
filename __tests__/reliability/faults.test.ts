import { describe, expect, test } from '@jest/globals';
import type { Fault } from '../../emulator/index.js';
import { DEFAULT_RETRY_POLICY } from '../../src/http/retry.js';
import { CREATE_TOKEN_TIMEOUT_MS } from '../../src/sso/limits.js';
import {
  expectFailedCleanly,
  expectNothingExported,
  issuedTo,
  refreshInputs,
  retryLines,
  runAgainst,
} from '../support/action.js';
import { calls, requestsTo, times, withEmulator } from '../support/emulator.js';
import { useSuiteReport } from '../support/report.js';
import { describeResult } from '../support/runner.js';
import { expectMaskedBeforeUse, secretInputs } from '../support/secrets.js';

/**
 * Fault injection through the bundled action, run as the runner runs it, against the emulator:
 * each fault on both calls (CreateToken: `/token`, GetRoleCredentials: `/federation/credentials`),
 * once as a blip the step must ride out, once for good, where the step must fail in bounded time
 * with one clear error and nothing handed to the job. Every run is RUNNER_DEBUG=1 and scanned.
 *
 * Each test has its own emulator, so they run concurrently (hangs cost 10 s per attempt, 30 s
 * for CreateToken).
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

/** clients.ts: 10 s per attempt; a CreateToken refresh waits longer (limits.ts). */
const PER_ATTEMPT_TIMEOUT_MS: Record<FaultPath, number> = {
  [TOKEN]: CREATE_TOKEN_TIMEOUT_MS,
  [CREDENTIALS]: 10_000,
};
/** Node start-up and the bundle's load, with five runs sharing two cores. */
const STARTUP_SLACK_MS = 8_000;
/** The harness kills a stuck step after this; the tests then fail on `timedOut`. */
const HARNESS_TIMEOUT_MS = 100_000;
const TEST_TIMEOUT_MS = 130_000;

interface FaultCase {
  readonly label: string;
  readonly fault: Fault;
  /** How the cause reads in the retry lines and the final error. */
  readonly cause: RegExp;
  readonly kind: 'throttling' | 'transient';
  /** Retry-After / x-amz-retry-after, in ms: every wait must be at least this. */
  readonly hintMs?: number | undefined;
  /** How often the fault strikes before the call goes through, in the transient case. */
  readonly blips: number;
  /** retry-max-attempts in the persistent case. */
  readonly attempts: number;
  readonly hangs?: boolean;
  readonly paths?: readonly FaultPath[];
}

/** A fault the next attempt may not meet: retried, with the default budget (3 attempts here). */
function transient(label: string, fault: Fault, cause: RegExp, blips = 2): FaultCase {
  return { label, fault, cause, kind: 'transient', blips, attempts: 3 };
}

type StatusFault = Extract<Fault, { kind: 'status' }>;

/** The service asking to slow down: retried after a longer wait, or after the hint it gave. */
function throttled(label: string, fault: StatusFault, hint: { ms?: number; blips?: number } = {}) {
  const type = fault.errorType ?? 'TooManyRequestsException';
  const cause = new RegExp(`^HTTP ${fault.status} ${type}: Injected fault$`);
  const { ms: hintMs, blips = 2 } = hint;
  return { label, fault, cause, kind: 'throttling', hintMs, blips, attempts: 3 } as const;
}

/** How the SDK names a 5xx: the two the services define by name, a gateway's by whatever it says. */
const SERVER_ERRORS = {
  500: 'InternalServerException',
  502: '\\w+',
  503: 'ServiceUnavailableException',
  504: '\\w+',
} as const;

const CASES: readonly FaultCase[] = [
  {
    ...transient('hang', { kind: 'hang' }, /^TimeoutError .* (10000|30000) ms requestTimeout/, 1),
    hangs: true,
    attempts: 2,
  },
  ...Object.entries(SERVER_ERRORS).map(([status, type]) =>
    transient(
      status,
      { kind: 'status', status: Number(status) },
      new RegExp(`^HTTP ${status} ${type}: Injected fault$`),
    ),
  ),
  throttled(
    '429 with Retry-After: 2',
    { kind: 'status', status: 429, retryAfter: '2' },
    { ms: 2000, blips: 1 },
  ),
  throttled(
    '429 with x-amz-retry-after: 1500',
    { kind: 'status', status: 429, amzRetryAfterMs: 1500 },
    { ms: 1500, blips: 1 },
  ),
  throttled('429 without Retry-After', { kind: 'status', status: 429 }),
  {
    ...throttled('400 SlowDownException', {
      kind: 'status',
      status: 400,
      errorType: 'SlowDownException',
    }),
    paths: [TOKEN],
  },
  transient('connection reset', { kind: 'reset' }, /ECONNRESET/),
  transient(
    'malformed body (cut-off JSON)',
    { kind: 'malformed' },
    /^the service returned a malformed response body \(HTTP 200\)$/,
  ),
  transient(
    'malformed body (members missing)',
    { kind: 'malformed', body: '{}' },
    /^malformed response: /,
  ),
];

/** The longest the retries may take: each wait at its ceiling (or the hint), each hang timing out. */
function maxDurationMs(c: FaultCase, attempts: number, path: FaultPath): number {
  const policy = DEFAULT_RETRY_POLICY;
  const base = c.kind === 'throttling' ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
  let total = c.hangs ? attempts * PER_ATTEMPT_TIMEOUT_MS[path] : 0;
  for (let n = 1; n < attempts; n++) {
    total += Math.min(policy.maxDelayMs, Math.max(base * 2 ** (n - 1), c.hintMs ?? 0));
  }
  return total;
}

/** The shortest: every wait at least the hint, every hang its full timeout. */
function minDurationMs(c: FaultCase, attempts: number, path: FaultPath): number {
  const hangs = c.hangs ? attempts * PER_ATTEMPT_TIMEOUT_MS[path] : 0;
  return hangs + (attempts - 1) * Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, c.hintMs ?? 0);
}

/** The table's rows: each case on each of its paths (both calls unless it names some). */
function onEachPath<C extends { label: string; paths?: readonly FaultPath[] }>(
  cases: readonly C[],
) {
  return cases.flatMap((c) =>
    (c.paths ?? PATHS).map((path) => [c.label, OPERATION[path], c, path] as const),
  );
}
// Hangs first: they take longest, and concurrent tests start in declaration order.
const HANGS_FIRST = onEachPath([
  ...CASES.filter((c) => c.hangs === true),
  ...CASES.filter((c) => c.hangs !== true),
]);

const counts = {
  survived: 0,
  transient: 0,
  failedCleanly: 0,
  persistent: 0,
  notRetried: 0,
};
const tally = useSuiteReport(
  'faults',
  () =>
    `survived=${counts.survived}/${counts.transient} failed-cleanly=${counts.failedCleanly}/${counts.persistent} ` +
    `not-retried=${counts.notRetried}/${onEachPath(NOT_RETRIED).length}`,
);

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
        if (c.hangs) {
          for (const line of lines) {
            expect(line.cause).toContain(`${PER_ATTEMPT_TIMEOUT_MS[path]} ms requestTimeout`);
          }
        }
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
        expectMaskedBeforeUse(result, secrets);
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
        expect(reportedMs).toBeGreaterThanOrEqual(minDurationMs(c, c.attempts, path) - 100);

        // bounded: the waits and timeouts of the policy, plus start-up
        expect(result.durationMs).toBeLessThanOrEqual(
          maxDurationMs(c, c.attempts, path) + STARTUP_SLACK_MS,
        );
        const lines = retryLines(result);
        expect(lines.map((line) => [line.attempt, line.maxAttempts])).toEqual(
          Array.from({ length: c.attempts - 1 }, (_, i) => [i + 1, c.attempts]),
        );

        expectMaskedBeforeUse(result, secretInputs(inputs));
        tally.scan(result, [...secretInputs(inputs), ...emulator.issuedSecrets()]);
      });
      counts.failedCleanly += 1;
    },
    TEST_TIMEOUT_MS,
  );
});

/** Answers another attempt cannot change: 4xx on both calls, and the OIDC grant errors. */
const NOT_RETRIED: readonly { label: string; fault: Fault; paths?: readonly FaultPath[] }[] = [
  ...[400, 401, 403, 404].map((status) => ({
    label: String(status),
    fault: { kind: 'status', status } as const,
  })),
  {
    label: 'invalid_grant',
    fault: { kind: 'status', status: 400, errorType: 'InvalidGrantException' },
    paths: [TOKEN],
  },
  {
    label: 'invalid_client',
    fault: { kind: 'status', status: 401, errorType: 'InvalidClientException' },
    paths: [TOKEN],
  },
];

describe('answers another attempt cannot change are attempted exactly once', () => {
  test.concurrent.each(onEachPath(NOT_RETRIED))('%s on %s', async (_label, _operation, c, path) => {
    await withEmulator(async (emulator) => {
      emulator.injectFault(path, c.fault, Infinity);
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
