import { performance } from 'node:perf_hooks';
import { afterAll, expect, test } from '@jest/globals';
import type {
  AccountSpec,
  IdentityCenterEmulator,
  RateLimit,
  RequestLogEntry,
} from '../../emulator/index.js';
import { DEFAULT_RETRY_POLICY } from '../../src/http/retry.js';
import {
  ACCOUNT,
  issuedTo,
  ROLE,
  refreshInputs,
  retryLines,
  runAgainst,
  tokenInputs,
} from '../support/action.js';
import { withEmulator } from '../support/emulator.js';
import { report, seconds } from '../support/report.js';
import { type ActionResult, cleanupRuns, describeResult } from '../support/runner.js';
import { expectMaskedBeforeUse, SecretTally, scannable, secretInputs } from '../support/secrets.js';

/**
 * A matrix starting at once: 64 runs of the bundled action, each its own process and HOME,
 * against an emulator that admits 10 requests a second, with the default settings (no
 * retry-max-attempts input). Two scenarios:
 *
 * - **matrix with a token handoff** (the recommended pattern): list-accounts refreshes once,
 *   against a service that rotates refresh tokens; then 64 runs, one per matrix entry, get
 *   their credentials with its `token-handoff` and the stored (by then rotated away) refresh
 *   token: one CreateToken for the whole matrix, 64 GetRoleCredentials.
 * - **independent refreshes**: half the runs refresh a token of their own first (CreateToken,
 *   then GetRoleCredentials), half bring an access token: 96 calls that need at least
 *   (96 − burst) / 10 s. This emulator does not rotate refresh tokens: on a loaded machine an
 *   attempt can time out on the client after the emulator has served it, and against a
 *   rotating service no client can recover from that (the retry's refresh token is retired;
 *   the step then says so, which rotation.test.ts checks with a lost answer). What this
 *   scenario proves is the retry policy under throttling and timeouts, which holds either way.
 *
 * Most runs are throttled, some several times. No assertion depends on the machine's speed:
 * counts and outcomes only, and every timed-out attempt is accounted for.
 *
 * Burst 10: the emulator's default, one second's worth. A larger bucket would let most of the
 * matrix through on the first attempt and test little; 10 is the strictest that is still a
 * token bucket rather than a strict pacer.
 */

const RUNS = 64;
const RATE_LIMIT: RateLimit = { requestsPerSecond: 10, burst: 10 };
const TEST_TIMEOUT_MS = 240_000;
const HARNESS_TIMEOUT_MS = 180_000;
/** 32 accounts with two roles each: a 64-entry matrix. */
const MATRIX_ACCOUNTS: AccountSpec[] = Array.from({ length: RUNS / 2 }, (_, index) => ({
  accountId: String(300000000000 + index),
  accountName: `Matrix ${String(index).padStart(2, '0')}`,
  roles: ['ReadOnly', 'PowerUserAccess'],
}));

const tally = new SecretTally();

afterAll(cleanupRuns);

/** The most attempts any one call needed: requests grouped by what identifies that call. */
function maxAttempts(requests: readonly RequestLogEntry[], key: (r: RequestLogEntry) => string) {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(key(request), (counts.get(key(request)) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** Attempts that timed out on the client (an emulator starved of CPU by 64 processes). */
function timeoutsOf(results: readonly ActionResult[]): number {
  return results.reduce(
    (sum, result) =>
      sum + retryLines(result).filter((line) => /requestTimeout/.test(line.cause)).length,
    0,
  );
}

interface Measured {
  readonly results: ActionResult[];
  readonly requests: readonly RequestLogEntry[];
  readonly wallMs: number;
}

/** Starts every run at once and waits for all; the requests are those of these runs only. */
async function runMatrix(
  emulator: IdentityCenterEmulator,
  plans: readonly Record<string, string>[],
): Promise<Measured> {
  for (const inputs of plans) expect(inputs).not.toHaveProperty('retry-max-attempts');
  emulator.clearRequests();
  const started = performance.now();
  const results = await Promise.all(
    plans.map((inputs) => runAgainst(emulator, inputs, { timeoutMs: HARNESS_TIMEOUT_MS })),
  );
  return { results, requests: [...emulator.requests], wallMs: performance.now() - started };
}

/** Scans every run for leaks and, when it succeeded, for secrets used before they were masked. */
function scanSecrets(
  emulator: IdentityCenterEmulator,
  plans: readonly Record<string, string>[],
  results: readonly ActionResult[],
  extra: readonly string[] = [],
): void {
  for (const [index, result] of results.entries()) {
    const secrets = [...secretInputs(plans[index] ?? {}), ...issuedTo(result, emulator), ...extra];
    if (!result.failed) expectMaskedBeforeUse(result, scannable(secrets));
    tally.scan(result, [...secrets, ...emulator.issuedSecrets()]);
  }
}

function reportLine(scenario: string, measured: Measured, extra: string): void {
  const { results, requests, wallMs } = measured;
  const ok = results.filter((result) => !result.failed).length;
  const throttled = requests.filter((request) => request.throttled);
  const slowest = Math.max(...results.map((result) => result.durationMs));
  const tokenThrottled = throttled.filter((r) => r.path === '/token').length;
  report(
    `load ${scenario}: ${ok}/${RUNS} ok in ${seconds(wallMs)} (slowest run ${seconds(slowest)}), ` +
      `rate=${RATE_LIMIT.requestsPerSecond}/s burst=${RATE_LIMIT.burst}, requests=${requests.length}, ` +
      `throttled=${throttled.length} (CreateToken ${tokenThrottled}, GetRoleCredentials ${throttled.length - tokenThrottled}), ` +
      `${extra} timeouts=${timeoutsOf(results)} ${tally}`,
  );
}

function expectAllSucceeded(emulator: IdentityCenterEmulator, results: readonly ActionResult[]) {
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
}

/**
 * Every failed attempt was a throttled one or one that timed out on the client, and each was
 * retried and logged. Exact when nothing timed out; a timed-out attempt may have been served or
 * throttled by the emulator after the client gave up on it, so each timeout widens the bounds by
 * one and nothing else does.
 */
function expectEveryRetryAccountedFor(measured: Measured, served: number): void {
  const { results, requests } = measured;
  const throttled = requests.filter((request) => request.throttled).length;
  const timeouts = timeoutsOf(results);
  const lines = results.flatMap((result) => retryLines(result));
  const throttling = lines.filter((line) =>
    /TooManyRequestsException|SlowDownException/.test(line.cause),
  );
  expect(
    lines.filter((line) => !throttling.includes(line) && !/requestTimeout/.test(line.cause)),
  ).toEqual([]);
  expect(
    requests
      .filter((request) => request.throttled)
      .every((request) => request.status === (request.path === '/token' ? 400 : 429)),
  ).toBe(true);
  // each throttled answer a run read came from a throttled request, and the other way round
  expect(throttling.length).toBeLessThanOrEqual(throttled);
  expect(throttled).toBeLessThanOrEqual(throttling.length + timeouts);
  // the calls that went through, plus those served after the client had given up on them
  expect(requests.length - throttled).toBeGreaterThanOrEqual(served);
  expect(requests.length - throttled).toBeLessThanOrEqual(served + timeouts);
}

test(
  `matrix with a token handoff: one CreateToken, then ${RUNS} concurrent runs against ${RATE_LIMIT.requestsPerSecond} requests/second`,
  async () => {
    await withEmulator(
      async (emulator) => {
        emulator.setRateLimit(RATE_LIMIT);
        const session = emulator.seedSession();
        const list = await runAgainst(emulator, tokenInputs(session), {
          actionYml: 'list-accounts/action.yml',
          timeoutMs: HARNESS_TIMEOUT_MS,
        });
        if (list.failed)
          throw new Error(describeResult(list, { secrets: emulator.issuedSecrets() }));
        const listRequests = [...emulator.requests];
        const refreshes = listRequests.filter((r) => r.path === '/token' && !r.throttled);
        expect(refreshes).toHaveLength(1);
        // the service rotated the stored refresh token: a job that refreshed again would fail
        expect(emulator.isRefreshTokenValid(session.refreshToken ?? '')).toBe(false);
        const handoff = list.outputs['token-handoff'] ?? '';
        const entries = (JSON.parse(list.outputs.matrix ?? '') as { include: MatrixEntry[] })
          .include;
        expect(entries).toHaveLength(RUNS);

        const plans = entries.map((entry) => ({
          ...tokenInputs(session),
          'token-handoff': handoff,
          'account-id': entry['account-id'],
          'role-name': entry['role-name'],
        }));
        const measured = await runMatrix(emulator, plans);
        const { results, requests } = measured;
        const credentialCalls = requests.filter((r) => r.path === '/federation/credentials');
        const handedOver = new Set(
          credentialCalls.map((request) => request.headers['x-amz-sso_bearer_token'] ?? ''),
        );
        const mostAttempts = maxAttempts(credentialCalls, (r) => JSON.stringify(r.query));
        try {
          scanSecrets(emulator, plans, results, [...handedOver]);
          tally.scan(list, [...secretInputs(tokenInputs(session)), ...emulator.issuedSecrets()]);
        } finally {
          reportLine(
            'matrix+handoff',
            measured,
            `CreateToken=${requests.filter((r) => r.path === '/token').length} (list job ${refreshes.length}), ` +
              `max-attempts=${mostAttempts} (budget ${DEFAULT_RETRY_POLICY.maxAttempts})`,
          );
        }

        expectAllSucceeded(emulator, results);
        // not one refresh in the matrix: every run used the access token the list job minted
        expect(requests.filter((request) => request.path === '/token')).toEqual([]);
        const minted = listRequests
          .filter((request) => request.path === '/assignment/accounts')
          .map((request) => request.headers['x-amz-sso_bearer_token']);
        expect([...handedOver]).toEqual([...new Set(minted)]);
        for (const result of results) {
          expect(result.warnings).toEqual([]);
          expect(result.outputs).not.toHaveProperty('refresh-token');
        }
        // each matrix entry got its credentials exactly once
        const served = credentialCalls.filter((r) => r.status === 200);
        expect(served.map((r) => `${r.query.account_id}/${r.query.role_name}`).sort()).toEqual(
          entries.map((entry) => `${entry['account-id']}/${entry['role-name']}`).sort(),
        );
        expectEveryRetryAccountedFor(measured, RUNS);
        expect(mostAttempts).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxAttempts);
      },
      { accounts: MATRIX_ACCOUNTS },
    );
  },
  TEST_TIMEOUT_MS,
);

interface MatrixEntry {
  readonly 'account-id': string;
  readonly 'role-name': string;
}

test(
  `independent refreshes: ${RUNS} concurrent runs against ${RATE_LIMIT.requestsPerSecond} requests/second all succeed with the defaults`,
  async () => {
    await withEmulator(
      async (emulator) => {
        emulator.setRateLimit(RATE_LIMIT);
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
        const measured = await runMatrix(emulator, plans);
        const { results, requests } = measured;
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
        try {
          scanSecrets(emulator, plans, results);
        } finally {
          reportLine(
            'independent',
            measured,
            `max-attempts=${Math.max(mostForToken, mostForCredentials)} ` +
              `(CreateToken ${mostForToken}, GetRoleCredentials ${mostForCredentials}; budget ${DEFAULT_RETRY_POLICY.maxAttempts})`,
          );
        }

        expectAllSucceeded(emulator, results);
        // 32 CreateToken and 64 GetRoleCredentials went through
        expectEveryRetryAccountedFor(measured, RUNS / 2 + RUNS);
        expect(Math.max(mostForToken, mostForCredentials)).toBeLessThanOrEqual(
          DEFAULT_RETRY_POLICY.maxAttempts,
        );
      },
      { rotateRefreshTokens: false },
    );
  },
  TEST_TIMEOUT_MS,
);
