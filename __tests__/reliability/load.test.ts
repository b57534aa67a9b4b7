import { performance } from 'node:perf_hooks';
import { afterAll, expect, test } from '@jest/globals';
import type { RateLimit, RequestLogEntry } from '../../emulator/index.js';
import { DEFAULT_RETRY_POLICY } from '../../src/sso/retry.js';
import {
  ACCOUNT,
  issuedTo,
  ROLE,
  refreshInputs,
  retryLines,
  runAgainst,
} from '../support/action.js';
import { withEmulator } from '../support/emulator.js';
import { report, seconds } from '../support/report.js';
import { cleanupRuns, describeResult } from '../support/runner.js';
import { expectMaskedBeforeUse, SecretTally, secretInputs } from '../support/secrets.js';

/**
 * A matrix starting at once: 64 runs of the bundled action, each its own process and HOME,
 * against an emulator that admits 10 requests a second, with the default settings (no
 * retry-max-attempts input). Half refresh a token first (CreateToken, then
 * GetRoleCredentials), half bring an access token (GetRoleCredentials only): 96 calls that
 * need at least (96 − burst) / 10 s, so most runs are throttled, some several times.
 *
 * Burst 10: the emulator's default, one second's worth. A larger bucket would let most of the
 * matrix through on the first attempt and test little; 10 is the strictest that is still a
 * token bucket rather than a strict pacer.
 */

const RUNS = 64;
const RATE_LIMIT: RateLimit = { requestsPerSecond: 10, burst: 10 };
const TEST_TIMEOUT_MS = 180_000;
const HARNESS_TIMEOUT_MS = 150_000;

const tally = new SecretTally();

afterAll(cleanupRuns);

/** The most attempts any one call needed: requests grouped by what identifies that call. */
function maxAttempts(requests: readonly RequestLogEntry[], key: (r: RequestLogEntry) => string) {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(key(request), (counts.get(key(request)) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

test(
  `${RUNS} concurrent runs against ${RATE_LIMIT.requestsPerSecond} requests/second all succeed with the defaults`,
  async () => {
    await withEmulator(
      async (emulator) => {
        // seeding and issuing go around HTTP, so they spend none of the budget
        const plans = Array.from({ length: RUNS }, (_, index) =>
          index % 2 === 0
            ? refreshInputs(emulator.seedSession())
            : {
                'sso-region': 'us-east-1',
                'access-token': emulator.issueAccessToken(),
                'account-id': ACCOUNT,
                'role-name': ROLE,
              },
        );
        for (const inputs of plans) expect(inputs).not.toHaveProperty('retry-max-attempts');

        const started = performance.now();
        const results = await Promise.all(
          plans.map((inputs) => runAgainst(emulator, inputs, { timeoutMs: HARNESS_TIMEOUT_MS })),
        );
        const wallMs = performance.now() - started;

        const requests = emulator.requests;
        const throttled = requests.filter((request) => request.throttled);
        const tokenCalls = requests.filter((request) => request.path === '/token');
        const credentialCalls = requests.filter(
          (request) => request.path === '/federation/credentials',
        );
        const mostForToken = maxAttempts(tokenCalls, (request) =>
          JSON.stringify((request.body as { refreshToken?: string }).refreshToken),
        );
        const mostForCredentials = maxAttempts(
          credentialCalls,
          (request) => request.headers['x-amz-sso_bearer_token'] ?? '',
        );
        const ok = results.filter((result) => !result.failed).length;
        const retries = results.reduce((sum, result) => sum + retryLines(result).length, 0);
        // attempts that timed out on the client (an emulator starved of CPU by 64 processes)
        const timeouts = results.reduce(
          (sum, result) =>
            sum + retryLines(result).filter((line) => /requestTimeout/.test(line.cause)).length,
          0,
        );
        const slowest = Math.max(...results.map((result) => result.durationMs));

        try {
          for (const [index, result] of results.entries()) {
            const inputs = plans[index] ?? {};
            const secrets = [...secretInputs(inputs), ...issuedTo(result, emulator)];
            if (!result.failed) expectMaskedBeforeUse(result, secrets);
            tally.scan(result, [...secrets, ...emulator.issuedSecrets()]);
          }
        } finally {
          report(
            `load: ${ok}/${RUNS} ok in ${seconds(wallMs)} (slowest run ${seconds(slowest)}), ` +
              `rate=${RATE_LIMIT.requestsPerSecond}/s burst=${RATE_LIMIT.burst}, requests=${requests.length}, ` +
              `throttled=${throttled.length} (CreateToken ${throttled.filter((r) => r.path === '/token').length}, ` +
              `GetRoleCredentials ${throttled.filter((r) => r.path !== '/token').length}), ` +
              `max-attempts=${Math.max(mostForToken, mostForCredentials)} ` +
              `(CreateToken ${mostForToken}, GetRoleCredentials ${mostForCredentials}; budget ${DEFAULT_RETRY_POLICY.maxAttempts}) ` +
              `timeouts=${timeouts} ` +
              `${tally}`,
          );
        }

        const failed = results.filter((result) => result.failed);
        if (failed.length > 0) {
          const first = failed[0];
          throw new Error(
            `${failed.length} of ${RUNS} runs failed; the first:\n${first ? describeResult(first, { secrets: emulator.issuedSecrets() }) : ''}`,
          );
        }
        for (const result of results) {
          expect(result.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
          expect(result.errors).toEqual([]);
        }
        // 32 CreateToken and 64 GetRoleCredentials went through; every other request was throttled
        // (or answered after the client had given up on it)
        expect(requests.length - throttled.length).toBe(RUNS / 2 + RUNS + timeouts);
        expect(
          throttled.every((request) => request.status === (request.path === '/token' ? 400 : 429)),
        ).toBe(true);
        // every throttled (or timed-out) attempt was retried, and logged as such
        expect(retries).toBe(throttled.length + timeouts);
        expect(Math.max(mostForToken, mostForCredentials)).toBeLessThanOrEqual(
          DEFAULT_RETRY_POLICY.maxAttempts,
        );
      },
      { rateLimit: RATE_LIMIT },
    );
  },
  TEST_TIMEOUT_MS,
);
